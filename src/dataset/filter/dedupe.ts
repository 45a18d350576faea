/**
 * Near-duplicate detection: character 5-gram shingles of the normalised text (works for Chinese, which has no
 * spaces), MinHash signatures and LSH bands to find candidates, then the exact Jaccard similarity. Items are
 * taken in order; one whose similarity to an earlier kept item reaches `threshold` is a duplicate.
 */
const SHINGLE = 5;
const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;

export function shingles(text: string): Set<number> {
  const norm = Array.from(text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ''));
  const out = new Set<number>();
  if (norm.length === 0) return out;
  if (norm.length < SHINGLE) out.add(fnv(norm.join('')));
  for (let i = 0; i + SHINGLE <= norm.length; i++) out.add(fnv(norm.slice(i, i + SHINGLE).join('')));
  return out;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) >>> 0) | 1);

function signature(set: Set<number>): number[] {
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  for (const x of set) {
    for (let h = 0; h < HASHES; h++) {
      const v = (Math.imul(x ^ (SEEDS[h] as number), 0x85ebca6b) ^ (x >>> 13)) >>> 0;
      if (v < (sig[h] as number)) sig[h] = v;
    }
  }
  return sig;
}

export interface DuplicateFinder {
  /** The index of the earlier kept text this one nearly duplicates, or -1 (then it is kept). */
  add(text: string): number;
}

export function duplicateFinder(threshold = 0.8): DuplicateFinder {
  const kept: Array<Set<number>> = [];
  const buckets = new Map<string, number[]>();
  return {
    add(text) {
      const set = shingles(text);
      const sig = signature(set);
      const keys = Array.from(
        { length: BANDS },
        (_, b) => `${b}:${sig.slice(b * ROWS, (b + 1) * ROWS).join(',')}`,
      );
      const candidates = new Set<number>();
      for (const key of keys) for (const i of buckets.get(key) ?? []) candidates.add(i);
      for (const i of [...candidates].sort((x, y) => x - y)) {
        if (jaccard(set, kept[i] as Set<number>) >= threshold) return i;
      }
      const index = kept.push(set) - 1;
      for (const key of keys) {
        const list = buckets.get(key);
        if (list) list.push(index);
        else buckets.set(key, [index]);
      }
      return -1;
    },
  };
}
