/** Text helpers shared by the memory module and the store. Pure. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * The words of `text`, lower-cased and NFKC-normalised, punctuation and spaces dropped. Uses `Intl.Segmenter`
 * (ICU dictionaries), so Chinese and Japanese, written without spaces, are split into words too.
 * The store indexes `segmentWords(text).join(' ')` and segments queries the same way.
 */
export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const part of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (part.isWordLike) words.push(part.segment);
  }
  return words;
}
