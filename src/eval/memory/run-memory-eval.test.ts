import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { fakeEmbedder, memoryStore } from '../../test/index.ts';
import { parseLocomo } from './locomo.ts';
import { memoryEvalReport, renderMemoryEval } from './render.ts';
import { MEMORY_EVAL_MODES, memoryEvalUnits, runMemoryEval } from './run-memory-eval.ts';

const FIXTURE = readFileSync(
  new URL('../../../test/fixtures/eval/locomo-mini.json', import.meta.url),
  'utf8',
);

async function run(k = 3) {
  const store = memoryStore();
  const embedder = fakeEmbedder();
  const { samples } = parseLocomo(FIXTURE, 'locomo-mini.json');
  let units = 0;
  const result = await runMemoryEval(
    { store, retrieval: { memories: store.memories, embedder, logger: silentLogger }, logger: silentLogger },
    {
      samples,
      k,
      onProgress: (n) => {
        units += n;
      },
    },
  );
  return { store, embedder, samples, result, units };
}

describe('runMemoryEval', () => {
  it('scores every question with evidence in each mode, overall and per category, and counts the rest', async () => {
    const { result, samples, units } = await run();
    expect(result).toMatchObject({
      k: 3,
      samples: 2,
      turns: 16,
      questions: 10,
      skippedQuestions: { noEvidence: 1, evidenceNotFound: 1 },
      screenedTurns: 0,
      hybridDegraded: 0,
      embedder: { id: 'fake-bow-v1', kind: 'lexical' },
    });
    expect(units).toBe(memoryEvalUnits(samples));
    expect(Object.keys(result.categories)).toEqual(['1', '2', '4', '5']);
    expect(Object.values(result.categories).reduce((n, c) => n + c.questions, 0)).toBe(10);
    for (const metrics of [result.modes, ...Object.values(result.categories).map((c) => c.modes)]) {
      expect(Object.keys(metrics)).toEqual([...MEMORY_EVAL_MODES]);
      for (const m of Object.values(metrics)) {
        expect(m['recall@k']).toBeGreaterThanOrEqual(0);
        expect(m['recall@k']).toBeLessThanOrEqual(1);
        expect(m.mrr).toBeGreaterThanOrEqual(0);
        expect(m.mrr).toBeLessThanOrEqual(1);
      }
    }
    // the single-hop questions share a rare word with their one evidence turn ("iguana", "paint"/"杭州"...)
    expect(result.categories['4']?.modes.bm25).toEqual({ 'recall@k': 1, mrr: 1 });
  });

  it('embeds each question once for the dense and hybrid rankings, and leaves no memories behind', async () => {
    const { store, embedder, result } = await run();
    const queries = embedder.calls.filter((c) => c.length === 1).map((c) => c[0]);
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries).toHaveLength(result.questions);
    const users = await store.users.list();
    const left = await Promise.all(
      users.map((u) => store.memories.list({ userId: u.id, now: new Date(), includeInactive: true })),
    );
    expect(left.flat()).toEqual([]);
  });

  it('renders a table of the modes and the categories', async () => {
    const { result } = await run(5);
    const load = { undatedSessions: 0, emptyTurns: 0, duplicateTurns: 0, malformedEvidence: 1 };
    const text = renderMemoryEval(memoryEvalReport(result, '/tmp/conv.json', load));
    expect(text).toMatch(/^mode\s+recall@5\s+MRR@5$/m);
    expect(text).toMatch(/^hybrid\s+\d\.\d{3}\s+\d\.\d{3}$/m);
    expect(text).toMatch(/^category\s+questions\s+bm25\s+lexical\s+dense\s+hybrid$/m);
    expect(text).toContain('2 question(s) skipped: 1 without evidence, 1 whose evidence names no turn');
    expect(text).toContain('1 evidence entry was not one turn id');
  });
});
