import type { Embedder, Logger, MemoryCategory, Store } from '../../core/index.ts';
import { fixedClock, mapWithConcurrency, sequentialIds } from '../../core/index.ts';
import {
  importMemories,
  isPrivilegedWrite,
  type RetentionPolicy,
  type RetrievalDeps,
  retrieveDense,
  retrieveForDialogue,
  retrieveLexical,
} from '../../memory/index.ts';
import { createPet, createUser } from '../../profiles/index.ts';
import { createBm25Index } from './bm25.ts';
import type { LocomoQuestion, LocomoSample, LocomoTurn } from './locomo.ts';
import { type ModeMetrics, meanMetrics, type QuestionScore, scoreRanking } from './metrics.ts';

/**
 * `ipet eval memory`: evidence retrieval on a LoCoMo-format file. Each sample's turns are imported as the
 * memories of a fresh (user, pet) pair through the normal import (embedded in batches), then every question
 * with evidence is asked of four rankings, top k each:
 * - `bm25`: plain BM25 over the same turns, in memory (the independent baseline, `createBm25Index`);
 * - `lexical`: the store's lexical search alone; `dense`: the embedder's dense search alone (no floor);
 * - `hybrid`: ipet's dialogue retrieval (`retrieveForDialogue`), as a chat turn uses it.
 * The store must be a throwaway one: the run creates users and pets and deletes each pair's memories after
 * its questions.
 */
export const MEMORY_EVAL_MODES = ['bm25', 'lexical', 'dense', 'hybrid'] as const;
export type MemoryEvalMode = (typeof MEMORY_EVAL_MODES)[number];

export interface MemoryEvalDeps {
  store: Pick<Store, 'users' | 'pets' | 'memories'>;
  /** The dialogue retrieval's dependencies as the app wires them; `memories` must be `store.memories`. */
  retrieval: RetrievalDeps;
  logger: Logger;
}

export interface MemoryEvalInput {
  samples: readonly LocomoSample[];
  k: number;
  /** The tier turns are imported as (default long_term); nothing expires during the evaluation. */
  category?: MemoryCategory;
  /** Questions in flight (default 4). */
  concurrency?: number;
  /** Turns per import call and embedding batch (default 64). */
  batchSize?: number;
  /** Called as turns are imported and questions answered; `units` adds up to `memoryEvalUnits(samples)`. */
  onProgress?: (units: number) => void;
}

export interface MemoryEvalCounts {
  samples: number;
  /** Turns imported as memories. */
  turns: number;
  /** Turns left out because they read as instructions to the pet (the import's screening). */
  screenedTurns: number;
  /** Turns cut to the import's 2000 characters. */
  truncatedTurns: number;
  /** Questions scored. */
  questions: number;
  skippedQuestions: {
    /** No evidence ids at all (empty or unreadable list). */
    noEvidence: number;
    /** Evidence ids given, none of them a turn that was imported. */
    evidenceNotFound: number;
  };
  /** Evidence ids of scored questions that named no imported turn (left out of their recall). */
  droppedEvidence: number;
  /** Questions where the hybrid ranking had no dense half (the embedder or vector search failed). */
  hybridDegraded: number;
}

export interface MemoryEvalResult extends MemoryEvalCounts {
  k: number;
  embedder: { id: string; kind: Embedder['kind'] };
  modes: Record<MemoryEvalMode, ModeMetrics>;
  /** Per question category ("1".."5" in LoCoMo), sorted. */
  categories: Record<string, { questions: number; modes: Record<MemoryEvalMode, ModeMetrics> }>;
}

/** Progress units of a run: one per turn imported and one per question. */
export function memoryEvalUnits(samples: readonly LocomoSample[]): number {
  return samples.reduce((sum, s) => sum + s.turns.length + s.questions.length, 0);
}

const NO_RETENTION: RetentionPolicy = { permanent: null, long_term: null, short_term: null };
const DAY_MS = 86_400_000;
const MAX_TEXT = 2000;

interface Scored {
  category: string;
  scores: Record<MemoryEvalMode, QuestionScore>;
}

