import { searchTerms, searchWords } from '../core/index.ts';

/**
 * The query for the store's lexical search: the message's search words, stop words included (they add to the
 * score of a memory that matches a content word, never select one; see `queryTerms` in core), or empty when
 * the message has no content word, so that nothing is searched for "what do you think?" alone.
 */
export function lexicalQuery(text: string): string {
  return searchTerms(text).length === 0 ? '' : searchWords(text).join(' ');
}
