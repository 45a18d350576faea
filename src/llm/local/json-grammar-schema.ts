import type { JSONSchema7Definition } from '@ai-sdk/provider';

/**
 * JSON Schema (as the AI SDK sends it, from zod) -> the subset node-llama-cpp turns into a grammar
 * (`GbnfJsonSchema`). `anyOf` becomes `oneOf`, `definitions` become `$defs`, numeric bounds and string
 * patterns are dropped (the answer is still validated against the full schema by the caller), and an
 * unconstrained schema becomes "any JSON value". Pure; returns a plain object.
 */
export function toGrammarSchema(schema: JSONSchema7Definition): Record<string, unknown> {
  return convert(schema, true);
}

const ANY_VALUE = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'array' },
    { type: 'object', additionalProperties: true },
  ],
};
const FORMATS = new Set(['date-time', 'time', 'date']);
const BASIC = new Set(['string', 'number', 'integer', 'boolean', 'null']);

function convert(definition: JSONSchema7Definition, root = false): Record<string, unknown> {
  if (definition === true) return ANY_VALUE;
  if (definition === false) return { type: 'null' };
  const schema = definition;
  const out: Record<string, unknown> = {};
  if (schema.description) out['description'] = schema.description;
  const defs = schema.$defs ?? schema.definitions;
  if (root && defs) {
    out['$defs'] = Object.fromEntries(Object.entries(defs).map(([key, value]) => [key, convert(value)]));
  }
  if (schema.$ref) return { ...out, $ref: schema.$ref.replace('#/definitions/', '#/$defs/') };
  if (schema.const !== undefined) return { ...out, const: schema.const };
  if (schema.enum) return { ...out, enum: schema.enum };
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return { ...out, oneOf: alternatives.map((alt: JSONSchema7Definition) => convert(alt)) };
  if (schema.allOf?.length === 1 && schema.allOf[0] !== undefined)
    return { ...out, ...convert(schema.allOf[0]) };

  const type = schema.type;
  if (Array.isArray(type)) {
    const basic = type.filter((t) => BASIC.has(t));
    if (basic.length === type.length) return { ...out, type: basic };
    return { ...out, oneOf: type.map((t) => convert({ ...schema, type: t })) };
  }
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length > 0) {
        out['properties'] = Object.fromEntries(properties.map(([key, value]) => [key, convert(value)]));
        if (schema.required) out['required'] = schema.required;
      }
      const additional = schema.additionalProperties;
      if (additional === undefined) out['additionalProperties'] = properties.length === 0;
      else out['additionalProperties'] = typeof additional === 'boolean' ? additional : convert(additional);
      if (schema.minProperties !== undefined) out['minProperties'] = schema.minProperties;
      if (schema.maxProperties !== undefined) out['maxProperties'] = schema.maxProperties;
      return { ...out, type: 'object' };
    }
    case 'array': {
      if (Array.isArray(schema.items))
        out['prefixItems'] = schema.items.map((item: JSONSchema7Definition) => convert(item));
      else if (schema.items !== undefined) out['items'] = convert(schema.items);
      if (schema.minItems !== undefined) out['minItems'] = schema.minItems;
      if (schema.maxItems !== undefined) out['maxItems'] = schema.maxItems;
      return { ...out, type: 'array' };
    }
    case 'string': {
      if (schema.format && FORMATS.has(schema.format))
        return { ...out, type: 'string', format: schema.format };
      if (schema.minLength !== undefined) out['minLength'] = schema.minLength;
      if (schema.maxLength !== undefined) out['maxLength'] = schema.maxLength;
      return { ...out, type: 'string' };
    }
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return { ...out, type };
    default:
      return { ...out, ...ANY_VALUE };
  }
}
