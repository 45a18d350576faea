import { z } from 'zod';
import { isOpenAiRoute } from './errors.ts';
import type { AnyRouteSpec } from './route.ts';

/** OpenAPI 3.1 (JSON Schema 2020-12) from the routes' zod schemas: the document is the code's own view. */

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: propertySchema,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

const restError = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const openAiError = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        param: { type: ['string', 'null'] },
        code: { type: 'string' },
      },
      required: ['message', 'type', 'code'],
    },
  },
  required: ['error'],
};

function operation(spec: AnyRouteSpec): JsonSchema {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (spec.response) content['application/json'] = { schema: jsonSchema(spec.response, 'output') };
  if (spec.produces) {
    content[spec.produces.type] = {
      schema: spec.produces.schema ? jsonSchema(spec.produces.schema, 'output') : {},
    };
  }
  const errorRef = { $ref: `#/components/schemas/${isOpenAiRoute(spec.url) ? 'OpenAIError' : 'Error'}` };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security:
      spec.access === 'public' ? [] : spec.access === 'signup' ? [{ bearer: [] }, {}] : [{ bearer: [] }],
    'x-ipet-access': spec.access,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(spec.status ?? 200)]: {
        description: spec.produces?.description ?? 'success',
        ...(Object.keys(content).length ? { content } : {}),
      },
      default: {
        description: 'an error',
        content: { 'application/json': { schema: errorRef } },
      },
    },
  };
}

export function openApiDocument(specs: readonly AnyRouteSpec[], info: { version: string }) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = spec.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ipet',
      version: info.version,
      description:
        'Companion characters with memory and a simulated day. REST under /api/v1 (errors as ' +
        '`{ error: { code, message } }`; another user’s resources answer 404), and an OpenAI-compatible ' +
        'surface under /v1 where `model` is a pet id.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'a user token, or the operator key (IPET_ADMIN_KEY) for administration',
        },
      },
      schemas: { Error: restError, OpenAIError: openAiError },
    },
  };
}
