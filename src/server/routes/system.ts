import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { openApiDocument } from '../openapi.ts';

/** Health, metrics and the API description. */
export function registerSystemRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;

  router.route({
    method: 'GET',
    url: '/healthz',
    operationId: 'health',
    tag: 'system',
    summary: 'Liveness and store reachability (no auth)',
    access: 'public',
    response: z.object({
      ok: z.boolean(),
      version: z.string(),
      store: z.enum(['pglite', 'postgres', 'memory']),
    }),
    async handler({ reply }) {
      const body = { version: ctx.version, store: rt.store.kind };
      try {
        await rt.store.ping();
        return { ok: true, ...body };
      } catch {
        return reply.status(503).send({ ok: false, ...body });
      }
    },
  });

  router.route({
    method: 'GET',
    url: '/metrics',
    operationId: 'metrics',
    tag: 'system',
    summary: 'Prometheus metrics (operator key)',
    access: 'operator',
    produces: { type: 'text/plain', description: 'Prometheus text exposition format 0.0.4' },
    async handler({ reply }) {
      return reply
        .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
        .send(await ctx.metrics.render(rt.models));
    },
  });

  router.route({
    method: 'GET',
    url: '/api/openapi.json',
    operationId: 'openapi',
    tag: 'system',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    produces: { type: 'application/json', description: 'an OpenAPI 3.1 document' },
    async handler() {
      return openApiDocument(router.specs(), { version: ctx.version });
    },
  });
}
