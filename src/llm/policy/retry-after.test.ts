import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfterMs } from './retry-after.ts';

describe('parseRetryAfterMs', () => {
  const now = () => Date.parse('2026-05-01T10:00:00Z');

  it('reads seconds, milliseconds and HTTP dates, case-insensitively', () => {
    expect(parseRetryAfterMs({ 'Retry-After': '3' }, now)).toBe(3_000);
    expect(parseRetryAfterMs({ 'retry-after': '1.5' }, now)).toBe(1_500);
    expect(parseRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfterMs({ 'retry-after': 'Fri, 01 May 2026 10:00:07 GMT' }, now)).toBe(7_000);
    expect(parseRetryAfterMs({ 'retry-after': 'Fri, 01 May 2026 09:00:00 GMT' }, now)).toBe(0);
  });

  it('is undefined when absent or unreadable', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, scaled by the random draw', () => {
    const options = { baseMs: 500, maxMs: 20_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, { ...options, random: () => 1 }))).toEqual([
      500, 1_000, 2_000, 4_000,
    ]);
    expect(backoffDelayMs(10, { ...options, random: () => 1 })).toBe(20_000);
    expect(backoffDelayMs(3, { ...options, random: () => 0.25 })).toBe(500);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(0);
  });
});
