import { fixedClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/core/ports/index.ts';
import { searchWords } from '../../src/core/text.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import type { Engine } from '../../src/store/engine.ts';
import { memoryText } from '../lib/memory-texts.ts';
import { createRng, type Rng } from '../lib/rng.ts';
import { type ClusteredSpace, createSpace, memoryVector, userTopics, vectorText } from '../lib/vectors.ts';

export const EMBEDDING_MODEL = 'bench-embed-128';
export const NOW = new Date('2026-05-01T12:00:00Z');

export interface DataPlan {
  /** Memories in the table. */
  total: number;
  /** Memories of the measured (user, pet) pair. */
  perUser: number;
  /** Memories of each of the other pairs (the last one gets the remainder). */
  perOtherUser: number;
  dimensions: number;
  seed: number;
}

export interface LoadedData {
  userId: string;
  petId: string;
  /** The measured pair's vectors, to draw queries near real memories. */
  targetVectors: Float64Array[];
  space: ClusteredSpace;
  pairs: number;
  loadMs: number;
}

const INSERT_SQL = `insert into memories
  (id, user_id, pet_id, text, search_text, category, occurred_at, created_at, embedding, embedding_model, embedding_dim)
  select id, u, p, t, s, c, o, o, e::vector, $9, $10
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
    as x(id, u, p, t, s, c, o, e)`;

const BATCH_ROWS = 2000;

/**
 * Bulk-loads the memories table with multi-row INSERTs (one `unnest` statement per 2,000 rows, vectors as
 * text), generating the next batch while the database writes the previous ones. No vector index exists
 * during the load; the caller builds it afterwards, as one would for a large import.
 */
export async function loadMemories(
  engine: Engine,
  store: Store,
  plan: DataPlan,
  log: (message: string) => void,
): Promise<LoadedData> {
  const rng = createRng(plan.seed);
  const clusters = Math.max(50, Math.round(plan.total / 1000));
  const space = createSpace(rng, plan.dimensions, clusters);
  const started = performance.now();
  const deps = { users: store.users, pets: store.pets, clock: fixedClock(NOW), ids: sequentialish() };

  const pairs: Array<{ userId: string; petId: string; count: number; topics: number[] }> = [];
  let remaining = plan.total;
  for (let i = 0; remaining > 0; i++) {
    const count = i === 0 ? Math.min(plan.perUser, remaining) : Math.min(plan.perOtherUser, remaining);
    const user = await createUser(deps, { name: `User ${i}` });
    const pet = await createPet(deps, { ownerId: user.id, profile: { name: `Pet ${i}`, kind: 'cat' } });
    pairs.push({ userId: user.id, petId: pet.id, count, topics: userTopics(rng, space, 20) });
    remaining -= count;
  }
  const target = pairs[0]!;
  const targetVectors: Float64Array[] = [];

  // Two statements in flight: the database writes one batch on each core while the next is generated.
  const inFlight: Array<Promise<unknown>> = [];
  let written = 0;
  let nextLog = 0;
  let n = 0;
  for (const pair of pairs) {
    for (let offset = 0; offset < pair.count; offset += BATCH_ROWS) {
      const size = Math.min(BATCH_ROWS, pair.count - offset);
      const batch = makeBatch(rng, space, pair, size, n);
      n += size;
      if (pair === target) targetVectors.push(...batch.vectors);
      if (inFlight.length >= 2) await inFlight.shift();
      written += size;
      const insert = engine.query(INSERT_SQL, [...batch.columns, EMBEDDING_MODEL, plan.dimensions]);
      insert.catch(() => {}); // awaited below; this only keeps a failure from being reported as unhandled
      inFlight.push(insert);
      if (written >= nextLog) {
        log(`  loaded ${written.toLocaleString('en')} / ${plan.total.toLocaleString('en')} memories`);
        nextLog += Math.max(50_000, plan.total / 10);
      }
    }
  }
  await Promise.all(inFlight);
  await engine.query('analyze memories');
  return {
    userId: target.userId,
    petId: target.petId,
    targetVectors,
    space,
    pairs: pairs.length,
    loadMs: performance.now() - started,
  };
}

function makeBatch(
  rng: Rng,
  space: ClusteredSpace,
  pair: { userId: string; petId: string; topics: number[] },
  size: number,
  firstId: number,
) {
  const ids: string[] = [];
  const texts: string[] = [];
  const search: string[] = [];
  const categories: string[] = [];
  const occurred: string[] = [];
  const embeddings: string[] = [];
  const vectors: Float64Array[] = [];
  for (let i = 0; i < size; i++) {
    const text = memoryText(rng);
    const v = memoryVector(rng, space, pair.topics);
    ids.push(`mem_${firstId + i}`);
    texts.push(text);
    search.push(searchText(text));
    // No expiring tier: every row stays active, so each one is a candidate of the pair's searches.
    categories.push(rng.next() < 0.3 ? 'permanent' : 'long_term');
    occurred.push(new Date(NOW.getTime() - rng.int(365) * 86_400_000).toISOString());
    embeddings.push(vectorText(v));
    vectors.push(v);
  }
  const users = new Array<string>(size).fill(pair.userId);
  const pets = new Array<string>(size).fill(pair.petId);
  return { columns: [ids, users, pets, texts, search, categories, occurred, embeddings], vectors };
}

const searchTexts = new Map<string, string>();

/** The store's search text (segmented words); the generator repeats texts, so segment each once. */
function searchText(text: string): string {
  let words = searchTexts.get(text);
  if (words === undefined) {
    words = searchWords(text).join(' ');
    searchTexts.set(text, words);
  }
  return words;
}

/** Short readable ids; unique within one freshly created database. */
function sequentialish() {
  let n = 0;
  return (prefix: string) => `${prefix}_${(n++).toString(36)}`;
}
