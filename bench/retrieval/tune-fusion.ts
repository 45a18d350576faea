/**
 * Tunes the hybrid ranking's constants (RRF K, the dense/lexical weights, the recency boost, the minimum
 * cosine) on the tuning split of the shipped evaluation set (`*.tune.json`), never on the held-out split or a
 * public benchmark:
 *
 *   npx tsx bench/retrieval/tune-fusion.ts
 *
 * Each tuning conversation is loaded into a PGlite store once, the store's lexical list and the offline
 * embedder's dense list are fetched once per question (40 candidates each, as a turn with k = 10 does), then
 * every combination of the grid is fused in memory (`fuseRankings`) and scored by recall@10 (ties: MRR),
 * averaged over the two languages. Prints the best combinations and the current DEFAULT_FUSION's score.
 */
import type { Memory, ScoredMemory } from '../../src/core/index.ts';
import { fixedClock, sequentialIds } from '../../src/core/index.ts';
import {
  createBm25Index,
  type LocomoSample,
  meanMetrics,
  scoreRanking,
} from '../../src/eval/memory/index.ts';
import { createLexicalEmbedder } from '../../src/llm/index.ts';
import {
  DEFAULT_FUSION,
  type FusionOptions,
  fuseRankings,
  OFFLINE_EMBEDDER_FUSION,
} from '../../src/memory/index.ts';
import { lexicalQuery } from '../../src/memory/lexical-query.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { openStore } from '../../src/store/index.ts';
import { EVAL_LANGUAGES, type EvalLanguage, loadEvalSet, PREVIOUS_FUSION } from './quality.ts';

const K = 10;
const CANDIDATES = 40;
const DAY_MS = 86_400_000;

interface QuestionLists {
  language: EvalLanguage;
  evidence: string[];
  now: Date;
  bm25: string[];
  lexical: ScoredMemory[];
  dense: ScoredMemory[];
}

async function collect(language: EvalLanguage, samples: LocomoSample[]): Promise<QuestionLists[]> {
  const store = await openStore({ kind: 'pglite', dataDir: 'memory://' });
  const embedder = createLexicalEmbedder();
  const ids = sequentialIds();
  const out: QuestionLists[] = [];
  try {
    for (const sample of samples) {
      const now = new Date(Math.max(...sample.turns.map((t) => t.occurredAt.getTime())) + DAY_MS);
      const deps = { users: store.users, pets: store.pets, clock: fixedClock(now), ids };
      const user = await createUser(deps, { name: sample.speakers[0] });
      const pet = await createPet(deps, {
        ownerId: user.id,
        profile: { name: sample.speakers[1], kind: 'companion' },
      });
      const vectors = await embedder.embed(
        sample.turns.map((t) => t.text),
        { purpose: 'embed' },
      );
      await store.memories.insert(
        sample.turns.map((turn, i) => {
          const memory: Memory = {
            id: ids('mem'),
            userId: user.id,
            petId: pet.id,
            text: turn.text,
            category: 'long_term',
            occurredAt: turn.occurredAt,
            createdAt: turn.occurredAt,
            expiresAt: null,
            supersededAt: null,
            supersededById: null,
            sourceSessionId: null,
            externalId: turn.id,
            embeddingModel: embedder.id,
            subject: 'user',
            kind: null,
            dueOn: null,
          };
          return { memory, embedding: { model: embedder.id, vector: vectors[i]! } };
        }),
      );
      const bm25 = createBm25Index(sample.turns.map((t) => ({ id: t.id, text: t.text })));
      for (const question of sample.questions) {
        if (question.evidence.length === 0) continue;
        const base = { userId: user.id, petId: pet.id, now, k: CANDIDATES };
        const query = lexicalQuery(question.question);
        const [vector] = await embedder.embed([question.question], { purpose: 'embed' });
        out.push({
          language,
          evidence: question.evidence,
          now,
          bm25: bm25.search(question.question, K).map((h) => h.id),
          lexical: query === '' ? [] : await store.memories.searchLexical({ ...base, query }),
          dense: await store.memories.searchDense({
            ...base,
            embedding: { model: embedder.id, vector: vector! },
          }),
        });
      }
    }
  } finally {
    await store.close();
  }
  return out;
}

