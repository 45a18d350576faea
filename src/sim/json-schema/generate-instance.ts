import type { Lang } from '../prose.ts';
import type { Rng } from '../rng.ts';
import { anywhere, arbitraryString } from './arbitrary-string.ts';
import { numberValue } from './number-value.ts';
import {
  isSchemaObject,
  type JsonSchema,
  type JsonSchemaObject,
  mergeAllOf,
  num,
  resolveRef,
} from './schema-types.ts';
import { type StringContext, type StringHint, stringValue } from './string-value.ts';
import { ascendingTimes, timePropertyOfItems } from './time-of-day.ts';

export interface InstanceOptions {
  rng: Rng;
  /** Words of the user's message, echoed in free-text fields. */
  echo?: readonly string[];
  /** Language of the conversation (default 'en'); character-count hints produce Chinese in 'zh'. */
  lang?: Lang;
  /**
   * Schema-only: honour the schema's hard constraints and nothing else, as a guided-decoding server with a
   * weak model does. Descriptions, property names and `echo` are ignored; string lengths and array sizes
   * land anywhere within their bounds (often at the bounds); timed items are not put in order.
   */
  schemaOnly?: boolean;
}

export interface InstanceResult {
  value: unknown;
  /** Patterns for which no matching string could be generated (the value holds a best effort there). */
  unsupportedPatterns: string[];
}

interface Ctx extends StringContext {
  root: JsonSchema;
  depth: number;
  schemaOnly: boolean;
}

/** Without maxItems, a schema-only array holds up to this many items beyond minItems. */
const UNBOUNDED_EXTRA_ITEMS = 8;

const textValue = (s: JsonSchemaObject, ctx: Ctx, hint: StringHint) =>
  ctx.schemaOnly ? arbitraryString(s, ctx) : stringValue(s, ctx, hint);

/** Beyond this nesting depth optional parts are left out, so recursive schemas terminate. */
const SHALLOW_DEPTH = 6;
const MAX_DEPTH = 64;

const minimal = (ctx: Ctx) => ctx.depth >= SHALLOW_DEPTH;
const deeper = (ctx: Ctx): Ctx => ({ ...ctx, depth: ctx.depth + 1 });

function isNullSchema(schema: JsonSchema, root: JsonSchema): boolean {
  const s = isSchemaObject(schema) && schema.$ref ? resolveRef(schema.$ref, root) : schema;
  return isSchemaObject(s) && (s.type === 'null' || s.const === null);
}

function chooseBranch(branches: JsonSchema[], ctx: Ctx): JsonSchema {
  const nonNull = branches.filter((b) => !isNullSchema(b, ctx.root));
  const nulls = branches.length - nonNull.length;
  if (nonNull.length === 0) return ctx.rng.pick(branches);
  if (nulls > 0 && (minimal(ctx) || ctx.rng.chance(0.15))) return { type: 'null' };
  return ctx.rng.pick(nonNull);
}

function inferType(s: JsonSchemaObject, ctx: Ctx): string {
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => typeof t === 'string');
    const nonNull = types.filter((t) => t !== 'null');
    if (nonNull.length === 0) return types.length > 0 ? 'null' : 'string';
    return types.length > nonNull.length && (minimal(ctx) || ctx.rng.chance(0.15))
      ? 'null'
      : ctx.rng.pick(nonNull);
  }
  if (typeof s.type === 'string') return s.type;
  if (s.properties || s.additionalProperties !== undefined || s.required) return 'object';
  if (s.items !== undefined || s.prefixItems) return 'array';
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
  return 'string';
}

function generate(schema: JsonSchema | undefined, ctx: Ctx, hint: StringHint): unknown {
  if (schema === undefined || schema === true) return textValue({}, ctx, hint);
  if (schema === false || !isSchemaObject(schema) || ctx.depth > MAX_DEPTH) return null;
  const description = schema.description ?? hint.description;
  const carried: StringHint = { ...hint, ...(description === undefined ? {} : { description }) };
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    const target = resolveRef($ref, ctx.root);
    const merged = isSchemaObject(target) ? { ...target, ...siblings } : (target ?? true);
    return generate(merged, deeper(ctx), carried);
  }
  if (Array.isArray(schema.allOf)) return generate(mergeAllOf(schema, ctx.root), ctx, carried);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return ctx.rng.pick(schema.enum);
  const branches = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (branches && branches.length > 0) {
    const { anyOf: _a, oneOf: _o, ...siblings } = schema;
    const branch = chooseBranch(branches, ctx);
    const resolved = isSchemaObject(branch) ? { ...siblings, ...branch } : branch;
    return generate(resolved, ctx, carried);
  }
  switch (inferType(schema, ctx)) {
    case 'object':
      return objectValue(schema, deeper(ctx));
    case 'array':
      return arrayValue(schema, deeper(ctx));
    case 'integer':
      return numberValue(schema, ctx.rng, true);
    case 'number':
      return numberValue(schema, ctx.rng, false);
    case 'boolean':
      return ctx.rng.chance(0.5);
    case 'null':
      return null;
    default:
      return textValue(schema, ctx, carried);
  }
}

