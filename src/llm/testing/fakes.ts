import {
  APICallError,
  type LanguageModelV3GenerateResult,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
} from '@ai-sdk/provider';
import type { Sleep } from '../../core/index.ts';
import type { Timer } from '../policy/signals.ts';

/** Test doubles for the llm module: timers fired by hand, a sleep that records, canned model results. */

export interface ManualTimer extends Timer {
  /** Durations of the timers still pending. */
  pending(): number[];
  /** Fires every pending timer of `ms` (all pending timers when omitted); returns how many fired. */
  fire(ms?: number): number;
}

export function manualTimer(): ManualTimer {
  const timers: Array<{ ms: number; resolve: () => void; signal: AbortSignal }> = [];
  const live = () => timers.filter((t) => !t.signal.aborted);
  const timer = ((ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const entry = { ms, resolve, signal };
      timers.push(entry);
      signal.addEventListener('abort', () => {
        timers.splice(timers.indexOf(entry), 1);
        reject(signal.reason);
      });
    })) as ManualTimer;
  timer.pending = () => live().map((t) => t.ms);
  timer.fire = (ms) => {
    const due = live().filter((t) => ms === undefined || t.ms === ms);
    for (const t of due) {
      timers.splice(timers.indexOf(t), 1);
      t.resolve();
    }
    return due.length;
  };
  return timer;
}

/** A sleep that returns at once (or rejects if the signal is aborted) and records what it was asked. */
export function recordingSleep(): Sleep & { calls: number[] } {
  const calls: number[] = [];
  const sleep = (async (ms: number, signal?: AbortSignal) => {
    calls.push(ms);
    if (signal?.aborted) throw signal.reason;
  }) as Sleep & { calls: number[] };
  sleep.calls = calls;
  return sleep;
}

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

/** The parts of a streamed text answer, split into `chunks`. */
export function textParts(chunks: string[], tokens = usage(10, chunks.length)): LanguageModelV3StreamPart[] {
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    ...chunks.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 't', delta })),
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

export const never = <T>() => new Promise<T>(() => {});
