import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  bundledOwners,
  bundledPersonas,
  bundledQueries,
  parseRecords,
  pickWorldSamples,
  queriesFor,
  querySampleSchema,
  SampleFileError,
} from './samples.ts';

describe('bundled samples', () => {
  it('parse, with about 20 varied personas in two languages and ~10 queries each', () => {
    const pets = bundledPersonas();
    const owners = bundledOwners();
    const queries = bundledQueries();
    expect(pets.length).toBeGreaterThanOrEqual(20);
    expect(new Set(pets.map((p) => p.profile.kind)).size).toBe(pets.length);
    expect(pets.filter((p) => p.locale === 'zh').length).toBeGreaterThanOrEqual(3);
    expect(owners.filter((o) => o.locale === 'zh').length).toBeGreaterThanOrEqual(3);
    expect(new Set(pets.map((p) => p.id)).size).toBe(pets.length);
    for (const pet of pets) {
      expect(queries.filter((q) => q.persona === pet.id).length, pet.id).toBeGreaterThanOrEqual(10);
    }
    for (const owner of owners) {
      expect(owner.profile.locale).toBe(owner.locale);
      expect(new Set(owner.memories.map((m) => m.category)).size, owner.id).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('pickWorldSamples', () => {
  const pets = bundledPersonas();
  const owners = bundledOwners();

  it('is reproducible for a seed and different for another', () => {
    const a = pickWorldSamples(pets, owners, { count: 10, seed: 1 });
    expect(pickWorldSamples(pets, owners, { count: 10, seed: 1 })).toEqual(a);
    expect(pickWorldSamples(pets, owners, { count: 10, seed: 2 }).map((s) => s.id)).not.toEqual(
      a.map((s) => s.id),
    );
  });

  it('pairs pets with owners of their language, cycles pets first, and never repeats a pair', () => {
    const samples = pickWorldSamples(pets, owners, { count: 120, seed: 7 });
    expect(new Set(samples.map((s) => s.id)).size).toBe(120);
    for (const s of samples) {
      expect(s.pet.locale).toBe(s.locale);
      expect(s.owner.locale).toBe(s.locale);
      expect(s.dayOffset).toBeGreaterThanOrEqual(0);
      expect(s.dayOffset).toBeLessThan(7);
    }
    const first21 = samples.slice(0, pets.length);
    expect(new Set(first21.map((s) => s.pet.id)).size).toBe(pets.length);
    const zh = samples.filter((s) => s.locale === 'zh').length;
    expect(zh / samples.length).toBeCloseTo(5 / 21, 1);
  });

  it('can keep to one language, and says how many pairs exist', () => {
    expect(
      pickWorldSamples(pets, owners, { count: 8, seed: 1, locales: ['zh'] }).every((s) => s.locale === 'zh'),
    ).toBe(true);
    expect(() => pickWorldSamples(pets, owners, { count: 26, seed: 1, locales: ['zh'] })).toThrow(
      /only 25 distinct/,
    );
  });
});

describe('parseRecords', () => {
  it('reads a JSON array or JSONL and names the bad line', () => {
    const schema = querySampleSchema;
    expect(parseRecords('[{"persona":"a","query":"hi"}]', schema, 'q.json')).toHaveLength(1);
    expect(
      parseRecords('{"persona":"a","query":"hi"}\n\n{"persona":"b","query":"yo"}\n', schema, 'q.jsonl'),
    ).toHaveLength(2);
    expect(() => parseRecords('{"persona":"a","query":"hi"}\n{"persona":"b"}', schema, 'q.jsonl')).toThrow(
      /q\.jsonl:2: query/,
    );
    expect(() => parseRecords('{oops', z.object({}), 'x.jsonl')).toThrow(SampleFileError);
  });
});

describe('queriesFor', () => {
  const personas = bundledPersonas().filter((p) => p.id === 'mochi' || p.id === 'pip');
  it('keeps the queries of the evaluated personas, at most max each, in file order', () => {
    const picked = queriesFor(personas, bundledQueries(), 2);
    expect(picked.map((q) => q.persona)).toEqual(['mochi', 'mochi', 'pip', 'pip']);
    expect(queriesFor(personas, bundledQueries())).toHaveLength(20);
  });
  it('refuses a queries file that names none of them', () => {
    expect(() => queriesFor(personas, [{ persona: 'other', query: 'hi' }])).toThrow(SampleFileError);
  });
});
