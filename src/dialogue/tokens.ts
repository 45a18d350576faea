/**
 * Prompt-size estimate used for the context budget: about four characters per token, as elsewhere in the
 * project, except that CJK characters (and full-width forms) count one token each - real tokenizers spend at
 * least one token per Han character, and counting them as a quarter would overflow a Chinese user's window.
 * For text without CJK this is exactly `ceil(chars / 4)`.
 */
const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/gu;

export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Per-message framing (role markers, separators) that chat templates add around each message. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
