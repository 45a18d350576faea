import type {
  ChatSession,
  FriendProfile,
  Memory,
  Message,
  Pet,
  PetProfileInput,
  Store,
  User,
  WorldDay,
} from '../core/index.ts';
import { petProfileSchema, userProfileSchema } from '../core/index.ts';

/**
 * Realistic rows for tests: an owner (Lena, `usr_1`), her pet (Mochi, `pet_1`), a memory, friends, a day, a
 * session. Each takes overrides. Ids and dates are fixed, so they compare equal across runs.
 */

const CREATED = new Date('2025-01-01T00:00:00Z');

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 'usr_1',
    ...userProfileSchema.parse({
      name: 'Lena',
      callName: 'Lenny',
      timezone: 'Europe/Paris',
      locale: 'en',
      interests: ['pottery', 'rainy-day films', 'bouldering'],
    }),
    createdAt: CREATED,
    updatedAt: CREATED,
    trainingConsent: false,
    trainingConsentAt: null,
    ...overrides,
  };
}

export function aPet(overrides: Partial<Pet> = {}): Pet {
  return {
    id: 'pet_1',
    ownerId: 'usr_1',
    profile: petProfileSchema.parse({
      name: 'Mochi',
      kind: 'ginger cat',
      appearance: 'Round ginger cat with a white bib, one crooked whisker and very expressive ears.',
      personality:
        'Curious and stubborn, secretly soft-hearted; acts unimpressed but remembers every kindness and ' +
        'quietly returns it. Gets restless on sunny days and dramatic on rainy ones.',
      traits: ['curious', 'stubborn', 'loyal', 'a little vain'],
      speakingStyle: 'Short, confident sentences with the occasional grand declaration; purrs when pleased.',
      likes: ['sunny windowsills', 'kites', 'sardines', 'the sound of rain on the roof', 'warm laundry'],
      dislikes: ['vacuum cleaners', 'being rushed', 'wet paws'],
      background:
        'Found as a kitten behind a bakery, Mochi has lived with Lena for three years in a small flat above ' +
        'a flower shop, next to a park with a pond. She has recently decided to build a kite of her own.',
      emotionalTendencies: 'Sulks briefly when ignored, then forgives with a head-butt.',
    }),
    extensions: {},
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/**
 * A companion profile of the size users write (a few hundred words), so that the persona part of a prompt is
 * realistic: for tests of the prompt's layout and the benchmarks that build prompts.
 */
export function aRealisticPetProfile(): PetProfileInput {
  return {
    name: 'Mochi',
    kind: 'orange tabby cat',
    appearance:
      'A round orange tabby with a white chest, one bent whisker and a tail that curls like a question mark.',
    personality:
      'Curious and stubborn, soft-hearted under a show of pride. Restless on sunny days, clingy when it rains. ' +
      'Notices small things about people and remembers them; teases gently, never cruelly.',
    traits: ['curious', 'proud', 'affectionate', 'easily bored', 'loyal'],
    speakingStyle: 'Short, playful sentences; the odd cat pun; asks one question back at most.',
    catchphrases: ['Hmph, fine.', 'Tell me everything.'],
    likes: ['sunny windowsills', 'kites', 'sardines', 'the sound of rain on the roof', 'the old bakery'],
    dislikes: ['vacuum cleaners', 'being ignored', 'cold tea'],
    background:
      'Found as a kitten behind a bakery, Mochi lives with the user above a flower shop next to a park with a ' +
      'pond. Spends mornings watching the ducks, afternoons napping in the shop, and evenings waiting by the door. ' +
      'Has a long rivalry with the neighbour’s parrot and a soft spot for the baker, who saves crusts.',
    emotionalTendencies: 'Quick to sulk, quicker to forgive; gets anxious when the user sounds sad.',
    exampleLines: [
      'You are late. I counted the ducks twice.',
      'Hmph, fine. But only because it is you.',
      'Sardines would fix this. Sardines fix most things.',
    ],
    greeting: '',
    scenario: '',
  };
}

export function aMemory(overrides: Partial<Memory> = {}): Memory {
  const at = new Date('2025-03-10T18:00:00Z');
  return {
    id: 'mem_1',
    userId: 'usr_1',
    petId: 'pet_1',
    text: 'Lena has a pottery exhibition on Saturday and is nervous about it.',
    category: 'short_term',
    occurredAt: at,
    createdAt: at,
    expiresAt: new Date('2025-04-10T18:00:00Z'),
    supersededAt: null,
    supersededById: null,
    sourceSessionId: null,
    externalId: null,
    embeddingModel: null,
    subject: 'user',
    kind: null,
    dueOn: null,
    ...overrides,
  };
}

/** Three friends of the pool: Pip (a sparrow), Hazel and Bruno. */
export function someFriends(): FriendProfile[] {
  const f = (id: string, name: string, kind: string, personality: string): FriendProfile => ({
    id,
    name,
    kind,
    personality,
    relationship: 'shows up when it matters',
    description: `${name} lives near the park and knows everyone's business.`,
    createdAt: CREATED,
  });
  return [
    f('frd_1', 'Pip', 'sparrow', 'chatty and brave'),
    f('frd_2', 'Hazel', 'hedgehog', 'shy, precise, loves puzzles'),
    f('frd_3', 'Bruno', 'retired postman', 'patient, tells long stories'),
  ];
}

/** A generated day of Mochi's (Friday 2025-03-14): a short schedule with details. */
export function aDay(overrides: Partial<WorldDay> = {}): WorldDay {
  return {
    id: 'wday_1',
    petId: 'pet_1',
    userId: 'usr_1',
    date: '2025-03-14',
    mode: 'normal',
    method: 'world-sim',
    outline: 'Mochi wakes early to sunshine, works on the kite and meets Pip by the pond.\nMeets: Pip',
    schedule: [
      { time: '07:30', title: 'Morning stretch', detail: 'Front paws first, then each back leg in turn.' },
      { time: '11:00', title: 'Walk in park', detail: 'Chases leaves along the pond and greets Pip.' },
      {
        time: '16:00',
        title: 'Kite test flight',
        detail: 'The wind changes its mind twice; the kite flies once.',
      },
    ],
    promptVersion: 'world@v1/en',
    model: 'scripted',
    usage: { calls: 5, inputTokens: 500, outputTokens: 100 },
    createdAt: new Date('2025-03-14T05:00:00Z'),
    degraded: null,
    ...overrides,
  };
}

export function aSession(overrides: Partial<ChatSession> = {}): ChatSession {
  const at = new Date('2025-03-10T08:00:00Z');
  return {
    id: 'ses_1',
    userId: 'usr_1',
    petId: 'pet_1',
    startedAt: at,
    lastMessageAt: at,
    closedAt: null,
    extractedAt: null,
    ...overrides,
  };
}

/** Rows to write through a store's ports, parents first (the store checks references). */
export interface Seed {
  users?: User[];
  pets?: Pet[];
  sessions?: ChatSession[];
  messages?: Message[];
  memories?: Memory[];
  friends?: FriendProfile[];
  days?: WorldDay[];
}

export async function seed(store: Store, rows: Seed): Promise<void> {
  for (const user of rows.users ?? []) await store.users.create(user);
  for (const pet of rows.pets ?? []) await store.pets.create(pet);
  for (const session of rows.sessions ?? []) await store.chats.createSession(session);
  for (const message of rows.messages ?? []) await store.chats.appendMessage(message);
  await store.memories.insert((rows.memories ?? []).map((memory) => ({ memory, embedding: null })));
  await store.friends.addToPool(rows.friends ?? []);
  for (const day of rows.days ?? []) await store.worlds.saveDay(day, { replace: false });
}

/**
 * A session with alternating user and pet messages one minute apart (the user speaks first); `closed` closes
 * it one minute after the last line.
 */
export async function seedConversation(
  store: Store,
  session: { id: string; userId?: string; petId?: string; startedAt: Date; closed?: boolean },
  lines: string[],
): Promise<ChatSession> {
  const userId = session.userId ?? 'usr_1';
  const petId = session.petId ?? 'pet_1';
  const at = (i: number) => new Date(session.startedAt.getTime() + i * 60_000);
  const created = await store.chats.createSession({
    id: session.id,
    userId,
    petId,
    startedAt: session.startedAt,
    lastMessageAt: at(Math.max(0, lines.length - 1)),
    closedAt: session.closed ? at(lines.length) : null,
    extractedAt: null,
  });
  for (const [i, content] of lines.entries()) {
    await store.chats.appendMessage({
      id: `${session.id}_msg_${i + 1}`,
      sessionId: session.id,
      userId,
      petId,
      role: i % 2 === 0 ? 'user' : 'pet',
      content,
      emotion: null,
      status: 'ok',
      idempotencyKey: null,
      replyToId: null,
      error: null,
      createdAt: at(i),
    });
  }
  return created;
}
