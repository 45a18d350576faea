import type { Logger } from '../../core/index.ts';
import type { StoreConfig } from '../../store/index.ts';
import type { FleetLimiter } from './fleet-limiter.ts';
import { createLocalLimiter } from './local-limiter.ts';
import { createPostgresLimiter } from './postgres-limiter.ts';

/**
 * The fleet limiter for a store: advisory-lock slots on PostgreSQL (shared by every worker process), an
 * in-process one on PGlite (only one process can open it). `name` separates model servers.
 */
export function openFleetLimiter(
  store: StoreConfig,
  options: { slots: number; name?: string; logger?: Logger },
): Promise<FleetLimiter> {
  if (store.kind === 'postgres') {
    return createPostgresLimiter({
      url: store.url,
      slots: options.slots,
      ...(options.name ? { name: options.name } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }
  return Promise.resolve(
    createLocalLimiter({ slots: options.slots, ...(options.logger ? { logger: options.logger } : {}) }),
  );
}