export async function runMemoryEval(deps: MemoryEvalDeps, input: MemoryEvalInput): Promise<MemoryEvalResult> {
  if (!Number.isInteger(input.k) || input.k < 1)
    throw new Error(`k must be a whole number >= 1 (got ${input.k})`);
  const embedder = withQueryCache(deps.retrieval.embedder);
  const ids = sequentialIds();
  const counts: MemoryEvalCounts = {
    samples: input.samples.length,
    turns: 0,
    screenedTurns: 0,
    truncatedTurns: 0,
    questions: 0,
    skippedQuestions: { noEvidence: 0, evidenceNotFound: 0 },
    droppedEvidence: 0,
    hybridDegraded: 0,
  };
  const scored: Scored[] = [];
  for (const sample of input.samples) {
    embedder.clear();
    scored.push(...(await evalSample({ ...deps, embedder, ids, counts }, sample, input)));
  }
  return {
    k: input.k,
    embedder: { id: deps.retrieval.embedder.id, kind: deps.retrieval.embedder.kind },
    ...counts,
    modes: modeMeans(scored),
    categories: Object.fromEntries(
      [...new Set(scored.map((s) => s.category))].sort(byCategory).map((category) => {
        const mine = scored.filter((s) => s.category === category);
        return [category, { questions: mine.length, modes: modeMeans(mine) }];
      }),
    ),
  };
}

interface SampleEnv extends MemoryEvalDeps {
  embedder: Embedder & { clear(): void };
  ids: ReturnType<typeof sequentialIds>;
  counts: MemoryEvalCounts;
}

async function evalSample(env: SampleEnv, sample: LocomoSample, input: MemoryEvalInput): Promise<Scored[]> {
  const latest = sample.turns.reduce((max, t) => Math.max(max, t.occurredAt.getTime()), 0);
  // The questions are asked the day after the last session, as a user would ask in the next chat.
  const now = new Date(latest + DAY_MS);
  const clock = fixedClock(now);
  const profileDeps = { users: env.store.users, pets: env.store.pets, clock, ids: env.ids };
  const user = await createUser(profileDeps, { name: nameOf(sample.speakers[0], 'Speaker A') });
  const pet = await createPet(profileDeps, {
    ownerId: user.id,
    profile: { name: nameOf(sample.speakers[1], 'Speaker B'), kind: 'companion' },
  });
  const pair = { userId: user.id, petId: pet.id };
  try {
    const turns = await importTurns(env, sample, input, { ...pair, clock });
    const imported = new Set(turns.map((t) => t.id));
    const bm25 = createBm25Index(turns);
    const retrieval: RetrievalDeps = { ...env.retrieval, embedder: env.embedder };
    const results = await mapWithConcurrency(sample.questions, input.concurrency ?? 4, async (question) => {
      const evidence = question.evidence.filter((id) => imported.has(id));
      const skip = skipReason(question, evidence);
      if (skip) {
        env.counts.skippedQuestions[skip]++;
        input.onProgress?.(1);
        return null;
      }
      env.counts.droppedEvidence += question.evidence.length + question.unresolved.length - evidence.length;
      const req = { ...pair, query: question.question, now, k: input.k };
      const externalIds = (hits: Array<{ memory: { externalId: string | null } }>) =>
        hits.map((h) => h.memory.externalId ?? '');
      const [lexical, dense, hybrid] = await Promise.all([
        retrieveLexical(retrieval, req),
        retrieveDense(retrieval, req),
        retrieveForDialogue(retrieval, {
          ...req,
          onDegraded: () => {
            env.counts.hybridDegraded++;
          },
        }),
      ]);
      const rankings: Record<MemoryEvalMode, string[]> = {
        bm25: bm25.search(question.question, input.k).map((h) => h.id),
        lexical: externalIds(lexical),
        dense: externalIds(dense),
        hybrid: externalIds(hybrid),
      };
      input.onProgress?.(1);
      return {
        category: question.category,
        scores: Object.fromEntries(
          MEMORY_EVAL_MODES.map((mode) => [mode, scoreRanking(rankings[mode], evidence, input.k)]),
        ) as Record<MemoryEvalMode, QuestionScore>,
      };
    });
    const kept = results.filter((r): r is Scored => r !== null);
    env.counts.questions += kept.length;
    return kept;
  } finally {
    await env.store.memories.deleteAll(user.id, pet.id);
  }
}

