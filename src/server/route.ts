import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parseOrThrow } from '../core/index.ts';
import { type Access, type AuthDeps, authorize, type CallerFor } from './auth.ts';
import { checkInput } from './input-check.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType;

export interface RouteContext<A extends Access, P extends Schema, Q extends Schema, B extends Schema> {
  caller: CallerFor<A>;
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One route: what it accepts (zod schemas, which validate the request and document it), who may call it,
 * and what it answers. The same definition registers the Fastify handler and the OpenAPI operation, so the
 * document cannot drift from the code.
 */
export interface RouteSpec<A extends Access, P extends Schema, Q extends Schema, B extends Schema> {
  method: HttpMethod;
  /** Fastify syntax: `/api/v1/pets/:petId`. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** What the body is, for error messages ("invalid pet profile: name is required"). */
  bodyName?: string;
  /** Largest accepted body for this route (default: the server's). */
  bodyLimit?: number;
  /** Success status (default 200). */
  status?: number;
  /** The success body: a JSON schema, or another media type described in words. */
  response?: Schema;
  produces?: { type: string; description: string; schema?: Schema };
  /** Returns the JSON body, or `reply` itself when the handler sent the response (streams). */
  handler(ctx: RouteContext<A, P, Q, B>): Promise<unknown>;
}

export type AnyRouteSpec = RouteSpec<Access, Schema, Schema, Schema>;

/** Request input checked for what no route may pass on (NUL, lone surrogates, depth), then parsed. */
function parse<S extends Schema>(schema: S, input: unknown, what: string): z.output<S> {
  checkInput(input, what);
  return parseOrThrow(schema, input, what);
}

/** Registers routes on the app and remembers their specs for the OpenAPI document. */
export interface Router {
  route<
    A extends Access,
    P extends Schema = z.ZodUndefined,
    Q extends Schema = z.ZodUndefined,
    B extends Schema = z.ZodUndefined,
  >(spec: RouteSpec<A, P, Q, B>): void;
  specs(): readonly AnyRouteSpec[];
}

export function createRouter(app: FastifyInstance, auth: AuthDeps): Router {
  const specs: AnyRouteSpec[] = [];
  return {
    route(spec) {
      specs.push(spec as unknown as AnyRouteSpec);
      app.route({
        method: spec.method,
        url: spec.url,
        ...(spec.bodyLimit !== undefined ? { bodyLimit: spec.bodyLimit } : {}),
        handler: async (request, reply) => {
          const caller = await authorize(auth, request, spec.access);
          const params = spec.params ? parse(spec.params, request.params, 'path') : undefined;
          const query = spec.query ? parse(spec.query, request.query ?? {}, 'query') : undefined;
          const body = spec.body ? parse(spec.body, request.body ?? {}, spec.bodyName ?? 'body') : undefined;
          const ctx = { caller, params, query, body, request, reply };
          const result = await spec.handler(ctx as Parameters<typeof spec.handler>[0]);
          if (result === reply) return reply;
          reply.status(spec.status ?? 200);
          return result;
        },
      });
    },
    specs: () => specs,
  };
}
