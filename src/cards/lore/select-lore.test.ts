import { describe, expect, it } from 'vitest';
import { estimateTokens, ValidationError } from '../../core/index.ts';
import { fixture } from '../fixtures.ts';
import { type Lorebook, readLorebook, stripDecorators } from './book.ts';
import { readLorebookFile } from './read-lorebook-file.ts';
import { scanWindow, selectLore } from './select-lore.ts';

const entry = (over: Record<string, unknown>) => ({
  keys: [],
  content: '',
  extensions: {},
  enabled: true,
  insertion_order: 0,
  ...over,
});
const book = (entries: Record<string, unknown>[], extra: Record<string, unknown> = {}): Lorebook =>
  readLorebook({ extensions: {}, entries: entries.map(entry), ...extra }, 'b', 'book').book;
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

describe('selectLore', () => {
  const shop = book([
    { id: 1, keys: ['Bakery'], content: 'The bakery opens at seven.' },
    {
      id: 2,
      keys: ['Harrow'],
      secondary_keys: ['storm'],
      selective: true,
      content: 'Harrow draws lightning.',
    },
    { id: 3, content: 'It is a small town.', constant: true },
    { id: 4, keys: ['mutiny'], content: 'Old story.', enabled: false },
    { id: 5, keys: ['TEA'], content: 'Tea is precious.', case_sensitive: true },
    { id: 6, keys: ['empty'], content: '   ' },
  ]);

  it('triggers keyed entries on a case-insensitive substring, constant ones always', () => {
    expect(ids(selectLore(shop, ['I went to the BAKERY van']))).toEqual(['b:1', 'b:3']);
    expect(ids(selectLore(shop, ['nothing relevant here']))).toEqual(['b:3']);
  });

  it('never triggers disabled or empty entries', () => {
    expect(ids(selectLore(shop, ['a mutiny! empty words']))).toEqual(['b:3']);
  });

  it('needs a secondary key for selective entries', () => {
    expect(ids(selectLore(shop, ['we passed Harrow']))).toEqual(['b:3']);
    expect(ids(selectLore(shop, ['we passed Harrow in a storm']))).toEqual(['b:2', 'b:3']);
  });

  it('honours case_sensitive', () => {
    expect(ids(selectLore(shop, ['some tea please']))).toEqual(['b:3']);
    expect(ids(selectLore(shop, ['some TEA please']))).toEqual(['b:3', 'b:5']);
  });

  it('only scans the last scan_depth messages', () => {
    const shallow = book([{ id: 1, keys: ['bakery'], content: 'Bakery.' }], { scan_depth: 2 });
    expect(ids(selectLore(shallow, ['the bakery', 'hm', 'ok']))).toEqual([]);
    expect(ids(selectLore(shallow, ['hm', 'the bakery', 'ok']))).toEqual(['b:1']);
  });

  it('matches regex keys with the safe engine, and ignores constant on regex entries', () => {
    const regex = book([
      { id: 1, keys: ['/\\bmoths?\\b/i'], use_regex: true, content: 'Mr Pellucid.' },
      { id: 2, keys: ['/^never$/'], use_regex: true, constant: true, content: 'Not constant.' },
    ]);
    expect(ids(selectLore(regex, ['A MOTH landed']))).toEqual(['b:1']);
    expect(ids(selectLore(regex, ['mothball']))).toEqual([]);
  });

  it('keeps within the token budget, most important first, and returns insertion order', () => {
    const text = (n: number) => 'word '.repeat(n).trim();
    const budgeted = book(
      [
        { id: 'low', keys: ['x'], content: text(40), priority: 1, insertion_order: 1 },
        { id: 'high', keys: ['x'], content: text(40), priority: 9, insertion_order: 3 },
        { id: 'mid', keys: ['x'], content: text(40), priority: 5, insertion_order: 2 },
        { id: 'tiny', keys: ['x'], content: 'short', priority: 0, insertion_order: 0 },
      ],
      { token_budget: 110 },
    );
    const chosen = selectLore(budgeted, ['x']);
    expect(ids(chosen)).toEqual(['b:tiny', 'b:mid', 'b:high']);
    expect(chosen.reduce((n, e) => n + estimateTokens(e.text), 0)).toBeLessThanOrEqual(110);
    expect(ids(selectLore(budgeted, ['x'], 60))).toEqual(['b:tiny', 'b:high']);
  });

  it('without priorities, drops the lowest insertion_order first', () => {
    const b = book(
      [
        { id: 'a', keys: ['x'], content: 'word '.repeat(40), insertion_order: 1 },
        { id: 'b', keys: ['x'], content: 'word '.repeat(40), insertion_order: 2 },
      ],
      { token_budget: 60 },
    );
    expect(ids(selectLore(b, ['x']))).toEqual(['b:b']);
  });

  it('with recursive scanning, lets triggered entries trigger others', () => {
    const entries = [
      { id: 1, keys: ['market'], content: 'Auntie Fen runs the lantern stall.' },
      { id: 2, keys: ['Auntie Fen'], content: 'Auntie Fen sells soy milk.' },
    ];
    expect(ids(selectLore(book(entries), ['the market']))).toEqual(['b:1']);
    expect(ids(selectLore(book(entries, { recursive_scanning: true }), ['the market']))).toEqual([
      'b:1',
      'b:2',
    ]);
  });

  it('bounds the scanned text', () => {
    const window = scanWindow(
      ['a'.repeat(5000), 'b'.repeat(5000), 'c'.repeat(5000), 'd'.repeat(5000), 'e'.repeat(5000)],
      5,
    );
    expect(window.length).toBeLessThanOrEqual(8000 + 5);
    expect(window.endsWith('e'.repeat(2000))).toBe(true);
  });
});

