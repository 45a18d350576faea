import type { LanguageModelV3 } from '@ai-sdk/provider';
import { wrapLanguageModel } from 'ai';

/**
 * The chat prompts a model was sent, serialised as a chat template writes them: `<|role|>\n` + the text of
 * the message + `\n`, concatenated (the simulator's template). For the stable-prefix figure.
 */
export function recordPrompts(model: LanguageModelV3): { model: LanguageModelV3; prompts: Buffer[] } {
  const prompts: Buffer[] = [];
  const wrapped = wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: 'v3',
      transformParams: async ({ params }) => {
        const text = params.prompt
          .map((m) => {
            const content =
              typeof m.content === 'string'
                ? m.content
                : m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');
            return `<|${m.role}|>\n${content}\n`;
          })
          .join('');
        prompts.push(Buffer.from(text, 'utf8'));
        return params;
      },
    },
  });
  return { model: wrapped, prompts };
}

/** Bytes of the longest common prefix of two serialised prompts. */
export function sharedPrefixBytes(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** For each prompt after the first: the share of its bytes that the previous prompt starts with too. */
export function prefixShares(prompts: readonly Buffer[]): number[] {
  return prompts.slice(1).map((p, i) => sharedPrefixBytes(prompts[i]!, p) / p.length);
}
