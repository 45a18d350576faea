import { afterAll, beforeAll } from 'vitest';
import type { ChatSession, Memory, Message, Pet, Store, StoredEmbedding, User } from '../../core/index.ts';
import { petProfileSchema, randomIds, userProfileSchema } from '../../core/index.ts';
import type { StoreProbe } from './probe.ts';

export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const minutes = (n: number) => n * 60_000;
export const days = (n: number) => n * 86_400_000;
export const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

/** One store shared by the tests of a suite (opening PGlite takes seconds); tests isolate by fresh ids. */
export interface Harness {
  store(): Store;
  /** What the engine shows beyond the ports. */
  probe: StoreProbe;
  id(prefix: string): string;
  user(overrides?: Partial<User>): Promise<User>;
  pet(ownerId: string, overrides?: Partial<Pet>): Promise<Pet>;
  /** A user with one pet. */
  pair(): Promise<{ user: User; pet: Pet }>;
  session(userId: string, petId: string, startedAt?: Date): Promise<ChatSession>;
  message(session: ChatSession, overrides?: Partial<Message>): Message;
  memory(userId: string, petId: string, overrides?: Partial<Memory>): Memory;
  insertMemory(
    userId: string,
    petId: string,
    overrides?: Partial<Memory>,
    embedding?: StoredEmbedding | null,
  ): Promise<Memory>;
}

export function useHarness(open: () => Promise<Store>, probe: StoreProbe): Harness {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  const id = randomIds;
  const get = () => {
    if (!store) throw new Error('store not open');
    return store;
  };

  const harness: Harness = {
    store: get,
    probe,
    id,
    user: (overrides = {}) =>
      get().users.create({
        ...userProfileSchema.parse({ name: 'Ada', timezone: 'Europe/Paris', interests: ['hiking'] }),
        id: id('usr'),
        createdAt: T0,
        updatedAt: T0,
        ...overrides,
      }),
    pet: (ownerId, overrides = {}) =>
      get().pets.create({
        id: id('pet'),
        ownerId,
        profile: petProfileSchema.parse({ name: 'Mochi', kind: 'cat', likes: ['naps'] }),
        extensions: { avatar: 'mochi.png' },
        createdAt: T0,
        updatedAt: T0,
        ...overrides,
      }),
    async pair() {
      const user = await harness.user();
      const pet = await harness.pet(user.id);
      return { user, pet };
    },
    session: (userId, petId, startedAt = T0) =>
      get().chats.createSession({
        id: id('ses'),
        userId,
        petId,
        startedAt,
        lastMessageAt: startedAt,
        closedAt: null,
        extractedAt: null,
      }),
    message: (session, overrides = {}) => ({
      id: id('msg'),
      sessionId: session.id,
      userId: session.userId,
      petId: session.petId,
      role: 'user',
      content: 'hello',
      emotion: null,
      status: 'ok',
      idempotencyKey: null,
      replyToId: null,
      error: null,
      createdAt: session.startedAt,
      ...overrides,
    }),
    memory: (userId, petId, overrides = {}) => ({
      id: id('mem'),
      userId,
      petId,
      text: 'likes green tea',
      category: 'permanent',
      occurredAt: T0,
      createdAt: T0,
      expiresAt: null,
      supersededAt: null,
      supersededById: null,
      sourceSessionId: null,
      externalId: null,
      embeddingModel: null,
      subject: 'user',
      kind: null,
      dueOn: null,
      ...overrides,
    }),
    async insertMemory(userId, petId, overrides = {}, embedding = null) {
      const memory = harness.memory(userId, petId, overrides);
      await get().memories.insert([{ memory, embedding }]);
      return { ...memory, embeddingModel: embedding?.model ?? null };
    },
  };
  return harness;
}
