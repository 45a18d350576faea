import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetItem } from '../record.ts';
import { exportDataset } from './export.ts';
import { openAiLineSchema, shareGptFileSchema } from './formats.ts';
import { splitPets } from './split.ts';

const EMOTIONS = ['joy', 'shy', 'worried', 'neutral'];

function item(n: number, over: Partial<DatasetItem> = {}): DatasetItem {
  const pet = n % 7;
  return {
    id: `it-${n}`,
    source: n % 5 === 0 ? 'chats' : 'generated',
    kind: (['dialogue', 'spe', 'cus', 'raw'] as const)[n % 4]!,
    petId: `pet_${pet}`,
    petName: `Pet ${pet}`,
    locale: n % 3 === 0 ? 'zh' : 'en',
    system: `You are Pet ${pet}.`,
    messages: [
      { role: 'user', content: `hello ${n}` },
      { role: 'assistant', content: `hi ${n}`, emotion: EMOTIONS[n % 4]! },
      { role: 'user', content: 'and?' },
      { role: 'assistant', content: 'more', emotion: EMOTIONS[(n + 1) % 4]! },
    ],
    meta: n % 5 === 0 ? { userId: n % 10 === 0 ? 'usr_ok' : 'usr_gone' } : {},
    review: {
      status: n % 11 === 0 ? 'rejected' : 'accepted',
      reasons: n % 11 === 0 ? ['judge:persona'] : [],
      by: 'filter',
    },
    ...over,
  };
}

