import { type Exchange, sendError } from './http-io.ts';
import type { SimContext } from './sim-context.ts';
import type { Lease } from './slots.ts';

/**
 * Waits for a serving slot (FIFO), or answers 429 with Retry-After when the simulator is full and in
 * 'reject' mode. Resolves undefined when the request will not be served. The lease is released when
 * the exchange closes, so a client that disconnects while queued or in service frees its place.
 */
export function admit(ex: Exchange, ctx: SimContext): Promise<Lease | undefined> {
  const { slots } = ctx;
  if (ctx.options.overCapacity === 'reject' && (slots.active >= slots.capacity || slots.queued > 0)) {
    ctx.stats.count('rejected');
    sendError(ex.res, 429, 'simulator at capacity; retry later', 'rate_limit_exceeded', {
      'retry-after': String(ctx.options.retryAfterSeconds),
    });
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const lease = slots.acquire(() => resolve(lease));
    ex.scope.onClose(() => {
      lease.release();
      resolve(undefined);
    });
    if (lease.granted) resolve(lease);
  });
}
