import type { Store } from '../core/index.ts';
import { type MemoryStore, memoryStore } from '../test/index.ts';
import { defineStoreContract, type StoreProbe } from './store-contract.ts';

/** The in-memory store's tables under the names of the SQL tables they stand for. */
function tablesOf(store: MemoryStore): Record<string, unknown[]> {
  const t = store.tables;
  return {
    users: [...t.users.values()],
    user_tokens: [...t.tokens.values()],
    pets: [...t.pets.values()],
    pet_moods: [...t.moods.values()],
    friends: [...t.friends.values()],
    pet_friends: [...t.links].flatMap(([petId, ids]) =>
      ids.map((friendId, position) => ({ petId, friendId, position })),
    ),
    chat_sessions: [...t.sessions.values()],
    messages: [...t.messages.values()],
    memories: [...t.memories.values()],
    world_days: [...t.days.values()],
    model_usage: [...t.usage],
    product_events: [...t.events],
    reflections: [...t.reflections.values()],
    proactive_messages: [...t.proactive.values()],
    rate_limits: [...t.limits].map(([key, row]) => ({ key, ...row })),
    metric_counters: [...t.counters.values()],
  };
}

const memoryProbe: StoreProbe = {
  sql: false,
  async rowsContaining(store: Store, needle: string) {
    const counts: Record<string, number> = {};
    for (const [name, rows] of Object.entries(tablesOf(store as MemoryStore))) {
      counts[name] = rows.filter((row) => JSON.stringify(row).includes(needle)).length;
    }
    return counts;
  },
};

defineStoreContract('memory', async () => memoryStore(), memoryProbe);