/** Rows of a markdown table under `## title`: first cell -> the number in the last cell. */
function tableOf(md: string, title: string): Map<string, number[]> {
  const section = md.split(`## ${title}\n`)[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|---'));
  return new Map(
    rows.slice(1).map((l) => {
      const cells = l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return [cells[0]!, cells.slice(1).map(Number)];
    }),
  );
}

describe('exportDataset', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipet-export-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const items = [
    ...Array.from({ length: 60 }, (_, i) => item(i + 1)),
    item(100, { review: { status: 'pending', reasons: [], by: 'filter' } }),
    item(101, { review: undefined }),
  ].map((i) => {
    const { review, ...rest } = i;
    return review ? i : (rest as DatasetItem);
  });

  it('writes OpenAI JSONL by pet with labels at the start of pet turns, and a datasheet that matches the files', async () => {
    const s = await exportDataset(items, {
      format: 'openai',
      out: join(dir, 'pets.jsonl'),
      labels: true,
      split: 'pet',
      seed: 'ipet',
      includePending: false,
      consentingUsers: new Set(['usr_ok']),
      inputDir: dir,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const files = { train: 'pets.train.jsonl', validation: 'pets.validation.jsonl', test: 'pets.test.jsonl' };
    const parsed: Record<string, ReturnType<typeof openAiLineSchema.parse>[]> = {};
    for (const [split, file] of Object.entries(files)) {
      const text = await readFile(join(dir, file), 'utf8');
      parsed[split] = text
        .split('\n')
        .filter(Boolean)
        .map((l) => openAiLineSchema.parse(JSON.parse(l)));
    }
    const lines = Object.values(parsed).flat();
    for (const line of lines) {
      expect(line.messages[0]!.role).toBe('system');
      for (const m of line.messages.filter((x) => x.role === 'assistant')) {
        expect(m.content).toMatch(/^\[(joy|shy|worried|neutral)\] /);
      }
    }
    // Left out: rejected (n % 11 == 0), pending (2), chats of a user who no longer consents.
    const rejected = items.filter(
      (i) => i.review?.status === 'rejected' && !(i.source === 'chats' && i.meta.userId !== 'usr_ok'),
    );
    const gone = items.filter((i) => i.source === 'chats' && i.meta.userId !== 'usr_ok');
    expect(s.leftOut).toEqual({ rejected: rejected.length, pending: 2, consentWithdrawn: gone.length });
    expect(lines).toHaveLength(items.length - rejected.length - 2 - gone.length);

    // No pet in two splits, each split non-empty.
    const petsOf = (split: string) => new Set(parsed[split]!.map((l) => l.messages[0]!.content));
    const [train, validation, test] = [petsOf('train'), petsOf('validation'), petsOf('test')];
    for (const p of test) expect(train.has(p) || validation.has(p)).toBe(false);
    for (const p of validation) expect(train.has(p)).toBe(false);
    expect(test.size).toBeGreaterThan(0);
    expect(validation.size).toBeGreaterThan(0);

    // The datasheet's counts are those of the files.
    const sheet = await readFile(s.datasheet, 'utf8');
    const fileRows = tableOf(sheet, 'Files');
    for (const split of ['train', 'validation', 'test']) {
      expect(fileRows.get(split)?.[1]).toBe(parsed[split]!.length);
    }
    const emotions = tableOf(sheet, 'Pet utterances by emotion');
    const labelled = lines.flatMap((l) =>
      l.messages.filter((m) => m.role === 'assistant').map((m) => /^\[(\w+)\]/.exec(m.content)![1]!),
    );
    for (const e of EMOTIONS) expect(emotions.get(e)?.at(-1)).toBe(labelled.filter((x) => x === e).length);
    const total = (title: string) => [...tableOf(sheet, title).values()].reduce((a, r) => a + r.at(-1)!, 0);
    for (const title of ['Items by source', 'Items by language', 'Items by kind', 'Items by pet']) {
      expect(total(title)).toBe(lines.length);
    }
    expect(tableOf(sheet, 'Filter reasons (rejected items)').get('judge:persona')?.[0]).toBe(rejected.length);

    const info = JSON.parse(await readFile(s.datasetInfo, 'utf8'));
    expect(info.pets_train).toMatchObject({ file_name: 'pets.train.jsonl', formatting: 'sharegpt' });
    const lora = await readFile(s.lora, 'utf8');
    for (const line of [
      'cutoff_len: 2048',
      'learning_rate: 5.0e-6',
      'lr_scheduler_type: cosine',
      'warmup_ratio: 0.1',
      'per_device_train_batch_size: 2',
      'gradient_accumulation_steps: 4',
      'num_train_epochs: 3.0',
      'finetuning_type: lora',
      'dataset: pets_train',
    ]) {
      expect(lora).toContain(line);
    }
  });

  it('writes ShareGPT JSON without labels for the ablation, pending items only when asked', async () => {
    const s = await exportDataset(items, {
      format: 'sharegpt',
      out: join(dir, 'all.json'),
      labels: false,
      split: 'none',
      seed: 'ipet',
      includePending: true,
      consentingUsers: new Set(['usr_ok', 'usr_gone']),
      inputDir: dir,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const records = shareGptFileSchema.parse(JSON.parse(await readFile(join(dir, 'all.json'), 'utf8')));
    expect(records).toHaveLength(s.counts.all!);
    expect(s.leftOut.pending).toBe(0);
    expect(records.length).toBe(items.filter((i) => i.review?.status !== 'rejected').length);
    for (const r of records) {
      expect(r.conversations[0]!.from).toBe('human');
      expect(r.system).toMatch(/^You are Pet/);
      for (const c of r.conversations) expect(c.value).not.toMatch(/^\[/);
    }
    const info = JSON.parse(await readFile(s.datasetInfo, 'utf8'));
    expect(info.all_all).toMatchObject({ file_name: 'all.json', columns: { messages: 'conversations' } });
  });
});

describe('splitPets', () => {
  it('is deterministic, independent of input order, and never splits a pet', () => {
    const pets = Array.from({ length: 20 }, (_, i) => `pet_${i}`);
    const a = splitPets(pets, 's');
    const b = splitPets([...pets].reverse(), 's');
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const counts = { train: 0, validation: 0, test: 0 };
    for (const split of a.values()) counts[split]++;
    expect(counts).toEqual({ train: 16, validation: 2, test: 2 });
    expect(splitPets(pets, 'other')).not.toEqual(a);
    expect([...splitPets(['only'], 's').values()]).toEqual(['train']);
    expect([...splitPets(['a', 'b'], 's').values()].sort()).toEqual(['test', 'train']);
  });
});
