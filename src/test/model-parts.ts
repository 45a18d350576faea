import {
  APICallError,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
} from '@ai-sdk/provider';

/** Building blocks of language model answers, for scripted models and hand-written `MockLanguageModelV3`s. */

export function usage(input: number, output: number, cached = 0): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input - cached, cacheRead: cached, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

export function textResult(text: string, tokens = usage(10, 5)): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: tokens,
    warnings: [],
  };
}

/**
 * The parts of a streamed text answer, split into `chunks`; with `failWith`, the stream fails after the chunks
 * instead of finishing.
 */
export function textParts(
  chunks: readonly string[],
  tokens = usage(10, chunks.length),
  failWith?: unknown,
): LanguageModelV3StreamPart[] {
  const parts: LanguageModelV3StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    ...chunks.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 't', delta })),
  ];
  if (failWith !== undefined) return [...parts, { type: 'error', error: failWith }];
  return [
    ...parts,
    { type: 'text-end', id: 't' },
    { type: 'finish', usage: tokens, finishReason: { unified: 'stop', raw: 'stop' } },
  ];
}

/** A stream that yields `parts` one per read and then ends, fails with `error`, or stays open (`'hang'`). */
export function streamOf(
  parts: LanguageModelV3StreamPart[],
  end: 'close' | 'hang' | { error: unknown } = 'close',
): ReadableStream<LanguageModelV3StreamPart> {
  let index = 0;
  return new ReadableStream(
    {
      pull(controller) {
        const part = parts[index++];
        if (part) return controller.enqueue(part);
        if (end === 'close') return controller.close();
        if (end === 'hang') return new Promise<void>(() => {});
        controller.error(end.error);
      },
    },
    { highWaterMark: 0 },
  );
}

/** What a provider throws for an HTTP error status (retryable for 429 and 5xx). */
export function httpError(status: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${status}`,
    url: 'http://model.test/v1/chat/completions',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    isRetryable: status === 429 || status >= 500,
  });
}

/** What undici throws when nothing listens on the port. */
export function connectionRefused(): TypeError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  return new TypeError('fetch failed', { cause });
}

/** A promise that never settles (a call that hangs). */
export const never = <T>() => new Promise<T>(() => {});
