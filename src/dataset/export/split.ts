import { createHash } from 'node:crypto';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface SplitShares {
  validation: number;
  test: number;
}

/** 80 / 10 / 10 of the pets. */
export const DEFAULT_SHARES: SplitShares = { validation: 0.1, test: 0.1 };

/**
 * Assigns whole pets to splits, so test (and validation) personas are never seen in training. Deterministic:
 * pets are ordered by a hash of (seed, pet id) - not by name or input order - and the first ones go to test,
 * the next to validation, the rest to train. Each of test and validation gets at least one pet when there
 * are three or more; with two pets one is test and one train; a single pet is all train.
 */
export function splitPets(
  petIds: readonly string[],
  seed = 'ipet',
  shares = DEFAULT_SHARES,
): Map<string, Split> {
  const pets = [...new Set(petIds)].sort(
    (a, b) => hash(seed, a).localeCompare(hash(seed, b)) || a.localeCompare(b),
  );
  const n = pets.length;
  const test = n >= 2 ? Math.max(1, Math.round(n * shares.test)) : 0;
  const validation = n >= 3 ? Math.max(1, Math.round(n * shares.validation)) : 0;
  const out = new Map<string, Split>();
  pets.forEach((pet, i) => {
    out.set(pet, i < test ? 'test' : i < test + validation ? 'validation' : 'train');
  });
  return out;
}

const hash = (seed: string, id: string) => createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
