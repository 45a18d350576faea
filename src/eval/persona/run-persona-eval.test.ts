import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import type { ChatDeps } from '../../dialogue/index.ts';
import {
  fixedClock,
  memoryStore,
  type ScriptedModel,
  scriptedModel,
  sequentialIds,
} from '../../test/index.ts';
import { memoryJsonStore } from '../common/json-store.ts';
import { createJudge } from '../common/judge.ts';
import { bundledPersonas } from '../common/samples.ts';
import { aggregatePersonas } from './aggregate.ts';
import { APC_FORMULA, type PersonaReport } from './report.ts';
import { runPersonaEval } from './run-persona-eval.ts';
import { renderPersonaTable } from './table.ts';

const personas = bundledPersonas().filter((p) => p.id === 'mochi' || p.id === 'doubao');
const queries = [
  { persona: 'mochi', query: 'What do you like to eat?' },
  { persona: 'mochi', query: 'Do you like it when I vacuum?' },
  { persona: 'doubao', query: '你最喜欢吃什么？' },
  { persona: 'nobody', query: 'ignored: no such persona' },
];
const STATEMENTS = ['X is a pet.', 'X likes sardines.', 'X dislikes the vacuum cleaner.'];

function judgeModel() {
  return scriptedModel({
    generate: (call) => {
      if (call.name === 'persona_statements') return { statements: STATEMENTS };
      const vacuum = call.prompt.includes('when I vacuum');
      return {
        judgements: vacuum
          ? [
              { reason: 'unrelated', relevant: 'no', nli: 'neutral' },
              { reason: 'unrelated', relevant: 'no', nli: 'neutral' },
              { reason: 'says it loves the vacuum', relevant: 'yes', nli: 'contradicted' },
            ]
          : [
              { reason: 'unrelated', relevant: 'no', nli: 'neutral' },
              { reason: 'names sardines', relevant: 'yes', nli: 'entailed' },
              { reason: 'unrelated', relevant: 'no', nli: 'neutral' },
            ],
      };
    },
  });
}

function chatDeps(): ChatDeps {
  return {
    ...memoryStore(),
    model: scriptedModel({
      stream: [{ chunks: ['[joy] Sardines, obviously. ', 'And I adore the vacuum!'] }],
    }),
    clock: fixedClock('2025-05-12T06:00:00Z'),
    ids: sequentialIds(),
    logger: silentLogger,
  };
}

