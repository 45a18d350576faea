/**
 * @module server
 * ipet's HTTP service: REST under /api/v1, an OpenAI-compatible surface under /v1, /healthz, /metrics and
 * /api/openapi.json. See README.md in this folder for routes, shapes and the auth model.
 */
export { buildServer, type ServerDeps } from './app.ts';
export type { Access, Caller } from './auth.ts';
export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits.ts';
export { hashToken, issueToken, revokeToken } from './tokens.ts';
