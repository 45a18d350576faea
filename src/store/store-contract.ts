import { describe } from 'vitest';
import type { Store } from '../core/index.ts';
import { chatsContract } from './contract/chats-contract.ts';
import { eraseContract } from './contract/erase-contract.ts';
import { eventsContract } from './contract/events-contract.ts';
import { useHarness } from './contract/harness.ts';
import { limitsContract } from './contract/limits-contract.ts';
import { memoriesContract } from './contract/memories-contract.ts';
import { memorySearchContract } from './contract/memory-search-contract.ts';
import { petsContract } from './contract/pets-contract.ts';
import { proactiveContract } from './contract/proactive-contract.ts';
import { type StoreProbe, sqlProbe } from './contract/probe.ts';
import { reflectionsContract } from './contract/reflections-contract.ts';
import { usersContract } from './contract/users-contract.ts';
import { worldContract } from './contract/world-contract.ts';

export type { StoreProbe } from './contract/probe.ts';

/**
 * Registers the store's contract tests: every port method, against one store opened by `open` (and closed
 * after). Each engine's `*.int.test.ts` calls this, so PGlite, PostgreSQL and the test kit's in-memory store
 * pass the very same tests; `probe` lets the erase tests look at every table, and says whether the checks of
 * the SQL itself (index plans) apply.
 */
export function defineStoreContract(
  name: string,
  open: () => Promise<Store>,
  probe: StoreProbe = sqlProbe,
): void {
  describe(`store contract (${name})`, () => {
    const h = useHarness(open, probe);
    usersContract(h);
    petsContract(h);
    chatsContract(h);
    memoriesContract(h);
    memorySearchContract(h);
    worldContract(h);
    eventsContract(h);
    limitsContract(h);
    proactiveContract(h);
    reflectionsContract(h);
    eraseContract(h);
  });
}
