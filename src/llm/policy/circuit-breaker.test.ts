import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../core/index.ts';
import { createCircuitBreaker } from './circuit-breaker.ts';

function setup() {
  let t = 0;
  const changes: string[] = [];
  const breaker = createCircuitBreaker({
    name: 'http://model.test/v1',
    failureThreshold: 3,
    cooldownMs: 1_000,
    now: () => t,
    onChange: (state) => changes.push(state),
  });
  const advance = (ms: number) => {
    t += ms;
  };
  return { breaker, changes, advance };
}

function rejected(fn: () => unknown): ModelCallError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelCallError) return error;
  }
  throw new Error('expected a ModelCallError');
}

describe('createCircuitBreaker', () => {
  it('opens after N consecutive failures and fails fast with kind circuit-open', () => {
    const { breaker, changes, advance } = setup();
    breaker.enter().failure();
    breaker.enter().failure();
    breaker.enter().success();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    for (let i = 0; i < 3; i++) breaker.enter().failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', opened: 1 });
    advance(400);
    const error = rejected(() => breaker.enter());
    expect(error.kind).toBe('circuit-open');
    expect(error.retryAfterMs).toBe(600);
    expect(changes).toEqual(['open']);
  });

  it('half-opens after the cooldown, lets one probe through, and closes on its success', () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.enter().failure();
    advance(1_000);
    expect(breaker.snapshot().state).toBe('half-open');
    const probe = breaker.enter();
    expect(rejected(() => breaker.enter()).kind).toBe('circuit-open');
    probe.success();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    breaker.enter().success();
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a full cooldown when the probe fails', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.enter().failure();
    advance(1_000);
    breaker.enter().failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', opened: 2 });
    advance(999);
    expect(rejected(() => breaker.enter()).retryAfterMs).toBe(1);
  });

  it('lets another probe through when the first one was released without an outcome', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.enter().failure();
    advance(1_000);
    breaker.enter().release();
    const probe = breaker.enter();
    probe.success();
    probe.failure();
    expect(breaker.snapshot().state).toBe('closed');
  });
});
