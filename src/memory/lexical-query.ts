import { searchTerms } from '../core/index.ts';

/**
 * The query's content words, space-separated (empty when there are none): the store's search terms, stop words
 * dropped (see `STOP_WORDS` in core). Without this a memory sharing only "the" or "的" with the user's message
 * could count as a lexical match and enter the prompt.
 */
export function lexicalQuery(text: string): string {
  return searchTerms(text).join(' ');
}
