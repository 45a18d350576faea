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

/**
 * Function words that never count as a lexical match: a small standard English list (Lucene's and the
 * common chat fillers) and the Chinese particles and pronouns that `segmentWords` splits off. Lower case.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // English
    'a an the and or but if so not no nor yes of to in on at for with about from by as into onto than then',
    'i me my mine myself you your yours yourself we us our ours he him his she her hers it its they them their theirs',
    'is am are was were be been being do does did done doing have has had having',
    'will would can could should shall may might must',
    'this that these those there here what which who whom whose how when where why',
    'just really very too also some any all more most much many such only own same other',
    'up down out off over under again once each both few',
    'oh ok okay hi hello hey yeah yes um uh ah well',
    "i'm you're it's that's he's she's we're they're i've you've we've i'd you'd i'll you'll",
    "don't doesn't didn't can't couldn't won't wouldn't isn't aren't wasn't weren't haven't hasn't",
    // Chinese
    '的 了 是 我 你 他 她 它 们 我们 你们 他们 她们 在 有 和 与 就 都 也 吗 呢 吧 啊 呀 哦 嗯 哈 这 那 这个 那个',
    '什么 怎么 为什么 一个 不 没 没有 很 还 又 会 要 给 跟 被 把 让 说 对 得 地 着 过 一下 一些',
  ]
    .join(' ')
    .split(' '),
);

/** An English possessive ending ("Mia's", "the user’s"): "Mia's sister" is found by "Mia". */
const POSSESSIVE = /(?<=.)['’]s$/u;

/**
 * The words the lexical index holds for `text`: `segmentWords` with English possessive endings dropped.
 * The store keeps `searchWords(text).join(' ')` per memory; a word's term frequency and a memory's length
 * (for BM25) are counted over these words, stop words included.
 */
export function searchWords(text: string): string[] {
  return segmentWords(text).map((word) => word.replace(POSSESSIVE, ''));
}

/** The distinct search words of a query that can match: stop words dropped, first occurrence order. */
export function searchTerms(query: string): string[] {
  return [...new Set(searchWords(query))].filter((word) => !STOP_WORDS.has(word));
}

/**
 * A lexical query's distinct search words, split: `content` words select the memories (a memory must contain
 * one), `stop` words only add to the score of a memory selected by a content word (questions and their
 * answers share function words: "when did ..." / "... did not stop"). No content word: nothing matches.
 */
export function queryTerms(query: string): { content: string[]; stop: string[] } {
  const words = [...new Set(searchWords(query))];
  return {
    content: words.filter((word) => !STOP_WORDS.has(word)),
    stop: words.filter((word) => STOP_WORDS.has(word)),
  };
}
