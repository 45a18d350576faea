import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from '../core/index.ts';
import { type Access, type AuthDeps, authorize, type CallerFor } from './auth.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
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

/** Readable field messages ("timezone is not a known IANA time zone", "limit must be at most 200"). */
function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
  const path = issue.path.map(String).join('.');
  let message = issue.message;
  switch (issue.code) {
    case 'invalid_type':
      message = issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
      break;
    case 'too_big':
      message =
        issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : issue.origin === 'string'
            ? `must be at most ${issue.maximum} characters`
            : `must be at most ${issue.maximum}`;
      break;
    case 'too_small':
      message =
        issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : issue.origin === 'string'
            ? Number(issue.minimum) <= 1
              ? 'must not be empty'
              : `must be at least ${issue.minimum} characters`
            : `must be at least ${issue.minimum}`;
      break;
    case 'invalid_value':
      message = `must be one of: ${issue.values.map(String).join(', ')}`;
      break;
    case 'unrecognized_keys':
      message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
      break;
  }
  return { path, message };
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Parses `input` or throws ValidationError (400 invalid_input) naming every bad field. */
export function parseInput<S extends Schema>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(describeIssue);
  const summary = issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues, { cause: result.error });
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
          const params = spec.params ? parseInput(spec.params, request.params, 'path') : undefined;
          const query = spec.query ? parseInput(spec.query, request.query ?? {}, 'query') : undefined;
          const body = spec.body
            ? parseInput(spec.body, request.body ?? {}, spec.bodyName ?? 'body')
            : undefined;
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
