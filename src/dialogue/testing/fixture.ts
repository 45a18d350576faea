import type { MockLanguageModelV3 } from 'ai/test';
import type { Memory, PetProfileInput, UserProfileInput } from '../../core/index.ts';
import { fixedClock, sequentialIds, silentLogger } from '../../core/index.ts';
import { createPet, createUser } from '../../profiles/index.ts';
import type { ChatDeps } from '../chat.ts';
import type { ChatPart } from '../parts.ts';
import { inMemoryRepos } from './in-memory-repos.ts';
import { scriptedModel } from './scripted-model.ts';

/** Tuesday 2025-03-04, 13:05 UTC (14:05 in Paris). */
export const T0 = '2025-03-04T13:05:00Z';

/** A user and a pet in in-memory repositories, a fixed clock and a scripted model. */
export async function chatFixture(
  options: {
    user?: Partial<UserProfileInput>;
    pet?: Partial<PetProfileInput>;
    model?: MockLanguageModelV3;
    deps?: Partial<ChatDeps>;
  } = {},
) {
  const repos = inMemoryRepos();
  const clock = fixedClock(T0);
  const ids = sequentialIds();
  const base = { ...repos, clock, ids };
  const user = await createUser(base, { name: 'Alice', timezone: 'Europe/Paris', ...options.user });
  const pet = await createPet(base, {
    ownerId: user.id,
    profile: { name: 'Mochi', kind: 'cat', personality: 'Curious and gentle', ...options.pet },
  });
  const model = options.model ?? scriptedModel({ chunks: ['[joy] Hi ', 'there!'] });
  const deps: ChatDeps = { ...repos, model, clock, ids, logger: silentLogger, ...options.deps };
  return { repos, clock, ids, user, pet, model, deps };
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

export function memory(id: string, text: string, occurredAt = '2025-03-01T10:00:00Z'): Memory {
  return {
    id,
    userId: 'usr_1',
    petId: 'pet_1',
    text,
    category: 'long_term',
    occurredAt: new Date(occurredAt),
    createdAt: new Date(occurredAt),
    expiresAt: null,
    supersededAt: null,
    supersededById: null,
    sourceSessionId: null,
    externalId: null,
    embeddingModel: null,
  };
}
