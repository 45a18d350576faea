import type { Rng } from '../rng.ts';
import { complementPrintable, type ParsedRegex, parseRegex, type RegexNode } from './regex-ast.ts';

export interface PatternSample {
  value: string;
  /** False when no generated candidate matched the pattern (the value is a best effort). */
  matched: boolean;
}

const ATTEMPTS = 24;
const parsedCache = new Map<string, ParsedRegex | Error>();
const compiledCache = new Map<string, RegExp | Error>();

function cached<T>(cache: Map<string, T | Error>, key: string, make: () => T): T | Error {
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = make();
    } catch (error) {
      hit = error instanceof Error ? error : new Error(String(error));
    }
    if (cache.size >= 512) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

/** The JSON Schema `pattern` as a RegExp (unicode mode first, as the spec's ECMA-262 dialect), or an Error. */
export function compilePattern(pattern: string): RegExp | Error {
  return cached(compiledCache, pattern, () => {
    try {
      return new RegExp(pattern, 'u');
    } catch {
      return new RegExp(pattern);
    }
  });
}

function pickFromRanges(ranges: ReadonlyArray<readonly [number, number]>, rng: Rng): string {
  let total = 0;
  for (const [from, to] of ranges) total += to - from + 1;
  if (total === 0) return '';
  let index = rng.int(0, total - 1);
  for (const [from, to] of ranges) {
    const size = to - from + 1;
    if (index < size) return String.fromCodePoint(from + index);
    index -= size;
  }
  return '';
}

/** Prefers letters, digits and space for negated classes, so values stay readable. */
function pickNegated(ranges: ReadonlyArray<readonly [number, number]>, rng: Rng): string {
  const allowed = complementPrintable(ranges);
  const friendly = allowed.flatMap(([from, to]): Array<[number, number]> => {
    const parts: Array<[number, number]> = [];
    for (const [a, b] of [
      [97, 122],
      [65, 90],
      [48, 57],
    ] as const) {
      const lo = Math.max(from, a);
      const hi = Math.min(to, b);
      if (lo <= hi) parts.push([lo, hi]);
    }
    return parts;
  });
  return pickFromRanges(friendly.length > 0 ? friendly : allowed, rng);
}

function generate(node: RegexNode, rng: Rng, captures: string[]): string {
  switch (node.kind) {
    case 'seq':
      return node.items.map((item) => generate(item, rng, captures)).join('');
    case 'alt':
      return generate(rng.pick(node.options), rng, captures);
    case 'set':
      return node.negated ? pickNegated(node.ranges, rng) : pickFromRanges(node.ranges, rng);
    case 'repeat': {
      const max = Number.isFinite(node.max) ? node.max : node.min + 4;
      const count = rng.int(node.min, Math.min(max, node.min + 4));
      let out = '';
      for (let i = 0; i < count; i++) out += generate(node.node, rng, captures);
      return out;
    }
    case 'group': {
      const text = generate(node.node, rng, captures);
      if (node.index !== undefined) captures[node.index] = text;
      return text;
    }
    case 'backref':
      return captures[node.index] ?? '';
    case 'assert':
      return '';
  }
}

/**
 * A string matching `pattern`, generated from its syntax tree and checked against the real RegExp;
 * `accept` adds constraints (e.g. lengths). Returns matched=false when every attempt failed.
 */
export function samplePattern(
  pattern: string,
  rng: Rng,
  accept: (value: string) => boolean = () => true,
): PatternSample {
  const regex = compilePattern(pattern);
  const parsed = cached(parsedCache, pattern, () => parseRegex(pattern));
  if (parsed instanceof Error) return { value: '', matched: false };
  let last = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    last = generate(parsed.root, rng, []);
    const ok = regex instanceof Error ? !parsed.approximate : regex.test(last);
    if (ok && accept(last)) return { value: last, matched: true };
  }
  return { value: last, matched: false };
}
