import type { FastifyRequest } from 'fastify';
import type { Clock, TokenRepository, User } from '../core/index.ts';
import { ForbiddenError } from './forbidden-error.ts';
import { hashToken, secretsEqual } from './tokens.ts';
import { UnauthorizedError } from './unauthorized-error.ts';

/**
 * Who is calling. A bearer credential is either the operator key (administration: users, tokens, metrics)
 * or a user token (that user's pets, chats, days and memories, nothing else).
 */
export type UserCaller = {
  kind: 'user';
  user: User;
  /** Hash of the token or session used ('' for the trusted header). */
  tokenHash: string;
  /** How the caller signed in: a bearer token, the web app's session cookie, or the operator's trusted header. */
  via?: 'bearer' | 'cookie' | 'header';
};

/** The web app's session cookie (HttpOnly; a session is a user token labelled as one). */
export const SESSION_COOKIE = 'ipet_session';
/**
 * Unsafe requests (POST, PUT, PATCH, DELETE) signed in by the cookie or the trusted header must carry
 * `x-ipet-csrf: 1`: a cross-site form or image cannot set a custom header, and a cross-site script cannot
 * either without a CORS preflight, which the server never grants.
 */
export const CSRF_HEADER = 'x-ipet-csrf';
export type OperatorCaller = { kind: 'operator' };
export type Caller = { kind: 'anonymous' } | OperatorCaller | UserCaller;

/**
 * What a route asks of its caller. `signup`: the operator, or anyone when the server runs with open signup
 * (`ipet up` on localhost). `owner` (the machine's settings): the operator, or - with open signup - a
 * signed-in user whose connection comes from this machine (loopback).
 */
export type Access = 'public' | 'user' | 'operator' | 'signup' | 'owner';

export type CallerFor<A extends Access> = A extends 'user'
  ? UserCaller
  : A extends 'operator'
    ? OperatorCaller
    : A extends 'owner'
      ? OperatorCaller | UserCaller
      : Caller;

export interface AuthDeps {
  tokens: Pick<TokenRepository, 'findUser'>;
  clock: Clock;
  /** The operator key; null disables operator access. */
  adminKey: string | null;
  openSignup: boolean;
  /** The operator's trusted header naming the user (lower case); null/absent: none is honoured. */
  trustedUserHeader?: string | null;
  /** The user an external identity maps to, created on first sight (needed with `trustedUserHeader`). */
  externalUser?: (externalId: string) => Promise<User>;
}

type AuthRequest = Pick<FastifyRequest, 'headers'> & { ip?: string; method?: string };

/** The value of a cookie in the request's Cookie header, or null. */
export function cookieOf(request: Pick<FastifyRequest, 'headers'>, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' || value.length > 512 ? null : value;
    }
  }
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses an unsafe request without the CSRF header (for callers signed in by the browser itself). */
export function requireCsrfHeader(request: AuthRequest): void {
  if (request.method !== undefined && SAFE_METHODS.has(request.method.toUpperCase())) return;
  if (request.headers[CSRF_HEADER] !== '1') {
    throw new ForbiddenError(`a request signed in by a cookie must send the header ${CSRF_HEADER}: 1`);
  }
}

/** The caller named by the session cookie or the trusted header, when no bearer credential was sent. */
async function browserCaller(deps: AuthDeps, request: AuthRequest): Promise<Caller> {
  const header = deps.trustedUserHeader ? request.headers[deps.trustedUserHeader] : undefined;
  if (deps.trustedUserHeader && deps.externalUser && typeof header === 'string' && header.trim() !== '') {
    const externalId = header.trim();
    if (externalId.length > 256) throw new UnauthorizedError('the trusted user header is too long');
    requireCsrfHeader(request);
    return { kind: 'user', user: await deps.externalUser(externalId), tokenHash: '', via: 'header' };
  }
  const session = cookieOf(request, SESSION_COOKIE);
  if (session === null) return { kind: 'anonymous' };
  const tokenHash = hashToken(session);
  const user = await deps.tokens.findUser(tokenHash, deps.clock.now());
  if (!user) throw new UnauthorizedError('the session has ended: sign in again');
  requireCsrfHeader(request);
  return { kind: 'user', user, tokenHash, via: 'cookie' };
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The bearer credential of the request: null when there is none, UnauthorizedError when it is malformed. */
export function bearerOf(request: Pick<FastifyRequest, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return null;
  const match = BEARER.exec(header);
  if (!match?.[1] || match[1].length > 512) {
    throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
  }
  return match[1];
}

export async function identify(deps: AuthDeps, secret: string | null): Promise<Caller> {
  if (secret === null) return { kind: 'anonymous' };
  if (deps.adminKey !== null && secretsEqual(secret, deps.adminKey)) return { kind: 'operator' };
  const tokenHash = hashToken(secret);
  const user = await deps.tokens.findUser(tokenHash, deps.clock.now());
  if (!user) throw new UnauthorizedError('the token is not valid (revoked, or the user was erased)');
  return { kind: 'user', user, tokenHash, via: 'bearer' };
}

/** Identifies the caller and checks it may use a route with this access; throws 401/403 errors. */
export async function authorize<A extends Access>(
  deps: AuthDeps,
  request: AuthRequest,
  access: A,
): Promise<CallerFor<A>> {
  if (access === 'public' || (access === 'signup' && deps.openSignup)) {
    return { kind: 'anonymous' } as CallerFor<A>;
  }
  const bearer = bearerOf(request);
  const caller = bearer === null ? await browserCaller(deps, request) : await identify(deps, bearer);
  if (caller.kind === 'anonymous') {
    throw new UnauthorizedError(
      access === 'operator' || access === 'signup'
        ? 'this route needs the operator key (Authorization: Bearer <IPET_ADMIN_KEY>)'
        : 'this route needs a user token (Authorization: Bearer <token>)',
      deps.adminKey === null && access !== 'user'
        ? { hint: 'the server has no operator key: set IPET_ADMIN_KEY and restart it' }
        : {},
    );
  }
  if (access === 'owner') {
    if (caller.kind === 'operator') return caller as CallerFor<A>;
    if (deps.openSignup && isLoopback(request.ip)) return caller as CallerFor<A>;
    throw new ForbiddenError(
      deps.openSignup
        ? 'only someone on the computer that runs ipet (or the operator key) may change its settings'
        : 'this route needs the operator key',
    );
  }
  if (access === 'user' && caller.kind !== 'user') {
    throw new ForbiddenError('this route acts for a user: call it with a user token, not the operator key');
  }
  if ((access === 'operator' || access === 'signup') && caller.kind !== 'operator') {
    throw new ForbiddenError('this route needs the operator key');
  }
  return caller as CallerFor<A>;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
