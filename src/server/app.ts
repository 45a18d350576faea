import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { countersFor, type ModelSettingsService, type Runtime } from '../app/index.ts';
import { ConflictError, NotFoundError, type User } from '../core/index.ts';
import { type NightlyQueue, openNightlyQueue } from '../jobs/index.ts';
import { summarizeNight } from '../nightly/index.ts';
import { createUser } from '../profiles/index.ts';
import { jobQueueDatabase } from '../store/index.ts';
import { clientErrorHandler } from './client-errors.ts';
import type { ServerContext } from './context.ts';
import { createErrorHandler, INTERNAL_ERROR, sendError, toHttpError } from './errors.ts';
import { createMetrics } from './metrics.ts';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits.ts';
import { createRouter, type Router } from './route.ts';
import { acceptCardFiles, registerCardRoutes } from './routes/cards.ts';
import { registerChatRoutes } from './routes/chat.ts';
import { registerDayRoutes } from './routes/days.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerMemoryRoutes } from './routes/memories.ts';
import { type NightlyStatusSource, registerNightlyRoutes } from './routes/nightly.ts';
import { registerOpenAiRoutes } from './routes/openai.ts';
import { registerPetRoutes } from './routes/pets.ts';
import { acceptPortraitFiles, registerPortraitRoutes } from './routes/portraits.ts';
import { registerProactiveRoutes } from './routes/proactive.ts';
import { registerReflectionRoutes } from './routes/reflections.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerUserRoutes } from './routes/users.ts';
import { type ServerTimeouts, timeoutOptions } from './timeouts.ts';
import { createTurnsInFlight } from './turns-in-flight.ts';

export interface ServerDeps {
  runtime: Runtime;
  version: string;
  /** Anyone may create a user (and get a token) without the operator key: `ipet up` on localhost. */
  openSignup?: boolean;
  /** The operator key; default the runtime's (IPET_ADMIN_KEY). Null: no operator access. */
  adminKey?: string | null;
  /**
   * A header naming the signed-in user, set by the operator's authenticating proxy; default the runtime's
   * (IPET_TRUSTED_USER_HEADER). Null: no such header is honoured.
   */
  trustedUserHeader?: string | null;
  /** Largest accepted request body (default 256 KiB; chat routes have their own limits). */
  bodyLimitBytes?: number;
  rateLimits?: Partial<RateLimitSettings>;
  /** Clock of the rate limiters: real time, even when the runtime's clock is fixed by IPET_NOW. */
  now?: () => Date;
  /** Nightly batch status (`/api/v1/nightly/status`); default: read from the nightly queue, opened on first use. */
  nightlyStatus?: NightlyStatusSource;
  /** Serves the built web app from this directory; unknown non-API GET paths get its index.html. */
  webRoot?: string;
  /** The model settings page's service (`/api/v1/settings/model`); without it those routes answer 404. */
  modelSettings?: ModelSettingsService;
  /** Header, request, idle and keep-alive timeouts of the HTTP server (defaults: DEFAULT_SERVER_TIMEOUTS). */
  timeouts?: Partial<ServerTimeouts>;
  /**
   * Closing the server lets chat turns in flight finish for this long (default 20 s), then aborts the rest
   * (their replies stored as failed, resumable with the same key) and waits for them to write that.
   */
  shutdownGraceMs?: number;
}

