import type { Logger, Pet } from '../../core/index.ts';
import type { LoreSource } from '../../dialogue/index.ts';
import { callNameOf, resolveMacros } from '../../dialogue/index.ts';
import { cardBookOf, storedLorebooksOf } from '../pet-extensions.ts';
import { type Lorebook, readLorebook } from './book.ts';
import { selectLore } from './select-lore.ts';

/** The pet's lorebooks, ready to match: the card's `character_book` (id `card`), then standalone ones. */
export function petLorebooks(pet: Pet): { books: Lorebook[]; warnings: string[] } {
  const books: Lorebook[] = [];
  const warnings: string[] = [];
  const add = (raw: unknown, id: string, where: string) => {
    try {
      const read = readLorebook(raw, id, where);
      books.push(read.book);
      warnings.push(...read.warnings);
    } catch (error) {
      // Books were checked on import; one that no longer reads (rules tightened since) is left out.
      warnings.push(`lorebook ${id} is skipped: ${(error as Error).message}`);
    }
  };
  const card = cardBookOf(pet);
  if (card) add(card, 'card', 'character_book');
  for (const stored of storedLorebooksOf(pet)) add(stored.book, stored.id, `lorebook ${stored.id}`);
  return { books, warnings };
}

export interface LoreSourceDeps {
  logger?: Logger;
}

const CACHE_SIZE = 100;

/**
 * The dialogue module's LoreSource, backed by the lorebooks stored with the pet the turn loaded (nothing
 * is read from the store). Keys are matched against the pair's last messages (the book's scan depth, the
 * current message included); the chosen entries' text has `{{char}}` / `{{user}}` resolved for this user,
 * and always-on (`constant`) entries say so, for the stable part of the prompt. Compiled books (their
 * patterns) are cached per pet version, for as long as the source lives: build it once per process.
 */
export function createLoreSource(deps: LoreSourceDeps = {}): LoreSource {
  const cache = new Map<string, Lorebook[]>();
  const booksOf = (pet: Pet): Lorebook[] => {
    // Lorebook ids are new on every import, so the key changes with the books even under a fixed clock.
    const books = storedLorebooksOf(pet).map((b) => b.id);
    const key = `${pet.id}@${pet.updatedAt.getTime()}/${books.join(',')}`;
    let compiled = cache.get(key);
    if (!compiled) {
      const read = petLorebooks(pet);
      if (read.warnings.length > 0)
        deps.logger?.debug('lorebook warnings', { petId: pet.id, count: read.warnings.length });
      compiled = read.books;
      cache.set(key, compiled);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return compiled;
  };

  return async ({ user, pet, text, recentTexts }) => {
    const books = booksOf(pet);
    if (books.length === 0) return { entries: [] };
    const texts = recentTexts.filter((t) => t.trim() !== '');
    if (texts.at(-1) !== text) texts.push(text);
    const names = { user: callNameOf(user), char: pet.profile.name };
    return {
      entries: books
        .flatMap((book) => selectLore(book, texts))
        .map((e) => ({ id: e.id, text: resolveMacros(e.text, names), constant: e.constant })),
    };
  };
}
