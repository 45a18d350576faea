import { NotFoundError } from '../../core/index.ts';
import { exportMemories } from '../../memory/index.ts';
import { createUser, getUser, listPets, setTrainingConsent, updateUser } from '../../profiles/index.ts';
import type { ServerContext } from '../context.ts';
import {
  erasedResponse,
  exportResponse,
  recoveryCodeResponse,
  revokedResponse,
  revokeTokenBody,
  signupResponse,
  tokenBody,
  tokenIdParams,
  tokenResponse,
  tokensResponse,
  userIdParams,
  userPatchBody,
  userProfileBody,
  userResponse,
} from '../schemas.ts';
import { issueRecoveryCode, issueToken, revokeToken, tokenExpiry } from '../tokens.ts';
import { dayView, petView, sessionView, tokenView, userView } from '../views.ts';
import { reflectionView } from './reflections.ts';

const FIRST_DATE = '0001-01-01';
const LAST_DATE = '9999-12-31';

/** Users: signup (operator, or open signup), the caller's profile, export and erasure, and tokens. */
const definedOnly = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function registerUserRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const tokenDeps = { tokens: rt.store.tokens, clock: rt.clock, ids: rt.ids };

  router.route({
    method: 'POST',
    url: '/api/v1/users',
    operationId: 'createUser',
    tag: 'users',
    summary: 'Create a user and a first token',
    description:
      'Needs the operator key, unless the server runs with open signup (`ipet up`). The token and the ' +
      'recovery code (which signs the user in from another browser: POST /api/v1/session) are shown only ' +
      'in this response.',
    access: 'signup',
    body: userProfileBody,
    bodyName: 'user profile',
    status: 201,
    response: signupResponse,
    async handler({ body }) {
      const user = await createUser({ users: rt.store.users, clock: rt.clock, ids: rt.ids }, body);
      const token = await issueToken(tokenDeps, user.id, 'signup');
      const recoveryCode = await issueRecoveryCode(tokenDeps, user.id);
      return { id: user.id, user: userView(user), token, recoveryCode };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/users/:id/tokens',
    operationId: 'createToken',
    tag: 'users',
    summary: 'Issue another bearer token for a user (operator)',
    access: 'operator',
    params: userIdParams,
    body: tokenBody,
    status: 201,
    response: tokenResponse,
    async handler({ params, body }) {
      const expiresAt = tokenExpiry(rt.clock.now(), body.expiresIn);
      const user = await getUser({ users: rt.store.users }, params.id);
      const token = await issueToken(tokenDeps, user.id, body.label ?? null, expiresAt);
      return { token, expiresAt: expiresAt?.toISOString() ?? null };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/me',
    operationId: 'getMe',
    tag: 'users',
    summary: "The caller's profile",
    access: 'user',
    response: userResponse,
    async handler({ caller }) {
      return { user: userView(caller.user) };
    },
  });

  router.route({
    method: 'PATCH',
    url: '/api/v1/me',
    operationId: 'updateMe',
    tag: 'users',
    summary: "Change the caller's profile (fields left out keep their value)",
    description:
      '`trainingConsent` opts the caller in (true) or out (false) of their conversations being used as ' +
      'training data; `trainingConsentAt` in the response says when it last changed.',
    access: 'user',
    body: userPatchBody,
    bodyName: 'user profile',
    response: userResponse,
    async handler({ caller, body }) {
      const deps = { users: rt.store.users, clock: rt.clock };
      const { trainingConsent, proactive, ...rest } = body;
      // Preferences left out keep their value (the profile schema would reset them to their defaults).
      const patch = proactive
        ? { ...rest, proactive: { ...caller.user.proactive, ...definedOnly(proactive) } }
        : rest;
      let user = await updateUser(deps, caller.user.id, patch);
      if (trainingConsent !== undefined)
        user = await setTrainingConsent(deps, caller.user.id, trainingConsent);
      return { user: userView(user) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/me/export',
    operationId: 'exportMe',
    tag: 'users',
    summary: 'Everything stored about the caller',
    description: 'Profile, pets, chat sessions with their messages, memories (superseded ones too) and days.',
    access: 'user',
    response: exportResponse,
    async handler({ caller, reply }) {
      const { user } = caller;
      const now = rt.clock.now();
      const pets = await listPets({ pets: rt.store.pets }, user.id);
      const sessions = [];
      const days = [];
      for (const pet of pets) {
        for (const session of await rt.store.chats.listSessions(user.id, pet.id)) {
          sessions.push(sessionView(session, await rt.store.chats.listMessages(session.id)));
        }
        for (const day of await rt.store.worlds.listDays(pet.id, FIRST_DATE, LAST_DATE)) {
          days.push(dayView(day, now, user.timezone));
        }
      }
      const memories = await exportMemories({ memories: rt.store.memories }, { userId: user.id, now });
      reply.header('content-disposition', `attachment; filename="ipet-export-${user.id}.json"`);
      return {
        exportedAt: now.toISOString(),
        user: userView(user),
        pets: pets.map(petView),
        sessions,
        memories,
        days,
        proactiveMessages: (await rt.store.proactive.list({ userId: user.id, limit: 100_000 })).map(
          ({ userId: _u, ...m }) => ({
            ...m,
            dueAt: m.dueAt.toISOString(),
            createdAt: m.createdAt.toISOString(),
            deliveredAt: m.deliveredAt?.toISOString() ?? null,
            readAt: m.readAt?.toISOString() ?? null,
          }),
        ),
        reflections: (
          await Promise.all(
            pets.map(async (pet) =>
              (
                await rt.store.reflections.list({ petId: pet.id, userId: user.id, limit: 100_000 })
              ).map((r) => ({
                ...reflectionView(r),
                petId: pet.id,
              })),
            ),
          )
        ).flat(),
      };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/me/tokens',
    operationId: 'createMyToken',
    tag: 'users',
    summary: 'Issue the caller another bearer token (for other apps, e.g. an OpenAI client on /v1)',
    description:
      'The token is shown only in this response; `expiresIn` (e.g. `30d`) makes it stop working then. ' +
      'Revoke it with DELETE /api/v1/me/tokens/:tokenId (ids from GET /api/v1/me/tokens).',
    access: 'user',
    body: tokenBody,
    status: 201,
    response: tokenResponse,
    async handler({ caller, body }) {
      const expiresAt = tokenExpiry(rt.clock.now(), body.expiresIn);
      const token = await issueToken(tokenDeps, caller.user.id, body.label ?? 'other apps', expiresAt);
      return { token, expiresAt: expiresAt?.toISOString() ?? null };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/me/recovery-code',
    operationId: 'regenerateRecoveryCode',
    tag: 'users',
    summary: 'Give the caller a new recovery code (the previous one stops working)',
    description: 'The code is shown only in this response. Sessions already signed in stay signed in.',
    access: 'user',
    response: recoveryCodeResponse,
    async handler({ caller }) {
      return { recoveryCode: await issueRecoveryCode(tokenDeps, caller.user.id) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/me/tokens',
    operationId: 'listMyTokens',
    tag: 'users',
    summary: "The caller's tokens: labels, dates and which one this request used (never the secrets)",
    access: 'user',
    response: tokensResponse,
    async handler({ caller }) {
      const now = rt.clock.now();
      const tokens = await rt.store.tokens.list(caller.user.id);
      return { tokens: tokens.map((t) => tokenView(t, now, caller.tokenHash)) };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/me/tokens/:tokenId',
    operationId: 'revokeMyTokenById',
    tag: 'users',
    summary: "Revoke one of the caller's tokens by its id",
    access: 'user',
    params: tokenIdParams,
    response: revokedResponse,
    async handler({ caller, params }) {
      if (!(await rt.store.tokens.revokeById(caller.user.id, params.tokenId))) {
        throw new NotFoundError('token', params.tokenId);
      }
      return { revoked: true as const };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/me/tokens',
    operationId: 'revokeMyToken',
    tag: 'users',
    summary: "Revoke one of the caller's tokens (given the token itself)",
    access: 'user',
    body: revokeTokenBody,
    response: revokedResponse,
    async handler({ caller, body }) {
      if (!(await revokeToken({ tokens: rt.store.tokens }, caller.user.id, body.token))) {
        throw new NotFoundError('token', 'given');
      }
      return { revoked: true as const };
    },
  });

  router.route({
    method: 'DELETE',
    url: '/api/v1/me',
    operationId: 'eraseMe',
    tag: 'users',
    summary: 'Erase the caller: profile, pets, chats, memories, days and tokens',
    access: 'user',
    response: erasedResponse,
    async handler({ caller }) {
      if (!(await rt.store.users.erase(caller.user.id))) throw new NotFoundError('user', caller.user.id);
      return { erased: true as const };
    },
  });
}
