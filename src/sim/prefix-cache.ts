import { hashString } from './rng.ts';
import { CHARS_PER_TOKEN } from './tokens.ts';

export interface PrefixCache {
  /**
   * Tokens of the longest prefix `prompt` shares with a remembered prompt, rounded down to whole blocks,
   * then remembers `prompt` (least recently used prompts are forgotten beyond the capacity).
   */
  lookupAndRemember(prompt: string): number;
  clear(): void;
  readonly size: number;
}

export interface PrefixCacheSettings {
  /** Prompts remembered (default 256). */
  capacity?: number;
  /** Tokens per cache block, as in paged KV caches (default 16). */
  blockTokens?: number;
}

/**
 * A model of a serving engine's prefix cache: prompts are cut into blocks of `blockTokens` tokens and each
 * block is keyed by a hash chained over all blocks before it, so a block hits only when the whole prefix up
 * to it was seen. Cost is linear in the prompt, independent of how many prompts are remembered.
 */
export function createPrefixCache(settings: PrefixCacheSettings = {}): PrefixCache {
  const capacity = Math.max(1, settings.capacity ?? 256);
  const blockTokens = Math.max(1, settings.blockTokens ?? 16);
  const blockChars = blockTokens * CHARS_PER_TOKEN;
  const refs = new Map<number, number>();
  const prompts = new Map<string, number[]>();

  const chain = (prompt: string): number[] => {
    const keys: number[] = [];
    let a = 0x12345678;
    let b = 0x9abcdef0;
    for (let end = blockChars; end <= prompt.length; end += blockChars) {
      const block = prompt.slice(end - blockChars, end);
      a = hashString(block, a);
      b = hashString(block, b ^ 0x5bd1e995);
      keys.push(a * 0x200000 + (b >>> 11));
    }
    return keys;
  };

  return {
    lookupAndRemember(prompt) {
      const keys = chain(prompt);
      let hits = 0;
      while (hits < keys.length && refs.has(keys[hits] as number)) hits++;
      const id = `${prompt.length}:${keys.at(-1) ?? hashString(prompt)}`;
      const known = prompts.get(id);
      prompts.delete(id);
      prompts.set(id, known ?? keys);
      if (!known) {
        for (const key of keys) refs.set(key, (refs.get(key) ?? 0) + 1);
        if (prompts.size > capacity) {
          const [oldest, oldKeys] = prompts.entries().next().value as [string, number[]];
          prompts.delete(oldest);
          for (const key of oldKeys) {
            const n = (refs.get(key) ?? 1) - 1;
            if (n <= 0) refs.delete(key);
            else refs.set(key, n);
          }
        }
      }
      return hits * blockTokens;
    },
    clear() {
      refs.clear();
      prompts.clear();
    },
    get size() {
      return prompts.size;
    },
  };
}
