import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../core/ports/store.ts';
import { createErrorHandler } from './errors.ts';

export interface ServerDeps {
  store: Store;
  logger: Logger;
  version: string;
  /** Largest accepted request body. */
  bodyLimitBytes?: number;
}

/**
 * The HTTP service. Handlers are thin: they validate, call domain functions and map errors in one place.
 * Tested in-process with `app.inject()`.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimitBytes ?? 256 * 1024 });
  app.setErrorHandler(createErrorHandler(deps.logger));

  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.store.ping();
      return { ok: true, version: deps.version, store: deps.store.kind };
    } catch {
      return reply.status(503).send({ ok: false, version: deps.version, store: deps.store.kind });
    }
  });

  return app;
}
