import { describe, expect, it } from 'vitest';
import { createSlots } from './slots.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createSlots', () => {
  it('grants up to capacity and queues the rest first-in first-out', async () => {
    const slots = createSlots(2);
    const order: string[] = [];
    const a = slots.acquire(() => order.push('a'));
    const b = slots.acquire(() => order.push('b'));
    const c = slots.acquire(() => order.push('c'));
    const d = slots.acquire(() => order.push('d'));
    expect([a.granted, b.granted, c.granted, d.granted]).toEqual([true, true, false, false]);
    expect([slots.active, slots.queued]).toEqual([2, 2]);
    a.release();
    a.release(); // idempotent
    await tick();
    expect(order).toEqual(['c']);
    expect([slots.active, slots.queued]).toEqual([2, 1]);
    b.release();
    await tick();
    expect(order).toEqual(['c', 'd']);
  });

  it('lets a queued request leave without taking a slot, and grows with capacity', async () => {
    const slots = createSlots(1);
    const granted: string[] = [];
    slots.acquire(() => {});
    const waiting = slots.acquire(() => granted.push('waiting'));
    const later = slots.acquire(() => granted.push('later'));
    waiting.release();
    expect(slots.queued).toBe(1);
    slots.setCapacity(2);
    await tick();
    expect(granted).toEqual(['later']);
    expect(later.granted).toBe(true);
    expect(slots.active).toBe(2);
  });

  it('calls the hooks around each change', () => {
    const seen: string[] = [];
    const slots = createSlots(1, {
      before: () => seen.push(`before ${slots.active}`),
      after: () => seen.push(`after ${slots.active}`),
    });
    slots.acquire(() => {}).release();
    expect(seen).toEqual(['before 0', 'after 1', 'before 1', 'after 0']);
  });
});