/** How long closing the server waits for chat turns in flight by default. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;

/**
 * The HTTP service. Handlers are thin: they validate with zod, call domain functions and map errors in one
 * place (errors.ts). Tested in-process with `app.inject()`. Closing the app waits for background memory
 * extraction; closing the runtime is the caller's job.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const rt = deps.runtime;
  const app = Fastify({
    logger: false,
    bodyLimit: deps.bodyLimitBytes ?? 256 * 1024,
    ...timeoutOptions(deps.timeouts),
    // Errors Fastify raises before routing (a URL that does not decode) answer in the project's shape too.
    frameworkErrors: (error, request, reply) =>
      sendError(request, reply, toHttpError(error) ?? INTERNAL_ERROR),
    // And what Node's parser refuses before Fastify sees a request (a URL over 16 KiB, a timeout).
    clientErrorHandler,
  });
  const counters = countersFor(rt);
  const metrics = createMetrics(counters);
  const pending = new Set<Promise<unknown>>();
  const turns = createTurnsInFlight();
  const auth = {
    tokens: rt.store.tokens,
    clock: rt.clock,
    adminKey: deps.adminKey === undefined ? rt.config.adminKey : deps.adminKey,
    openSignup: deps.openSignup ?? false,
    trustedUserHeader:
      (deps.trustedUserHeader === undefined
        ? rt.config.trustedUserHeader
        : deps.trustedUserHeader
      )?.toLowerCase() ?? null,
    externalUser: (externalId: string) => externalUser(rt, externalId),
  };
  const router = createRouter(app, auth);
  const scopedRouters: Router[] = [];
  const ctx: ServerContext = {
    rt,
    router: {
      route: router.route,
      specs: () => [...router.specs(), ...scopedRouters.flatMap((r) => r.specs())],
    },
    limits: createRateLimits(
      {
        ...DEFAULT_RATE_LIMITS,
        chat: { capacity: rt.config.chatLimit.burst, refillPerMinute: rt.config.chatLimit.perMinute },
        ...deps.rateLimits,
      },
      {
        limits: rt.store.limits,
        now: deps.now ?? (() => new Date()),
        onLimited: (scope) => metrics.rateLimited(scope),
      },
    ),
    metrics,
    version: deps.version,
    openSignup: auth.openSignup,
    track(work) {
      const settled = work.catch(() => {}).finally(() => pending.delete(settled));
      pending.add(settled);
    },
    turns,
  };

  app.setErrorHandler(createErrorHandler(rt.logger));
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
  });
  // Shutdown, in order: new requests are refused (503) from here; the chat turns in flight finish, or are
  // aborted cleanly after the grace period; then the listener closes and the background work is awaited.
  app.addHook('preClose', async () => {
    const drained = await turns.drain({ graceMs: deps.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS });
    if (drained.aborted > 0) {
      rt.logger.warn('chat turns cut off by the shutdown (their replies are stored as failed)', drained);
    }
  });
  app.addHook('onClose', async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    // The last counts join the shared /metrics counters (the runtime closes after the server).
    await counters.close().catch((error) => rt.logger.warn('metrics: counters not flushed', { error }));
  });

  registerSystemRoutes(ctx);
  registerUserRoutes(ctx);
  registerSessionRoutes(ctx);
  registerPetRoutes(ctx);
  // Card files arrive as raw PNG or JSON bytes: their body parsers apply to the card routes only.
  app.register(async (scope) => {
    acceptCardFiles(scope);
    const cardRouter = createRouter(scope, auth);
    scopedRouters.push(cardRouter);
    registerCardRoutes({ ...ctx, router: cardRouter });
  });
  // Portraits arrive as raw image bytes, on their own scope likewise.
  app.register(async (scope) => {
    acceptPortraitFiles(scope);
    const portraitRouter = createRouter(scope, auth);
    scopedRouters.push(portraitRouter);
    registerPortraitRoutes({ ...ctx, router: portraitRouter });
  });
  registerChatRoutes(ctx);
  registerDayRoutes(ctx);
  registerEventRoutes(ctx);
  registerMemoryRoutes(ctx);
  registerProactiveRoutes(ctx);
  registerReflectionRoutes(ctx);
  registerOpenAiRoutes(ctx);
  registerSettingsRoutes(ctx, deps.modelSettings ?? null);
  if (deps.nightlyStatus) registerNightlyRoutes(ctx, deps.nightlyStatus);
  else {
    const queue = lazyNightlyQueue(rt);
    registerNightlyRoutes(ctx, queue.status);
    app.addHook('onClose', queue.close);
  }

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(
      request,
      reply,
      toHttpError(new NotFoundError('route', `${request.method} ${request.url.split('?')[0]}`))!,
    );
  if (deps.webRoot) {
    app.register(fastifyStatic, { root: deps.webRoot, prefix: '/', index: 'index.html' });
    app.setNotFoundHandler((request, reply) =>
      wantsWebApp(request) ? reply.sendFile('index.html') : notFound(request, reply),
    );
  } else {
    app.setNotFoundHandler(notFound);
  }
  return app;
}

/**
 * The user an operator's external identity (trusted header) maps to: created on first sight, named after
 * the identity (the part before an @), linked by it afterwards.
 */
async function externalUser(rt: Runtime, externalId: string): Promise<User> {
  const known = await rt.store.tokens.findByExternalId(externalId);
  if (known) return known;
  const name = (externalId.split('@')[0] || externalId).slice(0, 60);
  const user = await createUser({ users: rt.store.users, clock: rt.clock, ids: rt.ids }, { name });
  try {
    await rt.store.tokens.linkExternalId(user.id, externalId);
    return user;
  } catch (error) {
    // Another request linked this identity first: use theirs, drop ours.
    if (!(error instanceof ConflictError)) throw error;
    await rt.store.users.erase(user.id);
    const winner = await rt.store.tokens.findByExternalId(externalId);
    if (!winner) throw error;
    return winner;
  }
}

/** The nightly queue (pg-boss on the store's database), opened on the first status request. */
function lazyNightlyQueue(rt: Runtime) {
  let opening: Promise<NightlyQueue> | null = null;
  const open = () => {
    opening ??= Promise.resolve()
      .then(() =>
        openNightlyQueue(
          { database: jobQueueDatabase(rt.store), logger: rt.logger },
          { tuning: { supervise: false } },
        ),
      )
      .catch((error) => {
        opening = null;
        throw error;
      });
    return opening;
  };
  return {
    status: async (dates: readonly string[]) =>
      summarizeNight(dates, await (await open()).jobsOf(dates), rt.clock.now()),
    close: async () => {
      if (opening) await (await opening.catch(() => null))?.close();
    },
  };
}

/** Client-side routes of the web app (`/pets/abc`) load its index.html; API paths never do. */
function wantsWebApp(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (/^\/(api|v1)(\/|$)/.test(path) || path === '/metrics' || path === '/healthz') return false;
  return (request.headers.accept ?? '').includes('text/html');
}