describe('runPersonaEval', () => {
  it('splits each persona once, answers through the dialogue pipeline, and scores APC per query', async () => {
    const judge = judgeModel();
    const chat = chatDeps();
    const cache = memoryJsonStore();
    const deps = {
      chat,
      companionId: 'companion',
      judge: createJudge({ model: judge, modelId: 'judge', store: cache }),
      cache,
      logger: silentLogger,
    };
    const result = await runPersonaEval(deps, { personas, queries, concurrency: 2 });

    expect(result.statements.map((s) => [s.persona, s.statements.length])).toEqual([
      ['mochi', 3],
      ['doubao', 3],
    ]);
    expect(judge.calls.filter((c) => c.name === 'persona_statements')).toHaveLength(2);
    const split = judge.calls.find((c) => c.name === 'persona_statements' && c.prompt.includes('Mochi'));
    expect(split?.prompt).toContain('> Dislikes: the vacuum cleaner, closed doors, wet paws');
    expect(split?.system).toContain('atomic persona statements');

    expect(result.items.map((i) => [i.persona, i.status, i.apc?.apc])).toEqual([
      ['mochi', 'ok', 3],
      ['mochi', 'ok', 2],
      ['doubao', 'ok', 3],
    ]);
    const item = result.items[1];
    expect(item?.response).toBe('Sardines, obviously. And I adore the vacuum!');
    expect(item?.judgements[2]).toEqual({
      statement: 'X dislikes the vacuum cleaner.',
      reason: 'says it loves the vacuum',
      relevant: 'yes',
      nli: 'contradicted',
    });
    expect(item?.apc).toMatchObject({ statements: 3, active: 1, contradictions: 1 });
    expect(item?.apc?.normalized).toBeCloseTo(2 / 3, 10);

    const apcCall = judge.calls.find((c) => c.name === 'persona_apc' && c.prompt.includes('when I vacuum'));
    expect(apcCall?.prompt).toContain('> 3. X dislikes the vacuum cleaner.');
    expect(apcCall?.prompt).toContain('<query>\n> Do you like it when I vacuum?\n</query>');
    expect(apcCall?.prompt).toContain('> Sardines, obviously. And I adore the vacuum!');
    expect(apcCall?.system).toContain('Return exactly 3 judgements');
    // a fresh owner and pet per query: every reply is the first turn of its own session
    expect((chat.model as ScriptedModel).doStreamCalls).toHaveLength(3);
    // (the system message, the conversation-start turn, the pet's greeting, the query)
    for (const call of (chat.model as ScriptedModel).doStreamCalls) {
      expect(call.prompt.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    }

    // resume: nothing is asked again
    const again = await runPersonaEval({ ...deps, chat: chatDeps() }, { personas, queries, concurrency: 2 });
    expect(judge.calls).toHaveLength(5);
    expect(again.items.map((i) => i.cached)).toEqual(
      result.items.map(() => ({ response: true, judgement: true })),
    );
    expect(again.items.map((i) => i.apc)).toEqual(result.items.map((i) => i.apc));
  });

  it('aggregates per persona and overall, and renders the table', async () => {
    const judge = judgeModel();
    const cache = memoryJsonStore();
    const result = await runPersonaEval(
      {
        chat: chatDeps(),
        companionId: 'c',
        judge: createJudge({ model: judge, modelId: 'j', store: cache }),
        cache,
        logger: silentLogger,
      },
      { personas, queries, concurrency: 1 },
    );
    const table = aggregatePersonas(result);
    expect(table.rows[0]).toMatchObject({ persona: 'mochi', statements: 3, n: 2, failed: 0 });
    expect(table.rows[0]?.apc.mean).toBeCloseTo(2.5, 10);
    expect(table.rows[0]?.apc.std).toBeCloseTo(Math.SQRT1_2, 10);
    expect(table.overall.n).toBe(3);
    expect(table.overall.normalized.mean).toBeCloseTo((1 + 2 / 3 + 1) / 3, 10);
    expect(table.macroNormalized).toBeCloseTo(((1 + 2 / 3) / 2 + 1) / 2, 10);

    const report: PersonaReport = {
      kind: 'ipet-eval-persona',
      version: 1,
      simulator: true,
      warning: 'SIMULATOR — these numbers measure nothing',
      createdAt: '2025-05-12T06:00:00Z',
      setup: {
        companion: { model: 'c', simulator: true },
        judge: { model: 'j', simulator: false },
        personas: 2,
        queries: 3,
        promptVersion: 'v1',
        formula: APC_FORMULA,
      },
      table,
      usageThisRun: {},
      statements: result.statements,
      items: result.items,
    };
    const md = renderPersonaTable(report);
    expect(md).toContain(
      '> **SIMULATOR — these numbers measure nothing.** The companion model is the ipet simulator',
    );
    expect(md).toContain('| mochi | en | 3 | 2 | 2.50 ± 0.71 | 0.833 ± 0.236 | 1.0 ± 0.0 | 0.5 ± 0.7 |');
    expect(md).toContain('| **Overall** | | | 3 |');
  });

  it('fails the queries of a persona that could not be split, and keeps going', async () => {
    const judge = scriptedModel({
      generate: (call) => (call.name === 'persona_statements' ? 'no json' : { judgements: [] }),
    });
    const cache = memoryJsonStore();
    const result = await runPersonaEval(
      {
        chat: chatDeps(),
        companionId: 'c',
        judge: createJudge({ model: judge, modelId: 'j', store: cache, maxAttempts: 1 }),
        cache,
        logger: silentLogger,
      },
      { personas: personas.slice(0, 1), queries: queries.slice(0, 1), concurrency: 1 },
    );
    expect(result.statements[0]?.error).toBeTruthy();
    expect(result.items[0]).toMatchObject({ status: 'failed', apc: null });
    expect(result.items[0]?.error).toMatch(/not split/);
  });
});
