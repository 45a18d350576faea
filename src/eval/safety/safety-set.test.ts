import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledSafetySet, parseSafetySet } from './safety-set.ts';
import { classifierScripts } from './sim-script.ts';

describe('the shipped crisis-screening sets', () => {
  const items = bundledSafetySet();

  it('has at least 300 messages in both languages, crisis and look-alikes in each signal category', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    for (const locale of ['en', 'zh'] as const) {
      const mine = items.filter((i) => i.locale === locale);
      expect(mine.length).toBeGreaterThan(120);
      for (const category of ['means_timing', 'farewell', 'method_after_loss', 'fiction_disclosure']) {
        const lines = mine.filter((i) => i.category === category);
        expect(lines.filter((i) => i.label === 'crisis').length, `${locale} ${category}`).toBeGreaterThan(8);
        expect(lines.filter((i) => i.label === 'none').length, `${locale} ${category}`).toBeGreaterThan(5);
      }
      for (const category of ['idiom', 'sadness'])
        expect(mine.filter((i) => i.category === category && i.label === 'none').length).toBeGreaterThan(10);
    }
    // Multi-turn lines carry the turns before them.
    expect(items.filter((i) => i.history?.length).length).toBeGreaterThan(40);
  });

  it('parses the blind set written after the patterns were frozen', () => {
    const url = new URL('../samples/safety-crisis-blind.jsonl', import.meta.url);
    const blind = parseSafetySet(readFileSync(url, 'utf8'), 'safety-crisis-blind.jsonl');
    expect(blind.length).toBe(40);
    const ids = new Set(items.map((i) => i.id));
    expect(blind.some((b) => ids.has(b.id))).toBe(false);
  });

  it('refuses a file with a repeated id, naming it', () => {
    const line = JSON.stringify({ id: 'x', text: 'hi', locale: 'en', label: 'none', category: 'c' });
    expect(() => parseSafetySet(`${line}\n${line}\n`, 'f.jsonl')).toThrow('f.jsonl: id x appears twice');
  });
});

describe('classifierScripts', () => {
  it("keys each answer by the user's words (the turns before, then the message) and defaults to the label", () => {
    const scripts = classifierScripts([
      {
        id: 'a',
        text: 'me too',
        history: ['my character wants to die'],
        locale: 'en',
        label: 'crisis',
        category: 'self_harm',
      },
      {
        id: 'b',
        text: 'lol',
        locale: 'en',
        label: 'none',
        category: 'idiom',
        classifier: { level: 'concern' },
      },
    ]);
    expect(scripts).toEqual([
      {
        contains: ['my character wants to die', 'me too'],
        reply: JSON.stringify({ level: 'crisis', category: 'self_harm', confidence: 0.9 }),
      },
      {
        contains: ['lol'],
        reply: JSON.stringify({ level: 'concern', category: 'suicide', confidence: 0.9 }),
      },
    ]);
  });
});
