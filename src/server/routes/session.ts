import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/index.ts';
import { CSRF_HEADER, cookieOf, requireCsrfHeader, SESSION_COOKIE } from '../auth.ts';
import type { ServerContext } from '../context.ts';
import { sessionBody, sessionResponse, signedOutResponse } from '../schemas.ts';
import { hashRecoveryCode, hashToken, issueToken, secretsEqual } from '../tokens.ts';
import { UnauthorizedError } from '../unauthorized-error.ts';
import { userView } from '../views.ts';

/** How long a browser session lasts (it is a user token labelled `web session` that expires). */
export const SESSION_DAYS = 30;
const SESSION_LABEL = 'web session';
const FAILED = 'that recovery code did not work: check it and try again';

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // Behind a TLS-terminating proxy the request arrives as http: its X-Forwarded-Proto says what the browser
  // used (a forged one only changes the flag of the cookie its own sender gets).
  const forwarded = String(request.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim()
    .toLowerCase();
  const secure = request.protocol === 'https' || forwarded === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function clearCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', sessionCookie(request, '', 0));
}

/**
 * The web app's sessions: `POST /api/v1/session` signs in with a recovery code (or exchanges a user token
 * of an earlier install) and sets the HttpOnly session cookie; `DELETE /api/v1/session` revokes the
 * session and clears the cookie. Both need the `x-ipet-csrf: 1` header, like every unsafe request of a
 * browser session.
 */
export function registerSessionRoutes(ctx: ServerContext): void {
  const { rt, router, limits } = ctx;
  const tokenDeps = { tokens: rt.store.tokens, clock: rt.clock, ids: rt.ids };

  router.route({
    method: 'POST',
    url: '/api/v1/session',
    operationId: 'signIn',
    tag: 'users',
    summary: 'Sign in from a browser with a recovery code (sets the HttpOnly session cookie)',
    description:
      `Body: \`{ recoveryCode }\` (or \`{ token }\`, a user token of the web app's earlier installs). Needs the ` +
      `header \`${CSRF_HEADER}: 1\`. Attempts are rate-limited per client address and per code (429); a ` +
      `wrong code answers 401 with the same message whatever was wrong. The cookie is HttpOnly, ` +
      `SameSite=Lax, Secure on https, and lasts ${SESSION_DAYS} days.`,
    access: 'public',
    body: sessionBody,
    bodyName: 'sign-in',
    response: sessionResponse,
    async handler({ body, request, reply }) {
      requireCsrfHeader(request);
      const given = [body.recoveryCode, body.token].filter((v) => v !== undefined);
      if (given.length !== 1) {
        const message = 'send either recoveryCode or token';
        throw new ValidationError(`invalid sign-in: ${message}`, [{ path: 'recoveryCode', message }]);
      }
      let userId: string;
      let user: Parameters<typeof userView>[0];
      if (body.recoveryCode !== undefined) {
        const hash = hashRecoveryCode(body.recoveryCode);
        await limits.signin(request.ip, hash);
        const found = await rt.store.tokens.findByRecoveryHash(hash);
        if (!found || !secretsEqual(hash, found.recoveryCodeHash)) throw new UnauthorizedError(FAILED);
        ({ user } = found);
        userId = user.id;
      } else {
        // A token is 256 random bits: not guessable, so its exchange is not counted against sign-in attempts.
        const hash = hashToken(body.token!.trim());
        const found = await rt.store.tokens.findUser(hash, rt.clock.now());
        if (!found) throw new UnauthorizedError('that token did not work: sign in with your recovery code');
        user = found;
        userId = user.id;
      }
      const expiresAt = new Date(rt.clock.now().getTime() + SESSION_DAYS * 86_400_000);
      const secret = await issueToken(tokenDeps, userId, SESSION_LABEL, expiresAt);
      reply.header('set-cookie', sessionCookie(request, secret, SESSION_DAYS * 86_400));
      reply.header('cache-control', 'no-store');
      return { user: userView(user) };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/session',
    operationId: 'signOut',
    tag: 'users',
    summary: "Sign out: revokes this browser's session and clears its cookie",
    description: `Needs the header \`${CSRF_HEADER}: 1\`. Without a session it only clears the cookie.`,
    access: 'public',
    response: signedOutResponse,
    async handler({ request, reply }) {
      requireCsrfHeader(request);
      const session = cookieOf(request, SESSION_COOKIE);
      if (session !== null) {
        const user = await rt.store.tokens.findUser(hashToken(session), rt.clock.now());
        if (user) await rt.store.tokens.revoke(user.id, hashToken(session));
      }
      clearCookie(request, reply);
      return { signedOut: true as const };
    },
  });
}
