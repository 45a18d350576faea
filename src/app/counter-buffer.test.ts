import { describe, expect, it } from 'vitest';
import type { CounterRepository, CounterSample } from '../core/index.ts';
import { silentLogger } from '../core/index.ts';
import { memoryStore } from '../test/index.ts';
import { createCounterBuffer } from './counter-buffer.ts';

const value = (totals: CounterSample[], name: string, labels: Record<string, string> = {}) =>
  totals.find((t) => t.name === name && JSON.stringify(t.labels) === JSON.stringify(labels))?.value;

/** A counter repository that records each batch it is given (and can be made to fail). */
function recording(): CounterRepository & { batches: CounterSample[][]; failing: boolean } {
  const inner = memoryStore().counters;
  const repo = {
    batches: [] as CounterSample[][],
    failing: false,
    async add(deltas: readonly CounterSample[]) {
      if (repo.failing) throw new Error('down');
      repo.batches.push(deltas.map((d) => ({ ...d })));
      await inner.add(deltas);
    },
    totals: () => inner.totals(),
  };
  return repo;
}

const options = { intervalMs: 60_000, logger: silentLogger };

describe('createCounterBuffer', () => {
  it('adds up in the process and writes one batch per flush, nothing when nothing changed', async () => {
    const repo = recording();
    const buffer = createCounterBuffer(repo, options);
    for (let i = 0; i < 5; i++) buffer.add('ipet_requests', { route: '/a' });
    buffer.add('ipet_requests', { route: '/b' }, 2);
    await buffer.flush();
    await buffer.flush();
    expect(repo.batches).toHaveLength(1);
    expect(repo.batches[0]).toHaveLength(2);
    const totals = await buffer.totals();
    expect(value(totals, 'ipet_requests', { route: '/a' })).toBe(5);
    expect(value(totals, 'ipet_requests', { route: '/b' })).toBe(2);
    await buffer.close();
  });

  it('sums what several processes flush into the same counters', async () => {
    const repo = recording();
    const one = createCounterBuffer(repo, options);
    const two = createCounterBuffer(repo, options);
    one.add('ipet_turns', { outcome: 'ok' }, 3);
    two.add('ipet_turns', { outcome: 'ok' }, 4);
    await one.flush();
    expect(value(await two.totals(), 'ipet_turns', { outcome: 'ok' })).toBe(7);
    await Promise.all([one.close(), two.close()]);
  });

  it('keeps the deltas of a failed flush for the next one', async () => {
    const repo = recording();
    const buffer = createCounterBuffer(repo, options);
    buffer.add('ipet_turns', {}, 2);
    repo.failing = true;
    await expect(buffer.flush()).rejects.toThrow('down');
    buffer.add('ipet_turns', {}, 1);
    repo.failing = false;
    await buffer.flush();
    expect(value(await repo.totals(), 'ipet_turns')).toBe(3);
    await buffer.close();
  });

  it('adds the growth of sampled totals, and all of a total that restarted', async () => {
    const repo = recording();
    let calls = 4;
    const buffer = createCounterBuffer(repo, {
      ...options,
      sample: () => [{ name: 'ipet_model_calls_total', labels: { purpose: 'chat' }, value: calls }],
    });
    await buffer.flush();
    calls = 10;
    await buffer.flush();
    calls = 2; // the models were replaced: their totals start again
    await buffer.flush();
    expect(value(await repo.totals(), 'ipet_model_calls_total', { purpose: 'chat' })).toBe(12);
    await buffer.close();
  });
});
