import { describe, expect, it } from 'vitest';
import { parseExportTestSet } from './export-test-set.ts';
import { type ReferenceRecord, summarizeByKind } from './run-reference-eval.ts';

const manifest = {
  kind: 'ipet-dataset-export' as const,
  files: {
    test: {
      file: 'pets.test.jsonl',
      items: [
        { id: 'a', kind: 'spe', petName: 'Mochi', locale: 'en' as const },
        { id: 'b', kind: 'raw', petName: '团子', locale: 'zh' as const },
      ],
    },
  },
};

const openai = [
  {
    messages: [
      { role: 'system', content: 'Mochi is a cat.' },
      { role: 'user', content: 'Hi?' },
      { role: 'assistant', content: '[joy] Hello there!' },
    ],
  },
  {
    messages: [
      { role: 'system', content: '团子是一只狗。' },
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '[shy] 你好呀' },
      { role: 'user', content: '再见' },
      { role: 'assistant', content: '拜拜' },
    ],
  },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

describe('parseExportTestSet', () => {
  it('reads OpenAI lines with the manifest: persona, first exchange, label removed, kind', () => {
    const items = parseExportTestSet(openai, 'pets.test.jsonl', manifest, 'pets.test.jsonl');
    expect(items.map((i) => [i.id, i.kind, i.character, i.locale, i.query, i.reference])).toEqual([
      ['a', 'spe', 'Mochi', 'en', 'Hi?', 'Hello there!'],
      ['b', 'raw', '团子', 'zh', '你好', '你好呀'],
    ]);
    expect(items[0]!.profile.background).toBe('Mochi is a cat.');
  });

  it('reads ShareGPT, and marks kinds unknown without a manifest', () => {
    const sharegpt = JSON.stringify([
      {
        conversations: [
          { from: 'human', value: 'Hi?' },
          { from: 'gpt', value: '[joy] Hello!' },
        ],
        system: 'Mochi.',
      },
    ]);
    const [item] = parseExportTestSet(sharegpt, 'x.json', null, 'x.json');
    expect(item).toMatchObject({ kind: 'unknown', query: 'Hi?', reference: 'Hello!' });
  });

  it('refuses a manifest that does not match the file', () => {
    expect(() =>
      parseExportTestSet(openai.split('\n')[0]!, 'pets.test.jsonl', manifest, 'pets.test.jsonl'),
    ).toThrow(/manifest/);
  });
});

describe('summarizeByKind', () => {
  const rec = (kind: string | null, f: number | null) =>
    ({
      kind,
      rougeL: f === null ? null : { f, precision: f, recall: f },
      status: f === null ? 'failed' : 'ok',
    }) as ReferenceRecord;

  it('orders RAW, CUS, SPE, dialogue and averages the RAW/CUS/SPE means as the paper does', () => {
    const rows = summarizeByKind([
      rec('dialogue', 0.9),
      rec('spe', 0.2),
      rec('raw', 0.6),
      rec('raw', 0.4),
      rec('cus', 0.3),
      rec('cus', null),
    ]);
    expect(rows.map((r) => [r.kind, r.n, r.failed, Number(r.f.mean.toFixed(4))])).toEqual([
      ['raw', 2, 0, 0.5],
      ['cus', 1, 1, 0.3],
      ['spe', 1, 0, 0.2],
      ['dialogue', 1, 0, 0.9],
      ['avg', 4, 1, 0.3333],
    ]);
    expect(summarizeByKind([rec(null, 0.5)])).toEqual([]);
    // Without RAW/CUS/SPE the average is over what there is.
    expect(summarizeByKind([rec('dialogue', 0.5)]).at(-1)?.f.mean).toBe(0.5);
  });
});
