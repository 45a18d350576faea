import { describe, expect, it } from 'vitest';
import { createPrefixCache } from './prefix-cache.ts';

const text = (n: number, seed = 'a') =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed.charCodeAt(0)) % 26))).join('');

describe('createPrefixCache', () => {
  it('reports the shared prefix in whole 16-token blocks', () => {
    const cache = createPrefixCache();
    const system = text(1000);
    expect(cache.lookupAndRemember(`${system}first question`)).toBe(0);
    // 1000 shared chars = 250 tokens = 15 full blocks of 16 tokens (64 chars each).
    expect(cache.lookupAndRemember(`${system}second question`)).toBe(240);
    expect(
      cache.lookupAndRemember(
        'something else entirely, long enough to fill one block of sixty-four characters',
      ),
    ).toBe(0);
  });

  it('only hits when the whole prefix matches, not a later block', () => {
    const cache = createPrefixCache();
    const tail = text(640, 'q');
    cache.lookupAndRemember(`X${text(63)}${tail}`);
    expect(cache.lookupAndRemember(`Y${text(63)}${tail}`)).toBe(0);
  });

  it('forgets the least recently used prompts beyond its capacity', () => {
    const cache = createPrefixCache({ capacity: 2 });
    const a = `A${text(200)}`;
    const b = `B${text(200)}`;
    const c = `C${text(200)}`;
    cache.lookupAndRemember(a);
    cache.lookupAndRemember(b);
    cache.lookupAndRemember(a); // a is now the most recent
    cache.lookupAndRemember(c); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.lookupAndRemember(a)).toBe(48);
    expect(cache.lookupAndRemember(b)).toBe(0);
    cache.clear();
    expect(cache.lookupAndRemember(a)).toBe(0);
  });
});
