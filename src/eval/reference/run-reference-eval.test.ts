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
import { parseReferenceDataset } from './dataset.ts';
import { renderReferenceTable } from './report.ts';
import { runReferenceEval, summarizeReference } from './run-reference-eval.ts';

const DATA = [
  {
    id: 'a',
    persona: 'A cheerful student who loves novelty.',
    name: 'Zhou',
    query: 'How do you feel?',
    reference: 'police killed the gunman',
    response: 'police kill the gunman',
  },
  {
    persona: { name: 'Mochi', kind: 'cat' },
    query: 'What do you eat?',
    reference: 'I eat sardines every day',
  },
  { persona: '周小北是一个爱笑的学生。', query: '你喜欢什么？', reference: '我喜欢吃苹果' },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

function chat(): ChatDeps {
  return {
    ...memoryStore(),
    model: scriptedModel({ stream: [{ chunks: ['[joy] I eat sardines, obviously.'] }] }),
    clock: fixedClock('2025-05-12T06:00:00Z'),
    ids: sequentialIds(),
    logger: silentLogger,
  };
}

describe('reference evaluation', () => {
  it('parses persona text or profiles, guessing the language', () => {
    const items = parseReferenceDataset(DATA, 'd.jsonl');
    expect(items.map((i) => [i.id, i.character, i.locale])).toEqual([
      ['a', 'Zhou', 'en'],
      ['line-2', 'Mochi', 'en'],
      ['line-3', '角色', 'zh'],
    ]);
    expect(items[0]?.profile.background).toBe('A cheerful student who loves novelty.');
    expect(() => parseReferenceDataset('{"persona":"x","query":"q"}', 'd.jsonl')).toThrow(
      /d\.jsonl:1: reference/,
    );
  });

  it('scores given responses as is and generates the others through the dialogue pipeline, once', async () => {
    const items = parseReferenceDataset(DATA, 'd.jsonl');
    const cache = memoryJsonStore();
    const deps = { chat: chat(), companionId: 'c', cache, logger: silentLogger };
    const records = await runReferenceEval(deps, { items, concurrency: 2 });
    expect(records.map((r) => [r.source, r.status])).toEqual([
      ['given', 'ok'],
      ['generated', 'ok'],
      ['generated', 'ok'],
    ]);
    expect(records[0]?.rougeL?.f).toBeCloseTo(0.75, 10);
    expect(records[1]?.response).toBe('I eat sardines, obviously.');
    // LCS "i eat sardines" = 3; P = 3/4, R = 3/5
    expect(records[1]?.rougeL?.f).toBeCloseTo((2 * 0.75 * 0.6) / 1.35, 10);

    const model = deps.chat.model as ScriptedModel;
    expect(model.doStreamCalls).toHaveLength(2);
    const again = await runReferenceEval({ ...deps, chat: chat() }, { items, concurrency: 2 });
    expect(again.map((r) => r.cached)).toEqual([false, true, true]);

    const summary = summarizeReference(records);
    expect(summary.map((s) => [s.character, s.n])).toEqual([
      ['Zhou', 1],
      ['Mochi', 1],
      ['角色', 1],
      ['all', 3],
    ]);
    const md = renderReferenceTable({
      kind: 'ipet-eval-reference',
      version: 1,
      simulator: false,
      warning: null,
      createdAt: '',
      setup: { file: 'd.jsonl', companion: { model: 'c', simulator: false }, lines: 3 },
      summary,
      records,
    });
    expect(md).toContain('| Zhou | 1 | 0.7500 ± 0.0000 | 0.7500 ± 0.0000 | 0.7500 ± 0.0000 |');
    expect(md).toContain('| **All** | 3 |');
  });

  it('fails lines that need a model when none is configured', async () => {
    const records = await runReferenceEval(
      { chat: null, companionId: null, cache: memoryJsonStore(), logger: silentLogger },
      { items: parseReferenceDataset(DATA, 'd.jsonl'), concurrency: 1 },
    );
    expect(records.map((r) => r.status)).toEqual(['ok', 'failed', 'failed']);
    expect(summarizeReference(records).at(-1)).toMatchObject({ n: 1, failed: 2 });
  });
});
