import { describe, expect, it } from 'vitest';
import { fixedClock, LimitError, ValidationError } from '../core/index.ts';
import { aUser, memoryStore } from '../test/index.ts';
import { checkInput } from './input-limits.ts';
import { createRateLimiter } from './rate-limiter.ts';

describe('createRateLimiter', () => {
  const setup = async (capacity = 3, refillPerMinute = 6) => {
    const clock = fixedClock('2025-03-10T12:00:00Z');
    const store = memoryStore();
    for (const id of ['usr_1', 'usr_2']) await store.users.create(aUser({ id }));
    const limits = store.limits;
    const make = (scope = 'generate') =>
      createRateLimiter({ scope, capacity, refillPerMinute, limits, now: clock.now });
    return { clock, make, limiter: make() };
  };
  const refusal = (p: Promise<void>) =>
    p.then(
      () => null,
      (e: unknown) => e as LimitError,
    );

  it('lets a burst of `capacity` through, then refuses with LimitError and the time until the next one', async () => {
    const { limiter } = await setup();
    for (let i = 0; i < 3; i++) await limiter.enforce('usr_1');
    const error = await refusal(limiter.enforce('usr_1'));
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ retryAfterMs: 10_000, isRetryable: true });
    expect(error?.message).toBe('too many requests: try again in 10 s');
  });

  it('refills over time on the injected clock', async () => {
    const { limiter, clock } = await setup();
    for (let i = 0; i < 3; i++) await limiter.enforce('usr_1');
    clock.advance(20_000);
    await limiter.enforce('usr_1');
    await limiter.enforce('usr_1');
    expect(await refusal(limiter.enforce('usr_1'))).toBeInstanceOf(LimitError);
  });

  it('keeps users and scopes apart, and is one limit for every limiter of a scope on the store', async () => {
    const { limiter, make } = await setup(1, 1);
    await limiter.enforce('usr_1');
    await limiter.enforce('usr_2');
    await make('events').enforce('usr_1');
    // Another process's limiter of the same scope: the same bucket.
    expect(await refusal(make().enforce('usr_1'))).toBeInstanceOf(LimitError);
  });

  it('rejects nonsense settings', async () => {
    const { limits } = { limits: memoryStore().limits };
    const now = () => new Date();
    expect(() => createRateLimiter({ scope: 's', capacity: 0, refillPerMinute: 1, limits, now })).toThrow(
      RangeError,
    );
    expect(() => createRateLimiter({ scope: 's', capacity: 1, refillPerMinute: 0, limits, now })).toThrow(
      RangeError,
    );
  });
});

describe('checkInput', () => {
  it('accepts ordinary text, emoji and Chinese up to the limit', () => {
    expect(() => checkInput('hello 👋\n第二行', { maxChars: 20 })).not.toThrow();
    expect(() => checkInput('👋'.repeat(5), { maxChars: 5 })).not.toThrow();
  });

  it('throws LimitError naming the length and the limit, without the text', () => {
    try {
      checkInput(`secret ${'x'.repeat(5000)}`, { maxChars: 4000 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LimitError);
      expect((error as LimitError).message).toBe('message is too long: 5,007 characters, the limit is 4,000');
      expect((error as LimitError).isRetryable).toBe(false);
    }
  });

  it('throws ValidationError for empty, non-text or control characters', () => {
    expect(() => checkInput('   \n', { maxChars: 10 })).toThrow(ValidationError);
    expect(() => checkInput(42, { maxChars: 10 })).toThrow('message must be text');
    expect(() => checkInput('a\u0000b', { maxChars: 10 })).toThrow(/control characters/);
    expect(() => checkInput('a\uD800b', { maxChars: 10 })).toThrow(ValidationError);
  });
});
