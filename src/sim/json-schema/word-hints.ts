import type { Rng } from '../rng.ts';

/**
 * How many words a description asks for: "2-5 words", "2 to 5 words", "about 50 words", "~50 words",
 * "at most 12 words", "3 words". Returns undefined when the description gives no such hint.
 */
export function wordCountHint(description: string | undefined, rng: Rng): number | undefined {
  if (!description) return undefined;
  const range = /(\d+)\s*(?:-|–|—|to)\s*(\d+)\s*words?\b/i.exec(description);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    return rng.int(Math.min(a, b), Math.max(a, b));
  }
  const about = /(?:about|around|approximately|approx\.?|roughly|~)\s*(\d+)\s*words?\b/i.exec(description);
  if (about) {
    const n = Number(about[1]);
    const spread = Math.max(1, Math.round(n * 0.1));
    return Math.max(1, rng.int(n - spread, n + spread));
  }
  const atMost = /(?:at most|up to|no more than|max(?:imum)?(?: of)?)\s*(\d+)\s*words?\b/i.exec(description);
  if (atMost) return rng.int(Math.max(1, Math.ceil(Number(atMost[1]) / 2)), Number(atMost[1]));
  const exact = /\b(\d+)\s*words?\b/i.exec(description);
  if (exact) return Math.max(1, Number(exact[1]));
  return undefined;
}
