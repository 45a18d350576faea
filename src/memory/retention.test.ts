import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, expiryFor, laterExpiry } from './retention.ts';

const now = new Date('2025-03-01T10:00:00Z');

describe('expiryFor', () => {
  it('keeps permanent memories forever and the others 90 and 30 days, to the millisecond', () => {
    const at = { recordedAt: now, occurredAt: now };
    expect(expiryFor('permanent', at)).toBeNull();
    expect(expiryFor('long_term', at)?.toISOString()).toBe('2025-05-30T10:00:00.000Z');
    expect(expiryFor('short_term', at)?.toISOString()).toBe('2025-03-31T10:00:00.000Z');
  });

  it('counts from the event when it lies in the future', () => {
    const occurredAt = new Date('2025-06-01T10:00:00Z');
    expect(expiryFor('long_term', { recordedAt: now, occurredAt })?.toISOString()).toBe(
      '2025-08-30T10:00:00.000Z',
    );
  });

  it('counts from the recording when the event lies in the past', () => {
    const occurredAt = new Date('2024-01-01T00:00:00Z');
    expect(expiryFor('short_term', { recordedAt: now, occurredAt })?.toISOString()).toBe(
      '2025-03-31T10:00:00.000Z',
    );
  });

  it('follows a custom policy', () => {
    const policy = { ...DEFAULT_RETENTION, short_term: 1, permanent: 3650 };
    expect(expiryFor('short_term', { recordedAt: now, occurredAt: now }, policy)?.toISOString()).toBe(
      '2025-03-02T10:00:00.000Z',
    );
    expect(expiryFor('permanent', { recordedAt: now, occurredAt: now }, policy)).not.toBeNull();
  });
});

describe('laterExpiry', () => {
  it('never shortens, and never-expiring wins', () => {
    const a = new Date('2025-01-01T00:00:00Z');
    const b = new Date('2025-02-01T00:00:00Z');
    expect(laterExpiry(a, b)).toBe(b);
    expect(laterExpiry(b, a)).toBe(b);
    expect(laterExpiry(null, a)).toBeNull();
  });
});
