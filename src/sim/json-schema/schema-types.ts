/**
 * The JSON Schema keywords the simulator reads (draft-07 and 2020-12 as produced by zod 4's toJSONSchema
 * and by the AI SDK). Schemas arrive over the wire, so every reader checks the runtime type of a keyword.
 */
export type JsonSchema = boolean | JsonSchemaObject;

export interface JsonSchemaObject {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
}

export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Resolves a local reference ("#", "#/$defs/Name", "#/definitions/Name", any JSON pointer into the root). */
export function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchemaObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'boolean' || isSchemaObject(node) ? node : undefined;
}

/** Follows `$ref`s (bounded) to the schema that carries keywords. */
export function deref(schema: JsonSchema, root: JsonSchema, hops = 16): JsonSchema {
  let current = schema;
  for (let i = 0; i < hops && isSchemaObject(current) && typeof current.$ref === 'string'; i++) {
    current = resolveRef(current.$ref, root) ?? true;
  }
  return current;
}

/** Simple `allOf`: properties and required are unioned, other keywords taken from the first that sets them. */
export function mergeAllOf(schema: JsonSchemaObject, root: JsonSchema): JsonSchemaObject {
  const { allOf, ...rest } = schema;
  const merged: JsonSchemaObject = { ...rest };
  for (const part of allOf ?? []) {
    const sub = deref(part, root);
    if (!isSchemaObject(sub)) continue;
    const flat = sub.allOf ? mergeAllOf(sub, root) : sub;
    for (const [key, value] of Object.entries(flat)) {
      if (key === 'properties' && isSchemaObject(value)) {
        merged.properties = { ...(value as Record<string, JsonSchema>), ...merged.properties };
      } else if (key === 'required' && Array.isArray(value)) {
        merged.required = [...new Set([...(merged.required ?? []), ...(value as string[])])];
      } else if (!(key in merged)) {
        (merged as Record<string, unknown>)[key] = value;
      }
    }
  }
  return merged;
}