function extraKey(s: JsonSchemaObject, ctx: Ctx, taken: Record<string, unknown>): string {
  for (let i = 0; i < 8; i++) {
    const key = isSchemaObject(s.propertyNames)
      ? String(generate({ type: 'string', ...s.propertyNames }, ctx, {}))
      : stringValue({ pattern: '^[a-z]{3,8}$' }, ctx);
    if (!(key in taken)) return key;
  }
  return `key${Object.keys(taken).length}`;
}

function objectValue(s: JsonSchemaObject, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isSchemaObject(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  for (const [name, property] of Object.entries(properties)) {
    if (required.has(name) || (!minimal(ctx) && ctx.rng.chance(0.7))) {
      out[name] = generate(property, ctx, { name });
    }
  }
  const extra = s.additionalProperties;
  const extraSchema = extra === undefined || extra === true ? true : extra;
  for (const name of required) {
    if (!(name in out)) out[name] = generate(extraSchema, ctx, { name });
  }
  const isRecord = Object.keys(properties).length === 0 && isSchemaObject(extra);
  const max = num(s.maxProperties) ?? Number.POSITIVE_INFINITY;
  let wanted = Math.max(num(s.minProperties) ?? 0, isRecord && !minimal(ctx) ? ctx.rng.int(1, 3) : 0);
  wanted = Math.min(wanted, max);
  // Fill up to minProperties with optional properties first, then additional ones when allowed.
  for (const [name, property] of Object.entries(properties)) {
    if (Object.keys(out).length >= wanted) break;
    if (!(name in out)) out[name] = generate(property, ctx, { name });
  }
  while (Object.keys(out).length < wanted && extra !== false) {
    const key = extraKey(s, ctx, out);
    out[key] = generate(extraSchema, ctx, { name: key });
  }
  return out;
}

/** Items do not inherit the array's description: it describes the list ("3-5 events"), not each item. */
function arrayValue(s: JsonSchemaObject, ctx: Ctx): unknown[] {
  const tuple = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
  const rest = Array.isArray(s.items) ? (s as { additionalItems?: JsonSchema }).additionalItems : s.items;
  const min = Math.max(0, num(s.minItems) ?? 0);
  const max = Math.max(min, num(s.maxItems) ?? Number.POSITIVE_INFINITY);
  let count: number;
  if (minimal(ctx)) count = min;
  else if (rest === false) count = Math.min(max, tuple.length);
  else if (ctx.schemaOnly) count = anywhere(ctx.rng, min, Math.min(max, min + UNBOUNDED_EXTRA_ITEMS));
  else count = ctx.rng.int(Math.max(min, Math.min(1, max)), Math.min(max, Math.max(min, 1) + 4));
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0, tries = 0; out.length < count && tries < count * 8 + 8; tries++) {
    const itemSchema = i < tuple.length ? tuple[i] : rest;
    const value = generate(itemSchema, ctx, {});
    if (s.uniqueItems === true) {
      const key = JSON.stringify(value);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(value);
    i++;
  }
  const window =
    ctx.schemaOnly || Array.isArray(s.items) ? undefined : timePropertyOfItems(s.items, ctx.root);
  if (window) {
    const objects = out.filter(isSchemaObject) as Record<string, unknown>[];
    const times = ascendingTimes(objects.length, ctx.rng, window);
    objects.forEach((item, i) => {
      item['time'] = times[i];
    });
  }
  return out;
}

/**
 * A JSON value that validates against `schema` (the subset zod 4 and the AI SDK produce): types, enum,
 * const, anyOf/oneOf/allOf, local $ref, required/properties/additionalProperties, item and length
 * limits, numeric ranges, formats and patterns. Arrays of objects with an "HH:MM" `time` property come
 * out in ascending time order within 07:00-22:00 (or the window the property's description names), like
 * a day's schedule.
 */
export function generateInstance(schema: JsonSchema, options: InstanceOptions): InstanceResult {
  const unsupported = new Set<string>();
  const ctx: Ctx = {
    rng: options.rng,
    root: schema,
    echo: options.echo ?? [],
    lang: options.lang ?? 'en',
    unsupported,
    depth: 0,
    schemaOnly: options.schemaOnly ?? false,
  };
  const value = generate(schema, ctx, {});
  return { value, unsupportedPatterns: [...unsupported] };
}
