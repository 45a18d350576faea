import type { Rng } from './rng.ts';

export const FAULT_KINDS = ['error500', 'rateLimit429', 'timeout', 'malformedJson', 'streamCut'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** With probability `failRate`, one of `kinds` (uniformly); one draw sequence per simulator seed. */
export function drawFault(rng: Rng, failRate: number, kinds: readonly FaultKind[]): FaultKind | undefined {
  if (failRate <= 0 || kinds.length === 0) return undefined;
  return rng.next() < failRate ? rng.pick(kinds) : undefined;
}
