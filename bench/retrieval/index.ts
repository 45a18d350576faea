import { join } from 'node:path';
import { silentLogger } from '../../src/core/logger.ts';
import { prepareStore } from '../../src/store/open-store.ts';
import { openPgliteEngine } from '../../src/store/pglite-engine.ts';
import { openPostgresEngine } from '../../src/store/postgres-engine.ts';
import { vectorIndexName } from '../../src/store/vector-sql.ts';
import { supportsIterativeScan } from '../../src/store/vector-version.ts';
import { load, loadText } from '../lib/machine.ts';
import type { Bench, BenchContext, BenchOutput, GoalCheck, Table } from '../lib/report.ts';
import { createRng } from '../lib/rng.ts';
import { fmt, summarise } from '../lib/stats.ts';
import { type Scratch, type StoreKind, storeKinds, withScratch } from '../lib/stores.ts';
import { near } from '../lib/vectors.ts';
import { type DataPlan, EMBEDDING_MODEL, loadMemories, NOW } from './data.ts';
import { type DenseQuery, searchPaths } from './paths.ts';

/** 128 dimensions: 1M vectors (~0.5 GB of floats) load and index in minutes on 2 cores; see BENCHMARKS.md. */
const DIMENSIONS = 128;
/** The store's HNSW candidate list (prepareStore passes efSearch 100). */
const STORE_EF_SEARCH = 100;
const K = 10;

export interface RetrievalSizes {
  postgres: { total: number; perUser: number };
  pglite: { total: number; perUser: number };
}

export const RETRIEVAL_SIZES: { full: RetrievalSizes; quick: RetrievalSizes } = {
  full: { postgres: { total: 1_000_000, perUser: 10_000 }, pglite: { total: 100_000, perUser: 10_000 } },
  quick: { postgres: { total: 10_000, perUser: 2_000 }, pglite: { total: 5_000, perUser: 1_000 } },
};

interface PathResult {
  name: string;
  plan: string;
  latency: ReturnType<typeof summarise>;
  recall: number;
  minRecall: number;
  /** Queries whose top 10 held fewer than half of the exact top 10. */
  poorQueries: number;
}

interface StoreResult {
  kind: StoreKind;
  plan: DataPlan;
  pairs: number;
  loadMs: number;
  indexBuildMs: number;
  tableMb: number;
  indexMb: number;
  vectorVersion: string;
  queries: number;
  paths: PathResult[];
  load: [number, number, number];
}

/** `totals` override the number of memories in the table per store (`--postgres-total`, `--pglite-total`). */
/** `totals[kind]` overrides the number of memories for that store; undefined keeps the default size. */
export function retrievalBench(totals: { [K in StoreKind]?: number | undefined } = {}): Bench {
  return {
    id: 'retrieval',
    title: 'Retrieval: dense memory search and HNSW recall',
    async run(ctx) {
      const base = ctx.quick ? RETRIEVAL_SIZES.quick : RETRIEVAL_SIZES.full;
      const results: StoreResult[] = [];
      for (const kind of storeKinds(ctx.postgresUrl)) {
        const total = totals[kind] ?? base[kind].total;
        const size = { total, perUser: Math.min(base[kind].perUser, total) };
        const plan: DataPlan = {
          total: size.total,
          perUser: size.perUser,
          perOtherUser: 5_000,
          dimensions: DIMENSIONS,
          seed: 42,
        };
        ctx.log(
          `retrieval on ${kind}: ${plan.total.toLocaleString('en')} memories, ${DIMENSIONS} dimensions`,
        );
        results.push(await withScratch(kind, ctx.postgresUrl, (scratch) => measure(ctx, scratch, plan)));
      }
      return report(results);
    },
  };
}