/**
 * Imports the sample's turns as memories (text "Speaker: text", occurredAt the session's date, externalId
 * the turn id), in batches; turns the import's screening would refuse are left out and counted.
 */
async function importTurns(
  env: SampleEnv,
  sample: LocomoSample,
  input: MemoryEvalInput,
  pair: { userId: string; petId: string; clock: ReturnType<typeof fixedClock> },
): Promise<Array<{ id: string; text: string }>> {
  const turns: Array<{ id: string; text: string; turn: LocomoTurn }> = [];
  let screened = 0;
  for (const turn of sample.turns) {
    if (isPrivilegedWrite(turn.text)) {
      screened++;
      continue;
    }
    const text = turn.text.length > MAX_TEXT ? turn.text.slice(0, MAX_TEXT) : turn.text;
    if (text !== turn.text) env.counts.truncatedTurns++;
    turns.push({ id: turn.id, text, turn });
  }
  env.counts.screenedTurns += screened;
  input.onProgress?.(screened);
  const batch = Math.max(1, input.batchSize ?? 64);
  for (let i = 0; i < turns.length; i += batch) {
    const chunk = turns.slice(i, i + batch);
    const result = await importMemories(
      {
        memories: env.store.memories,
        embedder: env.embedder,
        clock: pair.clock,
        ids: env.ids,
        retention: NO_RETENTION,
      },
      {
        userId: pair.userId,
        petId: pair.petId,
        batchSize: batch,
        lines: chunk.map(({ id, text, turn }) =>
          JSON.stringify({
            text,
            category: input.category ?? 'long_term',
            createdAt: turn.occurredAt.toISOString(),
            occurredAt: turn.occurredAt.toISOString(),
            externalId: id,
          }),
        ),
      },
    );
    env.counts.turns += result.imported;
    input.onProgress?.(chunk.length);
  }
  return turns.map(({ id, text }) => ({ id, text }));
}

function skipReason(
  question: LocomoQuestion,
  evidence: string[],
): keyof MemoryEvalCounts['skippedQuestions'] | null {
  if (question.evidence.length === 0 && question.unresolved.length === 0) return 'noEvidence';
  if (evidence.length === 0) return 'evidenceNotFound';
  return null;
}

function modeMeans(scored: readonly Scored[]): Record<MemoryEvalMode, ModeMetrics> {
  return Object.fromEntries(
    MEMORY_EVAL_MODES.map((mode) => [mode, meanMetrics(scored.map((s) => s.scores[mode]))]),
  ) as Record<MemoryEvalMode, ModeMetrics>;
}

/** Numeric categories in numeric order, then the others alphabetically. */
function byCategory(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  if (Number.isFinite(na)) return -1;
  if (Number.isFinite(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const nameOf = (speaker: string, fallback: string) => speaker.trim().slice(0, 80) || fallback;

/**
 * The embedder with each single-text call (a query) remembered until `clear()`: the dense and hybrid
 * rankings embed the same question, which costs one call instead of two.
 */
function withQueryCache(embedder: Embedder): Embedder & { clear(): void } {
  const cache = new Map<string, Promise<number[][]>>();
  return {
    id: embedder.id,
    kind: embedder.kind,
    dimensions: () => embedder.dimensions(),
    embed(texts, tags, options) {
      const [only] = texts;
      if (texts.length !== 1 || only === undefined) return embedder.embed(texts, tags, options);
      let hit = cache.get(only);
      if (!hit) {
        hit = embedder.embed(texts, tags, options);
        cache.set(only, hit);
        hit.catch(() => cache.delete(only));
      }
      return hit;
    },
    clear() {
      cache.clear();
    },
  };
}
