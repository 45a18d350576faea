import type { Message, Store } from '../../src/core/index.ts';
import { type IdGenerator, petProfileSchema, randomIds, userProfileSchema } from '../../src/core/index.ts';

const ZONES = ['UTC', 'Europe/Paris', 'Asia/Shanghai', 'America/New_York'];
const LINES = [
  'I started learning the cello this week, my teacher is very strict.',
  'That sounds hard! What piece are you playing?',
  'A short minuet. Also my sister Mia is visiting on Saturday.',
  'I hope you two have a lovely weekend together.',
];

export interface SeededPair {
  userId: string;
  petId: string;
  sessionIds: string[];
}

/**
 * Owners with one pet each and `sessions` conversations that ended two hours before `now` (idle, so the
 * nightly job closes and extracts them). For the nightly integration tests and benchmark.
 */
export async function seedPairs(
  store: Store,
  options: { pairs: number; sessions?: number; now: Date; ids?: IdGenerator },
): Promise<SeededPair[]> {
  const ids = options.ids ?? randomIds;
  const at = new Date(options.now.getTime() - 2 * 3_600_000);
  const seeded: SeededPair[] = [];
  for (let i = 0; i < options.pairs; i++) {
    const user = await store.users.create({
      id: ids('usr'),
      ...userProfileSchema.parse({ name: `Owner ${i + 1}`, timezone: ZONES[i % ZONES.length] }),
      createdAt: at,
      updatedAt: at,
    });
    const pet = await store.pets.create({
      id: ids('pet'),
      ownerId: user.id,
      profile: petProfileSchema.parse({ name: `Pip ${i + 1}`, kind: 'cat', personality: 'curious' }),
      extensions: {},
      createdAt: at,
      updatedAt: at,
    });
    const pair: SeededPair = { userId: user.id, petId: pet.id, sessionIds: [] };
    for (let s = 0; s < (options.sessions ?? 1); s++) {
      const startedAt = new Date(at.getTime() - (s + 1) * 3_600_000);
      const session = await store.chats.createSession({
        id: ids('ses'),
        userId: user.id,
        petId: pet.id,
        startedAt,
        lastMessageAt: startedAt,
        closedAt: null,
        extractedAt: null,
      });
      for (const [n, content] of LINES.entries()) {
        const createdAt = new Date(startedAt.getTime() + n * 60_000);
        const message: Message = {
          id: ids('msg'),
          sessionId: session.id,
          userId: user.id,
          petId: pet.id,
          role: n % 2 === 0 ? 'user' : 'pet',
          content,
          emotion: null,
          status: 'ok',
          idempotencyKey: null,
          replyToId: null,
          error: null,
          createdAt,
        };
        await store.chats.appendMessage(message);
        await store.chats.touchSession(session.id, createdAt);
      }
      pair.sessionIds.push(session.id);
    }
    seeded.push(pair);
  }
  return seeded;
}
