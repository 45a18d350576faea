/**
 * The project's one token estimate, for context budgets, lore budgets and prompt-size reports (not for
 * billing: the model server counts those). About four characters per token for alphabetic text, as usual
 * for English; each CJK character (Han, kana, Hangul, full-width forms) counts as one token, since real
 * tokenizers spend at least one token on each and a quarter would overflow a Chinese user's window.
 * For text without CJK this is exactly `ceil(chars / 4)`.
 */
const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/gu;

export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}
