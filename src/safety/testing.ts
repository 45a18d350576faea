/**
 * Test doubles for the safety module, for its own tests and for the dialogue's: a classifier model that
 * answers from a script (an answer, or an Error to throw) and records what it was sent.
 */
import { MockLanguageModelV3 } from 'ai/test';
import type { CrisisClassification } from './prompts/classify-crisis.v1.schema.ts';

export function scriptedClassifier(
  ...answers: Array<CrisisClassification | Error | string>
): MockLanguageModelV3 {
  let call = 0;
  return new MockLanguageModelV3({
    doGenerate: async (options) => {
      options.abortSignal?.throwIfAborted();
      const answer = answers[Math.min(call++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return {
        content: [{ type: 'text', text: typeof answer === 'string' ? answer : JSON.stringify(answer) }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 50, noCache: 50, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 10, text: 10, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
}

/** The system and prompt text of one recorded call, joined. */
export function sentText(model: MockLanguageModelV3, call = 0): string {
  const options = model.doGenerateCalls[call];
  if (!options) return '';
  return options.prompt
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : m.content
            .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
            .join(''),
    )
    .join('\n');
}
