/**
 * A small JSON Schema validator for the keywords ipet's schemas use (draft-7 as zod writes it): type, enum,
 * const, anyOf/oneOf, properties/required/additionalProperties, items, min/maxItems, uniqueItems,
 * min/maxLength (code points), pattern (ECMA-262, unicode), minimum/maximum. Returns where the value breaks
 * the schema; an empty list when it does not. For the schema audit, which must not trust the generator.
 */
type Schema = Record<string, unknown>;

const codePoints = (s: string) => Array.from(s).length;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

export function schemaViolations(schema: unknown, value: unknown, path = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: no value allowed`];
  const s = schema as Schema;
  const out: string[] = [];
  const fail = (what: string) => out.push(`${path}: ${what}`);

  const branches = (s['anyOf'] ?? s['oneOf']) as unknown[] | undefined;
  if (branches && !branches.some((b) => schemaViolations(b, value, path).length === 0))
    fail('matches no branch');
  if (s['type'] !== undefined && !typeMatches(value, s['type'])) return [`${path}: not ${String(s['type'])}`];
  if ('const' in s && JSON.stringify(s['const']) !== JSON.stringify(value)) fail('not the const');
  if (Array.isArray(s['enum']) && !s['enum'].some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    fail(`not one of ${JSON.stringify(s['enum'])}`);
  }
  if (typeof value === 'string') {
    const n = codePoints(value);
    if (typeof s['minLength'] === 'number' && n < s['minLength']) fail(`shorter than ${s['minLength']}`);
    if (typeof s['maxLength'] === 'number' && n > s['maxLength']) fail(`longer than ${s['maxLength']}`);
    if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(value)) fail('pattern');
  }
  if (typeof value === 'number') {
    if (typeof s['minimum'] === 'number' && value < s['minimum']) fail(`below ${s['minimum']}`);
    if (typeof s['maximum'] === 'number' && value > s['maximum']) fail(`above ${s['maximum']}`);
  }
  if (Array.isArray(value)) {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems'])
      fail(`fewer than ${s['minItems']}`);
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) fail(`more than ${s['maxItems']}`);
    if (s['uniqueItems'] === true && new Set(value.map((v) => JSON.stringify(v))).size < value.length) {
      fail('items repeat');
    }
    value.forEach((item, i) => {
      out.push(...schemaViolations(s['items'], item, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s['properties'] ?? {}) as Record<string, unknown>;
    for (const name of (s['required'] as string[] | undefined) ?? []) {
      if (!(name in object)) fail(`${name} missing`);
    }
    for (const [name, item] of Object.entries(object)) {
      if (name in properties) out.push(...schemaViolations(properties[name], item, `${path}.${name}`));
      else if (s['additionalProperties'] === false) fail(`${name} not allowed`);
    }
  }
  return out;
}

/** Every place in `schema` where a string or an array has no upper bound. */
export function unboundedParts(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  const out: string[] = [];
  const fixed = 'enum' in s || 'const' in s;
  if (s['type'] === 'string' && !fixed && typeof s['maxLength'] !== 'number')
    out.push(`${path}: no maxLength`);
  if (s['type'] === 'array' && typeof s['maxItems'] !== 'number') out.push(`${path}: no maxItems`);
  for (const [name, item] of Object.entries((s['properties'] ?? {}) as Record<string, unknown>)) {
    out.push(...unboundedParts(item, `${path}.${name}`));
  }
  if (s['items']) out.push(...unboundedParts(s['items'], `${path}[]`));
  for (const branch of [...((s['anyOf'] as unknown[]) ?? []), ...((s['oneOf'] as unknown[]) ?? [])]) {
    out.push(...unboundedParts(branch, path));
  }
  return out;
}