async function measure(ctx: BenchContext, scratch: Scratch, plan: DataPlan): Promise<StoreResult> {
  const engine =
    scratch.kind === 'postgres'
      ? await openPostgresEngine({
          url: withSessionOptions(scratch.databaseUrl!),
          location: 'bench',
          poolSize: 4,
          logger: silentLogger,
        })
      : await openPgliteEngine(join(scratch.dataDir, 'db'));
  const store = await prepareStore(engine);
  try {
    if (scratch.kind === 'pglite') await engine.query("set maintenance_work_mem = '512MB'");
    const data = await loadMemories(engine, store, plan, ctx.log);
    ctx.log(`  loaded in ${(data.loadMs / 1000).toFixed(1)} s; building the HNSW index`);
    const indexStarted = performance.now();
    await store.memories.ensureVectorIndex(EMBEDDING_MODEL, plan.dimensions);
    const indexBuildMs = performance.now() - indexStarted;
    ctx.log(`  index built in ${(indexBuildMs / 1000).toFixed(1)} s`);
    await engine.query('analyze memories');
    const [sizes] = await engine.query<{ table: string; index: string }>(
      `select pg_total_relation_size('memories')::text as table, pg_relation_size($1)::text as index`,
      [vectorIndexName(EMBEDDING_MODEL, plan.dimensions)],
    );
    const [ext] = await engine.query<{ v: string }>(
      "select extversion as v from pg_extension where extname = 'vector'",
    );
    const vectorVersion = ext?.v ?? '0';
    const options = { iterativeScan: supportsIterativeScan(vectorVersion), efSearch: STORE_EF_SEARCH };
    const paths = searchPaths(store, engine, options);

    const rng = createRng(7);
    const queryCount = ctx.quick ? 20 : 200;
    const queries: DenseQuery[] = Array.from({ length: queryCount + 10 }, () => ({
      userId: data.userId,
      petId: data.petId,
      now: NOW,
      k: K,
      embedding: {
        model: EMBEDDING_MODEL,
        vector: Array.from(near(rng, rng.pick(data.targetVectors), 0.5)),
      },
    }));
    const planLabels = await Promise.all(paths.map((p) => p.explain(queries[0]!)));
    const times = paths.map(() => [] as number[]);
    const recalls = paths.map(() => [] as number[]);
    const loadAtStart = load();
    for (const [i, q] of queries.entries()) {
      const exact = await store.memories.searchDenseExact(q);
      const truth = new Set(exact.map((h) => h.memory.id));
      // Rotate the order so that a slow moment of the shared machine does not always hit the same path.
      for (let j = 0; j < paths.length; j++) {
        const p = (i + j) % paths.length;
        const started = performance.now();
        const got = await paths[p]!.search(q);
        const ms = performance.now() - started;
        if (i < 10) continue; // warm-up
        times[p]!.push(ms);
        recalls[p]!.push(got.filter((id) => truth.has(id)).length / Math.max(1, truth.size));
      }
    }
    ctx.log(`  ${queryCount} queries measured (load ${loadText(loadAtStart)} -> ${loadText()})`);
    return {
      kind: scratch.kind,
      plan,
      pairs: data.pairs,
      loadMs: data.loadMs,
      indexBuildMs,
      tableMb: Number(sizes?.table ?? 0) / 2 ** 20,
      indexMb: Number(sizes?.index ?? 0) / 2 ** 20,
      vectorVersion,
      queries: queryCount,
      paths: paths.map((p, i) => ({
        name: p.name,
        plan: planLabels[i]!,
        latency: summarise(times[i]!),
        recall: mean(recalls[i]!),
        minRecall: Math.min(...recalls[i]!),
        poorQueries: recalls[i]!.filter((r) => r < 0.5).length,
      })),
      load: loadAtStart,
    };
  } finally {
    await store.close();
  }
}

/** Session settings for the bulk load and the index build (throw-away database only). */
function withSessionOptions(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', '-c maintenance_work_mem=3GB -c synchronous_commit=off');
  return u.toString();
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

function report(results: StoreResult[]): BenchOutput {
  const tables: Table[] = [];
  const goals: GoalCheck[] = [];
  for (const r of results) {
    tables.push({
      title:
        `Dense search on ${r.kind} (pgvector ${r.vectorVersion}): ${r.plan.total.toLocaleString('en')} memories ` +
        `in ${r.pairs} pairs, ${r.plan.perUser.toLocaleString('en')} for the measured pair, ` +
        `${r.plan.dimensions} dimensions, k=${K}, ${r.queries} queries, load ${loadText(r.load)}`,
      columns: [
        'path',
        'plan',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'recall@10 (mean)',
        'recall@10 (min)',
        'queries with recall < 0.5',
      ],
      rows: r.paths.map((p) => [
        p.name,
        p.plan,
        fmt(p.latency.p50, 2),
        fmt(p.latency.p95, 2),
        fmt(p.latency.p99, 2),
        fmt(p.recall, 3),
        fmt(p.minRecall, 2),
        String(p.poorQueries),
      ]),
    });
    tables.push({
      title: `Load and index build on ${r.kind}`,
      columns: ['memories', 'load s', 'rows/s', 'HNSW build s', 'table + indexes MB', 'HNSW index MB'],
      rows: [
        [
          r.plan.total.toLocaleString('en'),
          fmt(r.loadMs / 1000, 1),
          fmt(r.plan.total / (r.loadMs / 1000), 0),
          fmt(r.indexBuildMs / 1000, 1),
          fmt(r.tableMb, 0),
          fmt(r.indexMb, 0),
        ],
      ],
    });
    const hnsw = r.paths.find((p) => p.name === 'forced HNSW');
    if (hnsw) {
      goals.push({
        goal: `HNSW recall@10 with the pair filter on ${r.kind} (no numeric goal set; 0.95 is a common bar)`,
        measured:
          `${fmt(hnsw.recall, 3)} mean, ${fmt(hnsw.minRecall, 2)} worst query, ` +
          `${hnsw.poorQueries} of ${r.queries} queries below 0.5`,
        met: null,
      });
    }
  }
  return {
    tables,
    goals,
    notes: [
      'Synthetic clustered vectors (random unit centroids, one per ~1,000 memories; each pair draws from 20 ' +
        'topics; a memory sits at cosine ~0.74 from its centroid); queries are real memories of the measured ' +
        'pair plus noise. Recall is against searchDenseExact on the same filter. Random centroids are nearly ' +
        'orthogonal, so topics are islands in the HNSW graph: a scan that starts in the wrong one returns ' +
        'rows of the pair far from the query (the queries below 0.5). Real text embeddings overlap more.',
      'Forced paths run the store query inside a transaction with SET LOCAL planner switches (a few extra ' +
        'round trips compared with the store default path).',
    ],
    data: results,
  };
}