const externalIds = (hits: Array<{ memory: Memory }>) => hits.map((h) => h.memory.externalId ?? '');

function score(lists: QuestionLists[], rank: (q: QuestionLists) => string[]) {
  const per = EVAL_LANGUAGES.map((language) => {
    const mine = lists.filter((q) => q.language === language);
    const means = meanMetrics(mine.map((q) => scoreRanking(rank(q), q.evidence, K)));
    return { recall: means['recall@k'], mrr: means.mrr };
  });
  return {
    recall: per.reduce((s, p) => s + p.recall, 0) / per.length,
    mrr: per.reduce((s, p) => s + p.mrr, 0) / per.length,
    per,
  };
}

const hybrid = (options: FusionOptions) => (q: QuestionLists) =>
  externalIds(fuseRankings({ dense: q.dense, lexical: q.lexical, now: q.now }, options).slice(0, K));

async function main(): Promise<void> {
  const lists: QuestionLists[] = [];
  for (const language of EVAL_LANGUAGES)
    lists.push(...(await collect(language, loadEvalSet(language, 'tune'))));
  const show = (name: string, s: ReturnType<typeof score>) =>
    process.stdout.write(
      `${name.padEnd(48)} recall@10 ${s.recall.toFixed(3)} (en ${s.per[0]!.recall.toFixed(3)}, zh ${s.per[1]!.recall.toFixed(3)}) MRR ${s.mrr.toFixed(3)}\n`,
    );
  process.stdout.write(`${lists.length} tuning questions\n`);
  show(
    'plain BM25',
    score(lists, (q) => q.bm25),
  );
  show(
    'lexical (store)',
    score(lists, (q) => externalIds(q.lexical.slice(0, K))),
  );
  show(
    'dense (offline embedder)',
    score(lists, (q) => externalIds(q.dense.slice(0, K))),
  );
  show('hybrid, fusion before tuning', score(lists, hybrid(PREVIOUS_FUSION)));
  show('hybrid, DEFAULT_FUSION', score(lists, hybrid(DEFAULT_FUSION)));
  show(
    'hybrid, offline-embedder fusion',
    score(lists, hybrid({ ...DEFAULT_FUSION, ...OFFLINE_EMBEDDER_FUSION })),
  );

  const grid: Array<{ options: FusionOptions; s: ReturnType<typeof score> }> = [];
  for (const rrfK of [1, 5, 10, 20, 40, 60, 100]) {
    for (const dense of [0, 0.1, 0.25, 0.5, 0.75, 1]) {
      for (const recencyBoost of [0, 0.05, 0.1, 0.25]) {
        for (const minCosine of [0, 0.2, 0.3, 0.4, 0.5, 0.6]) {
          const options: FusionOptions = {
            ...DEFAULT_FUSION,
            rrfK,
            weights: { dense, lexical: 1 },
            recencyBoost,
            minCosine,
          };
          grid.push({ options, s: score(lists, hybrid(options)) });
        }
      }
    }
  }
  grid.sort((a, b) => b.s.recall - a.s.recall || b.s.mrr - a.s.mrr);
  const label = (o: FusionOptions) =>
    `K ${o.rrfK} dense ${o.weights.dense} recency ${o.recencyBoost} cos ${o.minCosine}`;
  process.stdout.write('best combinations:\n');
  for (const { options, s } of grid.slice(0, 10)) show(label(options), s);
  process.stdout.write('best with each dense weight:\n');
  for (const dense of [...new Set(grid.map((g) => g.options.weights.dense))].sort((a, b) => a - b)) {
    const best = grid.find((g) => g.options.weights.dense === dense)!;
    show(label(best.options), best.s);
  }
}

await main();
