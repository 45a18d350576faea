import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDeps, dayDeps } from '../app/index.ts';
import { importLorebook } from '../cards/index.ts';
import { localDate, type Pet, type User } from '../core/index.ts';
import { type ChatDeps, chat } from '../dialogue/index.ts';
import { internalsOf } from '../store/index.ts';
import { countRoundTrips, type RoundTripCounter } from '../store/testing.ts';
import { aMemory } from '../test/index.ts';
import { dayFor } from '../world/index.ts';
import { openServerFixture, type ServerFixture } from './testing.ts';

/**
 * The chat turn's hot path: the store round trips (statements the driver sends, counted on PGlite) from
 * the request to the model call. Issue 17: at most 6, with memories, lore and a day, on a first turn and on
 * a turn in an existing session - and over HTTP, with the bearer token's check.
 */
const MAX_BEFORE_MODEL = 6;

const LOREBOOK = JSON.stringify({
  spec: 'lorebook_v3',
  data: {
    entries: [
      { keys: ['bakery'], content: '{{char}} loves the bakery van on Fridays.' },
      { keys: [], constant: true, content: 'The town of Brindle sits by a cold lake.' },
    ],
  },
});

let f: ServerFixture;
let counter: RoundTripCounter;
let deps: ChatDeps;
let token: string;
let pair: { user: User; pet: Pet };

beforeAll(async () => {
  f = await openServerFixture();
  const signed = await f.signup('Ada');
  token = signed.token;
  const { id: petId } = await f.createPet(token);
  const base = { ...f.store, clock: f.clock, ids: f.rt.ids };
  await importLorebook(base, { petId, file: LOREBOOK });
  const user = (await f.store.users.get(signed.id))!;
  const pet = (await f.store.pets.get(petId))!;
  pair = { user, pet };
  const texts = ['Ada bakes bread on Sundays', 'Ada has a cat named Fig', 'Ada swims in the lake'];
  const model = f.rt.models.embedder.id;
  const vectors = await f.rt.models.embedder.embed(texts, { purpose: 'embed' });
  await f.store.memories.insert(
    texts.map((text, i) => ({
      memory: aMemory({
        id: `mem_${i}`,
        userId: user.id,
        petId,
        text,
        embeddingModel: model,
        createdAt: new Date('2025-03-01T10:00:00Z'),
        occurredAt: new Date('2025-03-01T10:00:00Z'),
      }),
      embedding: { vector: vectors[i]!, model },
    })),
  );
  await dayFor(dayDeps(f.rt), { user, pet, date: localDate(f.clock.now(), user.timezone) });
  deps = chatDeps(f.rt, { extractOnClose: false });
  // The store's planner statistics run in the background after writes: let the set-up's settle first.
  await internalsOf(f.store).statistics.settled();
  counter = countRoundTrips(f.store);
}, 60_000);

/**
 * The store's background planner-statistics work (table sizes, GIN pending-list merge, ANALYZE) and the
 * /metrics counters' flush (every few seconds, whatever the turns do) are not the turn's: on a loaded machine
 * their timers can fire during a turn, so they are left out of the count.
 */
const isMaintenance = (statement: string) =>
  /^\s*analyze\b|gin_clean_pending_list|pg_relation_size|^\s*insert into "metric_counters"/i.test(statement);
const turnStatements = (statements: readonly string[]) => statements.filter((s) => !isMaintenance(s));

afterAll(async () => {
  counter?.restore();
  await f?.close();
});

/** One turn through chat(): the statements sent before its `context` part (the model is called next). */
async function turn(text: string) {
  counter.reset();
  let before: string[] | null = null;
  const context = { lore: 0, memories: 0, schedule: 0 };
  for await (const part of chat(deps, { userId: pair.user.id, petId: pair.pet.id, text })) {
    if (part.type === 'error') throw new Error(`${part.error.code}: ${part.error.message}`);
    if (part.type === 'context') {
      before = turnStatements(counter.statements);
      context.lore = part.context.lore.length;
      context.memories = part.context.memories.length;
      context.schedule = part.context.schedule.length;
    }
  }
  return { before: before!, all: turnStatements(counter.statements), context };
}

describe('store round trips of a chat turn', () => {
  it(`makes at most ${MAX_BEFORE_MODEL} before the model call on a first turn, then one to close it`, async () => {
    const first = await turn('What about the bakery van? Do you like bread?');
    // The turn really had memories, lore and a day to gather.
    expect(first.context).toMatchObject({ lore: 2 });
    expect(first.context.memories).toBeGreaterThan(0);
    expect(first.context.schedule).toBeGreaterThan(0);
    expect(first.before.length, first.before.join('\n---\n')).toBeLessThanOrEqual(MAX_BEFORE_MODEL);
    // Dense search ran (a failing one would only degrade the turn to lexical search, unseen).
    expect(first.before.filter((s) => s.includes('<=>'))).toHaveLength(1);
    expect(first.all.length - first.before.length).toBe(1);
  });

  it(`makes at most ${MAX_BEFORE_MODEL} in an existing session`, async () => {
    f.clock.advance(60_000);
    const next = await turn('I went swimming in the lake, the bakery was closed');
    expect(next.context.memories).toBeGreaterThan(0);
    expect(next.before.length, next.before.join('\n---\n')).toBeLessThanOrEqual(MAX_BEFORE_MODEL);
  });

  it('adds one round trip over HTTP (the token), and writes its last use at most once a minute', async () => {
    f.clock.advance(60_000);
    const send = async (text: string) => {
      counter.reset();
      const res = await f.app.inject({
        method: 'POST',
        url: `/api/v1/pets/${pair.pet.id}/chat`,
        headers: f.bearer(token),
        payload: { text },
      });
      expect(res.statusCode).toBe(200);
      return turnStatements(counter.statements);
    };
    await send('Hello again');
    f.clock.advance(5_000);
    const statements = await send('Tell me about Brindle');
    // auth, the turn's reads and writes up to the model, the closing write.
    expect(statements.length, statements.join('\n---\n')).toBeLessThanOrEqual(1 + MAX_BEFORE_MODEL + 1);
    expect(statements.filter((s) => /update "user_tokens"/i.test(s))).toEqual([]);
  });
});
