import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedModel } from '../../test/index.ts';
import { dirJsonStore, memoryJsonStore } from './json-store.ts';
import { createJudge, judgeCacheKey } from './judge.ts';

const schema = z.object({ analysis: z.string(), rating: z.number().int().min(1).max(5) });
const call = { schema, schemaName: 'judge_x', system: 'rate it', prompt: 'the sample' };

describe('judge', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('asks at temperature 0 with the judge purpose, and caches by (model, prompt)', async () => {
    const model = scriptedModel({ generate: () => ({ analysis: 'ok', rating: 4 }) });
    const { calls } = model;
    const store = memoryJsonStore();
    const judge = createJudge({ model, modelId: 'judge-a', store });
    const first = await judge.ask(call);
    expect(first).toEqual({
      object: { analysis: 'ok', rating: 4 },
      usage: { calls: 1, inputTokens: 100, outputTokens: 20 },
      cached: false,
    });
    expect(model.doGenerateCalls[0]?.temperature).toBe(0);
    expect(model.doGenerateCalls[0]?.providerOptions).toMatchObject({ ipet: { purpose: 'judge' } });

    const again = await judge.ask(call);
    expect(again).toEqual({ ...first, cached: true });
    expect(calls).toHaveLength(1);

    await judge.ask({ ...call, prompt: 'another sample' });
    expect(calls).toHaveLength(2);
    // another judge model never reuses these answers
    await createJudge({ model, modelId: 'judge-b', store }).ask(call);
    expect(calls).toHaveLength(3);
    expect(judgeCacheKey('judge-a', call)).not.toBe(judgeCacheKey('judge-b', call));
  });

  it('asks again when a cached answer no longer fits the schema', async () => {
    const model = scriptedModel({ generate: () => ({ analysis: 'ok', rating: 2 }) });
    const { calls } = model;
    const store = memoryJsonStore();
    await store.write('judge', judgeCacheKey('m', call), {
      object: { analysis: 'old', rating: 9 },
      usage: { calls: 1, inputTokens: 1, outputTokens: 1 },
    });
    const answer = await createJudge({ model, modelId: 'm', store }).ask(call);
    expect(answer.cached).toBe(false);
    expect(answer.object.rating).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it('keeps answers on disk for the next process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ipet-judge-'));
    dirs.push(dir);
    const model = scriptedModel({ generate: () => ({ analysis: 'ok', rating: 5 }) });
    const { calls } = model;
    await createJudge({ model, modelId: 'm', store: dirJsonStore(dir) }).ask(call);
    const second = await createJudge({ model, modelId: 'm', store: dirJsonStore(dir) }).ask(call);
    expect(second.cached).toBe(true);
    expect(calls).toHaveLength(1);
    expect((await readdir(join(dir, 'judge'))).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
