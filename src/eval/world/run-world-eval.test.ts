import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/index.ts';
import { randomIds, silentLogger } from '../../core/index.ts';
import { openTestStore, type ScriptedModel, scriptedModel } from '../../test/index.ts';
import { memoryJsonStore } from '../common/json-store.ts';
import { createJudge } from '../common/judge.ts';
import { bundledOwners, bundledPersonas, pickWorldSamples } from '../common/samples.ts';
import { runWorldEval, type WorldEvalDeps } from './run-world-eval.ts';

const NOW = new Date('2025-05-12T06:00:00Z');
const samples = pickWorldSamples(bundledPersonas(), bundledOwners(), { count: 2, seed: 3 });

describe('runWorldEval (Basic Information: no companion calls)', () => {
  // One store for the file (opening PGlite takes seconds); the runner reuses its users and pets.
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  }, 60_000);
  afterAll(() => store?.close());

  const companion = scriptedModel({
    modelId: 'companion',
    generate: () => {
      throw new Error('basic-info must not call the companion model');
    },
  });

  const deps = (judgeModel: ScriptedModel, cache = memoryJsonStore()) =>
    ({
      store,
      companion,
      companionId: 'companion',
      judge: createJudge({ model: judgeModel, modelId: 'judge', store: cache }),
      cache,
      ids: randomIds,
      logger: silentLogger,
    }) satisfies WorldEvalDeps;

  it(
    'rates every (sample, mode, method) on the four metrics, and a rerun re-reads every judgement',
    { timeout: 30_000 },
    async () => {
      const judge = scriptedModel({
        generate: (call) => ({
          analysis: `analysis of ${call.name}`,
          rating: call.name === 'judge_realism' ? 0 : 3,
        }),
      });
      const cache = memoryJsonStore();
      const done: string[] = [];
      const input = {
        samples,
        modes: ['normal', 'memory'] as const,
        methods: ['basic-info'] as const,
        now: NOW,
        concurrency: 3,
        onJobDone: (r: { sampleId: string; mode: string }) => done.push(`${r.sampleId}/${r.mode}`),
      };
      const { records, friendPools } = await runWorldEval(deps(judge, cache), input);
      expect(friendPools).toEqual({});
      expect(records).toHaveLength(4);
      expect(done).toHaveLength(4);
      expect(records.every((r) => r.status === 'ok')).toBe(true);
      expect(judge.calls).toHaveLength(16);
      const first = records[0];
      expect(first?.scores.realism).toEqual({ analysis: 'analysis of judge_realism', rating: 0 });
      expect(first?.scores.attraction?.rating).toBe(3);
      expect(first?.usage.generation).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0 });
      expect(first?.usage.judge).toEqual({ calls: 4, inputTokens: 400, outputTokens: 80 });
      expect(first?.day?.outline).toContain(samples[0]?.pet.profile.name);
      expect(first?.day?.schedule).toEqual([]);
      expect(companion.calls).toHaveLength(0);

      // the judge saw the sample, and the memories only in memory mode
      const memoryText = samples[0]?.owner.memories[0]?.text as string;
      const prompts = judge.calls.filter((c) => c.prompt.includes(`> Name: ${samples[0]?.pet.profile.name}`));
      expect(prompts.filter((c) => c.prompt.includes(memoryText))).toHaveLength(4);
      expect(prompts.filter((c) => !c.prompt.includes(memoryText))).toHaveLength(4);

      // resume: same output directory (cache), a fresh store
      const { records: again } = await runWorldEval(deps(judge, cache), input);
      expect(judge.calls).toHaveLength(16);
      expect(again.map((r) => r.cached)).toEqual(records.map(() => ({ day: true, judgements: 4 })));
      expect(again.map((r) => r.scores)).toEqual(records.map((r) => r.scores));
      // re-read judgements still count what they cost
      expect(again[0]?.usage.judge).toEqual(first?.usage.judge);
    },
  );

  it(
    'records a failed judgement instead of throwing, and a rerun redoes only that',
    { timeout: 30_000 },
    async () => {
      const cache = memoryJsonStore();
      const flaky = scriptedModel({
        generate: (call) =>
          call.name === 'judge_attraction' && call.prompt.includes('# What the pet remembers')
            ? 'not json'
            : { analysis: 'a', rating: 2 },
      });
      const input = {
        samples: samples.slice(0, 1),
        modes: ['normal', 'memory'] as const,
        methods: ['basic-info'] as const,
        now: NOW,
        concurrency: 2,
      };
      const { records } = await runWorldEval(deps(flaky, cache), input);
      expect(records.map((r) => [r.mode, r.status])).toEqual([
        ['normal', 'ok'],
        ['memory', 'failed'],
      ]);
      expect(records[1]?.error).toMatch(/attempts|valid/i);
      // the three metrics that were rated are paid for and kept
      expect(records[1]?.usage.judge.calls).toBe(3);
      expect(Object.keys(records[1]?.scores ?? {})).toHaveLength(3);

      const fixed = scriptedModel({ generate: () => ({ analysis: 'b', rating: 4 }) });
      const { records: rerun } = await runWorldEval(deps(fixed, cache), input);
      expect(rerun.map((r) => r.status)).toEqual(['ok', 'ok']);
      expect(fixed.calls.map((c) => c.name)).toEqual(['judge_attraction']);
      expect(rerun[1]?.cached.judgements).toBe(3);
    },
  );
});
