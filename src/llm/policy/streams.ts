import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';

const NON_CONTENT = new Set<LanguageModelV3StreamPart['type']>([
  'stream-start',
  'response-metadata',
  'raw',
  'error',
  'finish',
]);

/** True for parts that carry output (text, reasoning, tool input, files, sources...). */
export function isContentPart(part: LanguageModelV3StreamPart): boolean {
  return !NON_CONTENT.has(part.type);
}

export interface StreamHooks<T> {
  /** Sees (and may replace) each part on its way through. */
  onPart?(part: T): T;
  /** The source failed (or `signal` aborted); returns the error to pass on. */
  onError?(error: unknown): unknown;
  onDone?(): void;
  /** The consumer cancelled. */
  onCancel?(reason: unknown): void;
}

/**
 * Passes `source` through, calling the hooks exactly once for the end (done, error or cancel). Reads on
 * demand (no prefetch), so an error never overtakes parts not yet read. When `signal` aborts, the source is
 * cancelled and the stream errors with the (mapped) reason at once, even if nobody is reading.
 */
export function tapStream<T>(
  source: ReadableStream<T>,
  hooks: StreamHooks<T>,
  signal?: AbortSignal,
): ReadableStream<T> {
  const reader = source.getReader();
  let finished = false;
  let removeAbort = () => {};
  const finish = () => {
    finished = true;
    removeAbort();
  };
  return new ReadableStream<T>(
    {
      start(controller) {
        if (!signal) return;
        const onAbort = () => {
          if (finished) return;
          finish();
          reader.cancel(signal.reason).catch(() => {});
          controller.error(hooks.onError ? hooks.onError(signal.reason) : signal.reason);
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        removeAbort = () => signal.removeEventListener('abort', onAbort);
      },
      async pull(controller) {
        if (finished) return;
        let result: ReadableStreamReadResult<T>;
        try {
          result = await reader.read();
        } catch (error) {
          if (finished) return;
          finish();
          controller.error(hooks.onError ? hooks.onError(error) : error);
          return;
        }
        if (finished) return;
        if (result.done) {
          finish();
          hooks.onDone?.();
          controller.close();
          return;
        }
        controller.enqueue(hooks.onPart ? hooks.onPart(result.value) : result.value);
      },
      cancel(reason) {
        if (finished) return;
        finish();
        hooks.onCancel?.(reason);
        return reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads `stream` until the first content part (or the end). Throws when the stream fails before that, either
 * by erroring or with an `error` part, so the caller can still retry; otherwise returns a stream that replays
 * what was read and continues with the rest.
 */
export async function untilFirstContent(
  stream: ReadableStream<LanguageModelV3StreamPart>,
): Promise<ReadableStream<LanguageModelV3StreamPart>> {
  const reader = stream.getReader();
  const buffered: LanguageModelV3StreamPart[] = [];
  let ended = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    if (value.type === 'error') {
      reader.cancel(value.error).catch(() => {});
      throw value.error;
    }
    buffered.push(value);
    if (isContentPart(value) || value.type === 'finish') break;
  }
  return new ReadableStream<LanguageModelV3StreamPart>(
    {
      start(controller) {
        for (const part of buffered) controller.enqueue(part);
        if (ended) controller.close();
      },
      async pull(controller) {
        if (ended) return;
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
