import type { Memory, PetProfileInput, UserProfileInput } from '../../core/index.ts';
import { silentLogger } from '../../core/index.ts';
import { createPet, createUser } from '../../profiles/index.ts';
import {
  aMemory,
  fixedClock,
  memoryStore,
  type ScriptedModel,
  scriptedModel,
  sequentialIds,
} from '../../test/index.ts';
import type { ChatDeps } from '../chat.ts';
import type { ChatPart } from '../parts.ts';

/** Tuesday 2025-03-04, 13:05 UTC (14:05 in Paris). */
export const T0 = '2025-03-04T13:05:00Z';

/** A user and a pet in the test kit's in-memory store, a fixed clock and a scripted model. */
export async function chatFixture(
  options: {
    user?: Partial<UserProfileInput>;
    pet?: Partial<PetProfileInput>;
    model?: ScriptedModel;
    deps?: Partial<ChatDeps>;
  } = {},
) {
  const store = memoryStore();
  const repos = {
    users: store.users,
    pets: store.pets,
    chats: store.chats,
    /** Every message stored, in the order written. */
    get messages() {
      return [...store.tables.messages.values()];
    },
    get sessions() {
      return [...store.tables.sessions.values()];
    },
  };
  const clock = fixedClock(T0);
  const ids = sequentialIds();
  const base = { ...store, clock, ids };
  const user = await createUser(base, { name: 'Alice', timezone: 'Europe/Paris', ...options.user });
  const pet = await createPet(base, {
    ownerId: user.id,
    profile: { name: 'Mochi', kind: 'cat', personality: 'Curious and gentle', ...options.pet },
  });
  const model = options.model ?? scriptedModel({ stream: [{ chunks: ['[joy] Hi ', 'there!'] }] });
  const deps: ChatDeps = {
    users: store.users,
    pets: store.pets,
    chats: store.chats,
    model,
    clock,
    ids,
    logger: silentLogger,
    ...options.deps,
  };
  return { store, repos, clock, ids, user, pet, model, deps };
}

export async function collect(parts: AsyncIterable<ChatPart>): Promise<ChatPart[]> {
  const out: ChatPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

export function partOf<T extends ChatPart['type']>(
  parts: ChatPart[],
  type: T,
): Extract<ChatPart, { type: T }> {
  const part = parts.find((p) => p.type === type);
  if (!part) throw new Error(`no ${type} part in ${parts.map((p) => p.type).join(', ')}`);
  return part as Extract<ChatPart, { type: T }>;
}

/** A long-term memory of Alice's that happened (and was stored) at `occurredAt`. */
export function memory(id: string, text: string, occurredAt = '2025-03-01T10:00:00Z'): Memory {
  const at = new Date(occurredAt);
  return aMemory({ id, text, category: 'long_term', occurredAt: at, createdAt: at, expiresAt: null });
}
