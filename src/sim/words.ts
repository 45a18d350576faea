const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** Common function words; skipped when picking words to echo and down-weighted in embeddings. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her him his how i if in ' +
    'into is it its just me my no not of on or our she so than that the their them then there these they this ' +
    'to too up us was we were what when where which who why will with would you your am im dont'
  ).split(' '),
);

export function isCjk(text: string): boolean {
  return CJK.test(text);
}

/** Chinese when at least a third of the letters are CJK characters, else English. */
export function textLanguage(text: string): 'en' | 'zh' {
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  const cjk = text.match(new RegExp(CJK.source, 'gu'))?.length ?? 0;
  return letters > 0 && cjk * 3 >= letters ? 'zh' : 'en';
}

/** Lower-cased word-like segments of `text` (Intl.Segmenter, so it also splits CJK text into words). */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(text)) {
    if (part.isWordLike) out.push(part.segment.toLowerCase());
  }
  return out;
}

/** Words worth echoing back in filler text: no stopwords, no numbers, no one-letter words, no duplicates. */
export function contentWords(text: string, limit = 24): string[] {
  const seen = new Set<string>();
  for (const word of wordTokens(text)) {
    if (seen.size >= limit) break;
    if (STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    if (isCjk(word) ? Array.from(word).length < 2 : word.length < 3) continue;
    seen.add(word);
  }
  return [...seen];
}
