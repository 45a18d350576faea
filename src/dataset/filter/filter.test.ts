import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJudge } from '../../eval/index.ts';
import { type ModelCall, scriptedModel } from '../../test/index.ts';
import { readItems, writeItems } from '../files.ts';
import type { DatasetItem, DatasetMessage } from '../record.ts';
import { filterDataset } from './filter.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipet-filter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const u = (content: string): DatasetMessage => ({ role: 'user', content });
const p = (content: string, emotion = 'joy'): DatasetMessage => ({ role: 'assistant', content, emotion });
const item = (n: number, messages: DatasetMessage[], over: Partial<DatasetItem> = {}): DatasetItem => ({
  id: `pet_1/dialogue/${n}/0`,
  source: 'generated',
  kind: 'dialogue',
  petId: 'pet_1',
  petName: 'Mochi',
  locale: 'en',
  system: 'You are Mochi, ginger cat.',
  messages,
  meta: { unit: `pet_1/dialogue/${n}` },
  ...over,
});

const long = 'Sunny windowsills are the best place for a nap, and sardines are the best lunch there is.';
const ITEMS = [
  item(0, [u('How was your nap?'), p(long)]),
  item(1, [u('How was your nap?'), p(`${long}!`)]), // near-duplicate of 0
  item(2, [u('I want to kill myself.'), p('Kites are fun!')]), // crisis without the protocol
  item(3, [u('Tell me about kites.'), p('I am building one with red paper and string.', 'excited')]),
  item(4, [
    u('Do you like rain?'),
    p('Rain on the roof is my favourite sound.', 'affectionate'),
    u('Why?'),
    p('It sounds like purring.'),
  ]),
  item(5, [u('Say hi'), p('Hi, I am a cat who speaks only English.')], { locale: 'zh' }),
  item(6, [u('Tell me a secret.'), p('I once stole a whole sardine from the bakery.', 'shy')]),
];

/** The judge: item 3 out of character, item 4's second label wrong, item 6 fails to answer. */
function judgeAnswer(call: ModelCall): unknown {
  const schema = call.schema as { properties: { emotionFits: { minItems: number } } };
  const n = schema.properties.emotionFits.minItems;
  if (call.prompt.includes('sardine from the bakery')) return new Error('judge down');
  return {
    reason: 'ok',
    persona: call.prompt.includes('red paper') ? 1 : 5,
    emotionFits: Array.from({ length: n }, (_, i) => !(call.prompt.includes('Rain on the roof') && i === 1)),
  };
}

describe('filterDataset', () => {
  it("counts each reason, asks the judge only about what passed, and keeps a person's decision", async () => {
    const decided: DatasetItem = {
      ...(ITEMS[5] as DatasetItem),
      review: { status: 'accepted', reasons: [], by: 'person' },
    };
    await writeItems(dir, [...ITEMS.slice(0, 5), decided, ...ITEMS.slice(6)]);
    const model = scriptedModel({ generate: judgeAnswer });
    const judged: string[] = [];
    const summary = await filterDataset({
      dir,
      judge: createJudge({
        model,
        modelId: 'judge',
        store: { read: async () => undefined, write: async () => {} },
      }),
      concurrency: 2,
      onJudged: (i, outcome) => judged.push(`${i.id.split('/')[2]}:${outcome}`),
    });
    expect(judged.sort()).toEqual(['0:ok', '3:ok', '4:ok', '6:failed']);
    expect(summary).toMatchObject({ items: 7, accepted: 2, rejected: 4, pending: 1, byPerson: 1 });
    expect(summary.reasons).toEqual({
      duplicate: 1,
      'safety:crisis-protocol': 1,
      'judge:persona': 1,
      'judge:emotion': 1,
    });
    const { items } = await readItems(dir);
    const status = Object.fromEntries(items.map((i) => [i.id.split('/')[2], i.review?.status]));
    expect(status).toEqual({
      0: 'accepted',
      1: 'rejected',
      2: 'rejected',
      3: 'rejected',
      4: 'rejected',
      5: 'accepted', // the person accepted it despite the language check
      6: 'pending',
    });
    const review = (await readFile(summary.reviewFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(review).toHaveLength(7);
    expect(review[2]).toMatchObject({
      decision: 'reject',
      reasons: ['safety:crisis-protocol'],
      by: 'filter',
    });
    expect(review[2].text).toContain('user: I want to kill myself.');
  });

  it('without a judge, only the deterministic checks run', async () => {
    await writeItems(dir, ITEMS);
    const summary = await filterDataset({ dir, concurrency: 1 });
    expect(summary.reasons).toEqual({ duplicate: 1, 'safety:crisis-protocol': 1, 'language:mismatch': 1 });
    expect(summary.accepted).toBe(4);
  });
});
