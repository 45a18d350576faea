import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/index.ts';
import { readItems, writeItems } from '../files.ts';
import type { DatasetItem } from '../record.ts';
import { applyReviewFile, writeReviewFile } from './review-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipet-review-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const item = (n: number, status: 'accepted' | 'rejected', reasons: string[] = []): DatasetItem => ({
  id: `pet_1/spe/0/${n}`,
  source: 'generated',
  kind: 'spe',
  petId: 'pet_1',
  petName: 'Mochi',
  locale: 'en',
  system: 'You are Mochi.',
  messages: [
    { role: 'user', content: `Question ${n}?` },
    { role: 'assistant', content: `Answer ${n}.`, emotion: 'joy' },
  ],
  meta: {},
  review: { status, reasons, by: 'filter' },
});

async function setup() {
  await writeItems(dir, [item(0, 'accepted'), item(1, 'rejected', ['judge:persona']), item(2, 'accepted')]);
  const path = await writeReviewFile(dir, (await readItems(dir)).items);
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('review --apply', () => {
  it("records a person's edits and nothing else", async () => {
    const rows = await setup();
    rows[0].decision = 'reject';
    rows[0].reasons = ['person:off-topic'];
    rows[0].note = 'answers a different question';
    rows[1].decision = 'accept';
    const file = join(dir, 'edited.jsonl');
    // Rows may be reordered and some left out; blank lines are fine.
    await writeFile(
      file,
      `${JSON.stringify(rows[1])}\n\n${JSON.stringify(rows[0])}\n${JSON.stringify(rows[2])}\n`,
    );
    expect(await applyReviewFile({ file, dir })).toEqual({
      changed: 2,
      unchanged: 1,
      accepted: 2,
      rejected: 1,
      pending: 0,
    });
    const reviews = (await readItems(dir)).items.map((i) => i.review);
    expect(reviews).toEqual([
      { status: 'rejected', reasons: ['person:off-topic'], by: 'person' },
      { status: 'accepted', reasons: [], by: 'person' },
      { status: 'accepted', reasons: [], by: 'filter' },
    ]);
  });

  it('reports every bad line by number and changes nothing', async () => {
    const rows = await setup();
    const before = await readFile(join(dir, 'items.jsonl'), 'utf8');
    rows[0].decision = 'reject';
    const file = join(dir, 'bad.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify(rows[0]),
        '{"id": "pet_1/spe/0/1", "decision": "maybe"}',
        'not json',
        JSON.stringify({ id: 'pet_9/spe/0/0', decision: 'accept' }),
        JSON.stringify({ id: 'pet_1/spe/0/0', decision: 'accept' }),
      ].join('\n'),
    );
    const error = await applyReviewFile({ file, dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toContain('line 2: decision must be accept, reject, pending');
    expect(message).toContain('line 3: not JSON');
    expect(message).toContain('line 4: no item pet_9/spe/0/0');
    expect(message).toContain('line 5: item pet_1/spe/0/0 is already on line 1');
    expect(message).not.toContain('line 1:');
    expect(await readFile(join(dir, 'items.jsonl'), 'utf8')).toBe(before);
  });

  it('reads a CSV review file edited in a spreadsheet, with line numbers across multi-line cells', async () => {
    await setup();
    const path = await writeReviewFile(dir, (await readItems(dir)).items, 'csv');
    expect(path.endsWith('review.csv')).toBe(true);
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('id,decision,reasons,by,kind,pet,locale,text,note');
    const edited = csv
      .replace('pet_1/spe/0/0,accept,', 'pet_1/spe/0/0,reject,"person:wrong, facts",')
      .replace('pet_1/spe/0/1,reject,', 'pet_1/spe/0/1,Accept,');
    const file = join(dir, 'edited.csv');
    await writeFile(file, edited);
    expect(await applyReviewFile({ file, dir })).toMatchObject({ changed: 2, accepted: 2, rejected: 1 });
    expect((await readItems(dir)).items.map((i) => i.review)).toEqual([
      { status: 'rejected', reasons: ['person:wrong, facts'], by: 'person' },
      { status: 'accepted', reasons: [], by: 'person' },
      { status: 'accepted', reasons: [], by: 'filter' },
    ]);

    // Each record's text cell spans two lines: records start on lines 2, 4 and 6.
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, csv.replace('pet_1/spe/0/2,accept,', 'pet_1/spe/0/2,ok,'));
    await expect(applyReviewFile({ file: bad, dir })).rejects.toThrow(/line 6: decision must be/);
    await writeFile(bad, `${csv}pet_1/spe/0/0,accept,,,,,,"unclosed\r\n`);
    await expect(applyReviewFile({ file: bad, dir })).rejects.toThrow(/line 8: a quoted field is not closed/);
    await writeFile(bad, 'item,verdict\r\npet_1/spe/0/0,accept\r\n');
    await expect(applyReviewFile({ file: bad, dir })).rejects.toThrow(/line 1: the header must name/);
  });
});
