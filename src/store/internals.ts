import type { Store } from '../core/index.ts';
import type { Engine } from './engine.ts';
import type { StatisticsKeeper } from './statistics.ts';

/** What a store knows about its database beyond the ports: for this folder's tests, never for the apps. */
export interface StoreInternals {
  engine: Engine;
  /** pgvector's version as installed in the database (e.g. `0.8.0`). */
  vectorVersion: string;
  /** The planner statistics the store keeps (tests wait for it with `settled()`). */
  statistics: StatisticsKeeper;
}

const registry = new WeakMap<Store, StoreInternals>();

export function registerInternals(store: Store, internals: StoreInternals): void {
  registry.set(store, internals);
}

export function internalsOf(store: Store): StoreInternals {
  const internals = registry.get(store);
  if (!internals) throw new Error('not a store opened by openStore');
  return internals;
}
