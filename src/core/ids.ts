import { randomUUID } from 'node:crypto';

/** Ids are strings with a short prefix naming the entity (`usr_`, `pet_`, ...). */
export type IdGenerator = (prefix: string) => string;

export const randomIds: IdGenerator = (prefix) =>
  `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

/** Deterministic ids for tests: `usr_1`, `usr_2`, ... */
export function sequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${n}`;
  };
}
