/** The simulator's tokenizer: about four characters per token, as the usual rule of thumb for English. */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Splits text into ~4-character tokens without cutting a surrogate pair; joining them gives the text back. */
export function splitTokens(text: string): string[] {
  const chars = Array.from(text);
  const tokens: string[] = [];
  for (let i = 0; i < chars.length; i += CHARS_PER_TOKEN) {
    tokens.push(chars.slice(i, i + CHARS_PER_TOKEN).join(''));
  }
  return tokens;
}
