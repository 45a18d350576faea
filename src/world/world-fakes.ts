/**
 * Test helpers of the world module (imported by its tests only): a scripted model that answers each stage
 * from a handler and records the calls, in-memory repositories, and a realistic pet, owner and friends.
 */
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import type {
  FriendProfile,
  FriendRepository,
  Memory,
  Pet,
  User,
  WorldDay,
  WorldRepository,
} from '../core/index.ts';
import { ConflictError, petProfileSchema, userProfileSchema } from '../core/index.ts';

export type Stage = 'outline' | 'schedule' | 'detail' | 'direct' | 'friend_batch';
/** Returns the object to answer with (serialised as JSON), or a string sent as is. */
export type StageHandler = (call: { prompt: string; system: string; n: number; schema: unknown }) => unknown;

export function stageOf(options: LanguageModelV3CallOptions): Stage {
  const format = options.responseFormat;
  const name = format?.type === 'json' ? format.name : undefined;
  if (!name) throw new Error('call without a named JSON response format');
  return name.replace(/^world_/, '') as Stage;
}

/** The system text and the concatenated user text of a recorded call. */
export function promptText(options: LanguageModelV3CallOptions): { system: string; user: string } {
  let system = '';
  const user: string[] = [];
  for (const message of options.prompt) {
    if (message.role === 'system') system += message.content;
    else if (message.role === 'user') {
      for (const part of message.content) if (part.type === 'text') user.push(part.text);
    }
  }
  return { system, user: user.join('\n') };
}

export function scriptedModel(handlers: Partial<Record<Stage, StageHandler>>) {
  const counts = new Map<Stage, number>();
  const model = new MockLanguageModelV3({
    modelId: 'scripted-world',
    doGenerate: async (options): Promise<LanguageModelV3GenerateResult> => {
      const stage = stageOf(options);
      const handler = handlers[stage];
      if (!handler) throw new Error(`no handler for stage ${stage}`);
      const n = counts.get(stage) ?? 0;
      counts.set(stage, n + 1);
      const { system, user } = promptText(options);
      const schema = options.responseFormat?.type === 'json' ? options.responseFormat.schema : undefined;
      const answer = await handler({ prompt: user, system, n, schema });
      const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 20, text: 20, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
  const callsOf = (stage: Stage) => model.doGenerateCalls.filter((c) => stageOf(c) === stage);
  return { model, callsOf };
}

export const OUTLINE = {
  mood: 'bright and a little restless',
  themes: ['first warm day of spring', 'the kite project'],
  meets: ['Pip'],
  threads: ['Mochi wants to fly the new kite but the wind keeps changing its mind.'],
  summary: 'Mochi wakes early to sunshine, works on the kite and meets Pip by the pond.',
};

export const SCHEDULE = {
  items: [
    { time: '07:30', title: 'Morning stretch' },
    { time: '08:15', title: 'Breakfast by window' },
    { time: '09:30', title: 'Kite building' },
    { time: '11:00', title: 'Walk in park' },
    { time: '12:30', title: 'Lunch with Pip' },
    { time: '14:00', title: 'Afternoon nap' },
    { time: '16:00', title: 'Kite test flight' },
    { time: '21:30', title: 'Bedtime story' },
  ],
};

export const DETAIL =
  'Sunlight pools on the rug while Mochi stretches, front paws first, then each back leg in turn. A sparrow ' +
  'lands on the sill and watches. Mochi yawns so wide her whiskers tremble. "Today the kite flies," she ' +
  'thinks, "even if I have to run the whole hill myself."';

/** The friend names a JSON schema allows in `meets` (found anywhere in it), in order. */
export function allowedFriends(schema: unknown): string[] {
  const match = /"meets":\{[^}]*?"enum":(\[[^\]]*\])/.exec(JSON.stringify(schema ?? {}));
  return match ? (JSON.parse(match[1]!) as string[]) : [];
}

/** Pip when the pet has Pip as a friend, else its first friend, else nobody. */
const meetsFor = (schema: unknown) => {
  const names = allowedFriends(schema);
  return names.includes('Pip') ? ['Pip'] : names.slice(0, 1);
};

export const standardHandlers: Record<Stage, StageHandler> = {
  outline: ({ schema }) => ({ ...OUTLINE, meets: meetsFor(schema) }),
  schedule: () => SCHEDULE,
  detail: () => ({ detail: DETAIL }),
  direct: ({ schema }) => ({
    outline: { ...OUTLINE, meets: meetsFor(schema) },
    schedule: SCHEDULE.items.map((i) => ({ ...i, detail: DETAIL })),
  }),
  friend_batch: () => ({ friends: [] }),
};

export function aUser(overrides: Partial<User> = {}): User {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    id: 'usr_1',
    ...userProfileSchema.parse({
      name: 'Lena',
      callName: 'Lenny',
      timezone: 'Europe/Paris',
      locale: 'en',
      interests: ['pottery', 'rainy-day films', 'bouldering'],
    }),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function aPet(overrides: Partial<Pet> = {}): Pet {
  const at = new Date('2025-01-01T00:00:00Z');
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
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function someFriends(): FriendProfile[] {
  const at = new Date('2025-01-01T00:00:00Z');
  const f = (id: string, name: string, kind: string, personality: string): FriendProfile => ({
    id,
    name,
    kind,
    personality,
    relationship: 'shows up when it matters',
    description: `${name} lives near the park and knows everyone's business.`,
    createdAt: at,
  });
  return [
    f('frd_1', 'Pip', 'sparrow', 'chatty and brave'),
    f('frd_2', 'Hazel', 'hedgehog', 'shy, precise, loves puzzles'),
    f('frd_3', 'Bruno', 'retired postman', 'patient, tells long stories'),
  ];
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
    ...overrides,
  };
}

export function memoryWorlds(): WorldRepository & { days: Map<string, WorldDay>; saves: number } {
  const days = new Map<string, WorldDay>();
  const repo = {
    days,
    saves: 0,
    async getDay(petId: string, date: string) {
      return days.get(`${petId}/${date}`) ?? null;
    },
    async saveDay(day: WorldDay, options: { replace: boolean }) {
      const key = `${day.petId}/${day.date}`;
      if (days.has(key) && !options.replace) throw new ConflictError(`day ${key} exists`);
      repo.saves++;
      days.set(key, day);
      return day;
    },
    async listDays(petId: string, from: string, to: string) {
      return [...days.values()].filter((d) => d.petId === petId && d.date >= from && d.date <= to);
    },
  };
  return repo;
}

export function memoryFriends(
  pool: FriendProfile[] = [],
): FriendRepository & { links: Map<string, string[]> } {
  let current = [...pool];
  const links = new Map<string, string[]>();
  return {
    links,
    async listPool() {
      return [...current];
    },
    async addToPool(friends) {
      current.push(...friends);
    },
    async clearPool() {
      current = [];
      links.clear();
    },
    async friendsOf(petId) {
      const ids = links.get(petId) ?? [];
      return current.filter((f) => ids.includes(f.id));
    },
    async assign(petId, ids) {
      links.set(petId, [...ids]);
    },
  };
}
