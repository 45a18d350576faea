/**
 * @module server
 * ipet's HTTP service: REST under /api/v1, an OpenAI-compatible surface under /v1, /healthz, /metrics and
 * /api/openapi.json. See README.md in this folder for routes, shapes and the auth model.
 */

/** The API's request and response shapes as types (the web app's only view of the server; type-only). */
export type * as Api from './api-types.ts';
export { buildServer, type ServerDeps } from './app.ts';
export type { Access, Caller } from './auth.ts';
export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits.ts';
export { hashToken, issueToken, parseTokenLifetime, revokeToken, tokenExpiry } from './tokens.ts';
