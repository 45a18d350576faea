import { describe, expect, it } from 'vitest';
import { fixedClock, LimitError, ValidationError } from '../core/index.ts';
import { checkInput } from './input-limits.ts';
import { createRateLimiter } from './rate-limiter.ts';

describe('createRateLimiter', () => {
  const setup = (capacity = 3, refillPerMinute = 6) => {
    const clock = fixedClock('2025-03-10T12:00:00Z');
    return { clock, limiter: createRateLimiter({ capacity, refillPerMinute, now: clock.now }) };
  };

  it('lets a burst of `capacity` through, then refuses with the time until the next token', () => {
    const { limiter } = setup();
    expect([1, 2, 3].map(() => limiter.take('usr_1').ok)).toEqual([true, true, true]);
    expect(limiter.take('usr_1')).toEqual({ ok: false, remaining: 0, retryAfterMs: 10_000 });
  });

  it('refills over time on the injected clock, never above capacity', () => {
    const { limiter, clock } = setup();
    for (let i = 0; i < 3; i++) limiter.take('usr_1');
    clock.advance(9_999);
    expect(limiter.take('usr_1').ok).toBe(false);
    clock.advance(1);
    expect(limiter.take('usr_1')).toEqual({ ok: true, remaining: 0 });
    clock.advance(60 * 60_000);
    expect(limiter.peek('usr_1')).toBe(3);
  });

  it('keeps keys apart', () => {
    const { limiter } = setup(1);
    expect(limiter.take('usr_1').ok).toBe(true);
    expect(limiter.take('usr_1').ok).toBe(false);
    expect(limiter.take('usr_2').ok).toBe(true);
    limiter.reset('usr_1');
    expect(limiter.take('usr_1').ok).toBe(true);
  });

  it('charges a cost and never grants more than capacity', () => {
    const { limiter } = setup(5, 60);
    expect(limiter.take('k', 4)).toEqual({ ok: true, remaining: 1 });
    expect(limiter.take('k', 3)).toEqual({ ok: false, remaining: 1, retryAfterMs: 2_000 });
    expect(limiter.take('k', 6)).toMatchObject({ ok: false, retryAfterMs: Number.POSITIVE_INFINITY });
    expect(() => limiter.take('k', 0)).toThrow(RangeError);
  });

  it('throws LimitError with retryAfterMs from enforce', () => {
    const { limiter } = setup(1);
    limiter.enforce('usr_1');
    try {
      limiter.enforce('usr_1');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LimitError);
      expect((error as LimitError).retryAfterMs).toBe(10_000);
      expect((error as LimitError).isRetryable).toBe(true);
      expect((error as LimitError).message).toBe('too many requests: try again in 10 s');
    }
  });

  it('drops idle full buckets when there are too many keys', () => {
    const clock = fixedClock('2025-03-10T12:00:00Z');
    const limiter = createRateLimiter({ capacity: 1, refillPerMinute: 60, now: clock.now, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    clock.advance(1_000); // a and b are full again
    expect(limiter.size()).toBe(2);
    limiter.take('c');
    expect(limiter.size()).toBe(1);
    expect(limiter.peek('a')).toBe(1);
    expect(limiter.take('c').ok).toBe(false);
  });

  it('rejects nonsense settings', () => {
    const now = () => new Date();
    expect(() => createRateLimiter({ capacity: 0, refillPerMinute: 1, now })).toThrow(RangeError);
    expect(() => createRateLimiter({ capacity: 1, refillPerMinute: -1, now })).toThrow(RangeError);
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
