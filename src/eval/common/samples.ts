import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  describeIssue,
  formatIssue,
  LOCALES,
  type Locale,
  MEMORY_CATEGORIES,
  petProfileSchema,
  userProfileSchema,
  ValidationError,
} from '../../core/index.ts';
import { seededRandom, shuffled } from './rng.ts';

/**
 * The bundled evaluation set (`src/eval/samples/`): varied pet personas and owners with memory sets, in English
 * and Chinese, and about ten user queries per persona. Users can bring their own personas and queries.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes');

export const personaSampleSchema = z.object({
  id,
  locale: z.enum(LOCALES).default('en'),
  profile: petProfileSchema,
});
export type PersonaSample = z.infer<typeof personaSampleSchema>;

const memorySampleSchema = z
  .object({
    text: z.string().trim().min(1).max(400),
    category: z.enum(MEMORY_CATEGORIES),
    /** How long before the evaluated day it was said; must leave the memory unexpired. */
    daysAgo: z.number().int().min(0),
  })
  .refine((m) => m.category === 'permanent' || m.daysAgo < (m.category === 'long_term' ? 85 : 25), {
    message: 'would be expired on the evaluated day (long_term: under 85 days, short_term: under 25)',
  });

export const ownerSampleSchema = z.object({
  id,
  locale: z.enum(LOCALES),
  profile: userProfileSchema,
  memories: z.array(memorySampleSchema).min(1).max(20),
});
export type OwnerSample = z.infer<typeof ownerSampleSchema>;

export const querySampleSchema = z.object({
  persona: z.string().min(1),
  query: z.string().trim().min(1).max(2000),
});
export type QuerySample = z.infer<typeof querySampleSchema>;

const SAMPLES = new URL('../samples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, SAMPLES), 'utf8');

export function bundledPersonas(): PersonaSample[] {
  return z.array(personaSampleSchema).parse(JSON.parse(read('pets.json')));
}

export function bundledOwners(): OwnerSample[] {
  return z.array(ownerSampleSchema).parse(JSON.parse(read('owners.json')));
}

export function bundledQueries(): QuerySample[] {
  return parseJsonLines(read('queries.jsonl'), querySampleSchema, 'queries.jsonl');
}

/** Parses JSONL, naming the line of the first bad record. */
export function parseJsonLines<T>(text: string, schema: z.ZodType<T>, source: string): T[] {
  const out: T[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SampleFileError(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new SampleFileError(`${source}:${i + 1}: ${firstIssue(parsed.error, value, 'record')}`);
    }
    out.push(parsed.data);
  }
  return out;
}

/** A JSON array, or JSONL (one record a line). */
export function parseRecords<T>(text: string, schema: z.ZodType<T>, source: string): T[] {
  if (text.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new SampleFileError(`${source}: not valid JSON`);
    }
    const parsed = z.array(schema).safeParse(value);
    if (!parsed.success) {
      throw new SampleFileError(`${source}: ${firstIssue(parsed.error, value, '')}`);
    }
    return parsed.data;
  }
  return parseJsonLines(text, schema, source);
}

/** The first problem of a failed parse as `<path> <message>`; `whole` names the value itself. */
function firstIssue(error: z.ZodError, value: unknown, whole: string): string {
  const issue = error.issues[0];
  if (!issue) return whole;
  const described = describeIssue(issue, value);
  return formatIssue({ ...described, path: described.path || whole });
}

/** A bad sample, persona, query or dataset file: invalid input (exit status 2, one line naming the line). */
export class SampleFileError extends ValidationError {}

/** One world-evaluation sample: a pet, its owner (with memories for memory mode), and a day. */
export interface WorldSample {
  /** `<pet>+<owner>` */
  id: string;
  locale: Locale;
  pet: PersonaSample;
  owner: OwnerSample;
  /** The evaluated day is this many days after the evaluation's reference date (weekdays vary). */
  dayOffset: number;
}

/**
 * `count` distinct (pet, owner) pairs of the same language, chosen by `seed`: pets are cycled before any is
 * reused, owners rotate against them, and languages are mixed in proportion to the bundled pets.
 */
export function pickWorldSamples(
  pets: readonly PersonaSample[],
  owners: readonly OwnerSample[],
  options: { count: number; seed: string | number; locales?: readonly Locale[] },
): WorldSample[] {
  const random = seededRandom(`world:${options.seed}`);
  const locales = (options.locales ?? LOCALES).filter(
    (l) => pets.some((p) => p.locale === l) && owners.some((o) => o.locale === l),
  );
  const queues = locales.map((locale) => {
    const ps = shuffled(
      pets.filter((p) => p.locale === locale),
      random,
    );
    const os = shuffled(
      owners.filter((o) => o.locale === locale),
      random,
    );
    return { locale, pets: ps, owners: os, next: 0, capacity: ps.length * os.length };
  });
  const capacity = queues.reduce((a, q) => a + q.capacity, 0);
  if (options.count > capacity) {
    throw new ValidationError(
      `only ${capacity} distinct pet/owner pairs are available (asked for ${options.count})`,
      [{ path: 'samples', message: `must be at most ${capacity}` }],
      { hint: `use --samples ${capacity} or fewer, or more --locales` },
    );
  }
  const totalPets = queues.reduce((a, q) => a + q.pets.length, 0);
  const samples: WorldSample[] = [];
  while (samples.length < options.count) {
    // The language furthest below its share goes next.
    const open = queues.filter((q) => q.next < q.capacity);
    const q = open.reduce((best, cur) => {
      const deficit = (x: typeof cur) => (x.pets.length / totalPets) * (samples.length + 1) - x.next;
      return deficit(cur) > deficit(best) ? cur : best;
    });
    const k = q.next++;
    const pet = q.pets[k % q.pets.length] as PersonaSample;
    // round r pairs pet i with owner i + r: every pair once over pets x owners
    const owner = q.owners[
      ((k % q.pets.length) + Math.floor(k / q.pets.length)) % q.owners.length
    ] as OwnerSample;
    samples.push({
      id: `${pet.id}+${owner.id}`,
      locale: q.locale,
      pet,
      owner,
      dayOffset: Math.floor(random() * 7),
    });
  }
  return samples;
}

/**
 * The queries of the evaluated personas, at most `max` per persona (file order). Throws when none refers to
 * them: a queries file for other persona ids is a mistake, not an empty evaluation.
 */
export function queriesFor(
  personas: readonly PersonaSample[],
  queries: readonly QuerySample[],
  max?: number,
): QuerySample[] {
  const ids = new Set(personas.map((p) => p.id));
  const seen = new Map<string, number>();
  const mine = queries.filter((q) => {
    if (!ids.has(q.persona)) return false;
    const n = (seen.get(q.persona) ?? 0) + 1;
    seen.set(q.persona, n);
    return max === undefined || n <= max;
  });
  if (mine.length === 0) {
    throw new SampleFileError(
      'no query refers to the personas being evaluated: give --queries lines { "persona": "<id>", "query": "..." } with the ids of --personas',
    );
  }
  return mine;
}
