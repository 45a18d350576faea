import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import type { ModelUsageRecord } from '../../core/index.ts';
import { silentLogger } from '../../core/index.ts';
import { manualTimer, recordingSleep } from '../../test/index.ts';
import { type GuardOptions, guardLanguageModel } from '../middleware/compose.ts';
import { createSemaphore } from '../policy/semaphore.ts';
import { defaultLimits, type ModelLimits } from '../settings.ts';

/** Shared by the middleware tests: a guarded model with recording fakes. */
export const userPrompt: LanguageModelV3CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
};

export function guardForTest(
  model: LanguageModelV3,
  overrides: Partial<Omit<GuardOptions, 'limits'>> & { limits?: Partial<ModelLimits> } = {},
) {
  const sleep = recordingSleep();
  const timer = manualTimer();
  const records: ModelUsageRecord[] = [];
  const options: GuardOptions = {
    modelId: 'mock-model',
    retry: true,
    breaker: null,
    semaphore: createSemaphore(8),
    sleep,
    timer,
    random: () => 0.5,
    now: () => 1_000,
    logger: silentLogger,
    record: (r) => records.push(r),
    ...overrides,
    limits: { ...defaultLimits, ...overrides.limits },
  };
  return { model: guardLanguageModel(model, options), sleep, timer, records };
}

export async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Lets pending promise chains run (no timers involved). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