describe('readLorebook', () => {
  it('strips V3 decorators from the content', () => {
    expect(stripDecorators('@@depth 4\n@@@instruct_depth 4\n\nRain falls.')).toBe('Rain falls.');
    expect(book([{ keys: ['rain'], content: '@@role system\nRain.' }]).entries[0]!.text).toBe('Rain.');
  });

  it('gives entries stable ids from their own id, else their index, unique within the book', () => {
    const b = book([{ id: 7 }, { id: 7 }, {}, { id: 'a:b' }]);
    expect(ids(b.entries)).toEqual(['b:7', 'b:#1', 'b:#2', 'b:#3']);
  });

  it('reads defaults and clamps the book settings', () => {
    const b = book([], { scan_depth: 500, token_budget: 1e9 });
    expect([b.scanDepth, b.tokenBudget]).toEqual([20, 2000]);
    expect([book([]).scanDepth, book([]).tokenBudget]).toEqual([4, 400]);
  });

  it.each([
    [{ entries: Array.from({ length: 1001 }, () => entry({})) }, 'more than 1000 entries'],
    [{ entries: [entry({ keys: ['k'.repeat(600)] })] }, 'key longer than 500'],
    [{ entries: [entry({ keys: Array.from({ length: 70 }, (_, i) => `k${i}`) })] }, 'more than 64 keys'],
    [{ entries: [entry({ content: 5 })] }, 'book.entries.0.content must be a string'],
    [{ entries: [entry({ keys: [3] })] }, 'book.entries.0.keys'],
    [{ entries: 'x' }, 'book.entries must be a list'],
    [{ entries: [1] }, 'book.entries.0 must be an object'],
    [
      {
        entries: Array.from({ length: 50 }, () =>
          entry({ use_regex: true, keys: [`/${'(ab|cd)'.repeat(40)}/`] }),
        ),
      },
      'regex keys too large',
    ],
  ])('rejects a broken or oversized book (%#)', (raw, message) => {
    expect(() => readLorebook(raw, 'b', 'book')).toThrow(ValidationError);
    expect(() => readLorebook(raw, 'b', 'book')).toThrow(message);
  });
});

describe('readLorebookFile', () => {
  it('reads a lorebook_v3 file and keeps its data verbatim', () => {
    const { raw, book: b, warnings } = readLorebookFile(fixture('lorebook-v3.json'), 'lore_1');
    expect(raw.name).toBe('Kitchen street');
    expect(ids(b.entries)).toEqual(['lore_1:1', 'lore_1:2', 'lore_1:3']);
    expect([b.scanDepth, b.tokenBudget]).toEqual([2, 120]);
    expect(warnings).toEqual([]);
  });

  it('accepts a bare book and refuses cards and other JSON', () => {
    expect(readLorebookFile('{"entries": []}', 'x').book.entries).toEqual([]);
    expect(() => readLorebookFile(fixture('v2-with-book.json'), 'x')).toThrow(
      'this file is a character card',
    );
    expect(() => readLorebookFile('{"spec": "world_info"}', 'x')).toThrow('expected a lorebook_v3 file');
    expect(() =>
      readLorebookFile(
        '{"spec": "lorebook_v3", "data": {"entries": [{"keys": ["a"], "content": "<script>x</script>"}]}}',
        'x',
      ),
    ).toThrow('contains a <script> tag');
  });
});
