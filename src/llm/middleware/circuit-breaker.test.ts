import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { httpError, textResult } from '../../test/index.ts';
import { createCircuitBreaker } from '../policy/circuit-breaker.ts';
import { guardForTest, rejectionOf, userPrompt } from '../testing/guarded-model.ts';

describe('circuit breaker middleware', () => {
  it('opens after consecutive failed attempts, fails fast without calling the model, then recovers', async () => {
    let t = 0;
    let healthy = false;
    let calls = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        calls++;
        if (!healthy) throw httpError(503);
        return textResult('ok');
      },
    });
    const breaker = createCircuitBreaker({
      name: 'mock',
      failureThreshold: 5,
      cooldownMs: 30_000,
      now: () => t,
    });
    const { model: guarded } = guardForTest(model, { breaker, limits: { maxRetries: 3 } });

    // 4 attempts of the first call + 1 of the second open the circuit; the second call's retry is refused
    await rejectionOf(guarded.doGenerate(userPrompt));
    const second = await rejectionOf(guarded.doGenerate(userPrompt));
    expect(calls).toBe(5);
    expect(second).toMatchObject({ kind: 'circuit-open', attempts: 2 });
    expect(breaker.snapshot().state).toBe('open');

    const fast = await rejectionOf(guarded.doGenerate(userPrompt));
    expect(fast).toMatchObject({ kind: 'circuit-open', attempts: 1, retryAfterMs: 30_000 });
    expect(calls).toBe(5);

    t += 30_000;
    healthy = true;
    expect(breaker.snapshot().state).toBe('half-open');
    const result = await guarded.doGenerate(userPrompt);
    expect(result.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('does not count client errors (4xx) against the server', async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        throw httpError(400);
      },
    });
    const breaker = createCircuitBreaker({
      name: 'mock',
      failureThreshold: 2,
      cooldownMs: 1_000,
      now: () => 0,
    });
    const { model: guarded } = guardForTest(model, { breaker });
    for (let i = 0; i < 3; i++) await rejectionOf(guarded.doGenerate(userPrompt));
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });
});
