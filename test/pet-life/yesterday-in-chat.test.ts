import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDeps, nightlyDeps } from '../../src/app/index.ts';
import { addDays, localDate, type Pet, type User } from '../../src/core/index.ts';
import { chat, type TurnContext } from '../../src/dialogue/index.ts';
import { runPairNight } from '../../src/nightly/index.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { aDay } from '../../src/test/index.ts';

/**
 * The pet's life carries over a night, on the embedded store (PGlite) with the simulator as the model: a day
 * stored for yesterday, the pair's nightly job, then a chat asking about yesterday - the prompt holds every
 * item of yesterday's day as the pet's own memories, and says so; a week nothing was stored for is one the
 * pet says it does not remember.
 */
let f: ServerFixture;
let pair: { user: User; pet: Pet };
let today: string;

beforeAll(async () => {
  f = await openServerFixture();
  const signed = await f.signup('Ada');
  const { id: petId } = await f.createPet(signed.token);
  pair = { user: (await f.store.users.get(signed.id))!, pet: (await f.store.pets.get(petId))! };
  today = localDate(f.clock.now(), pair.user.timezone);
  await f.store.worlds.saveDay(
    aDay({
      id: 'wday_yesterday',
      userId: pair.user.id,
      petId,
      date: addDays(today, -1),
      schedule: [
        { time: '09:00', title: 'Morning stretch', detail: 'Front paws first, then the back legs.' },
        { time: '12:30', title: 'Picnic with Pip', detail: 'Shared crumbs on a red blanket by the pond.' },
        { time: '17:00', title: 'Kite repairs', detail: 'Patched the torn sail with tape.' },
      ],
    }),
    { replace: false },
  );
}, 60_000);

afterAll(async () => {
  await f?.close();
});

async function contextOf(text: string): Promise<TurnContext> {
  const deps = chatDeps(f.rt, { extractOnClose: false });
  let context: TurnContext | null = null;
  for await (const part of chat(deps, { userId: pair.user.id, petId: pair.pet.id, text })) {
    if (part.type === 'error') throw new Error(`${part.error.code}: ${part.error.message}`);
    if (part.type === 'context') context = part.context;
  }
  f.clock.advance(60_000);
  return context!;
}

describe("yesterday's day in today's chat", () => {
  it("the night records yesterday's items as the pet's memories, once", async () => {
    const job = { userId: pair.user.id, petId: pair.pet.id, date: today };
    const report = await runPairNight(nightlyDeps(f.rt), job, { lastAttempt: true });
    expect(report.petDay).toEqual({ date: addDays(today, -1), added: 3 });
    expect(report.world?.generated).toBe(true);
    const again = await runPairNight(nightlyDeps(f.rt), job, { lastAttempt: true });
    expect(again.petDay?.added).toBe(0);
    const own = await f.store.memories.list({ ...job, now: f.clock.now(), subject: 'pet' });
    expect(own.map((m) => m.externalId).sort()).toEqual([
      'day:wday_yesterday:0',
      'day:wday_yesterday:1',
      'day:wday_yesterday:2',
    ]);
    // Embedded with the configured embedder, like every memory.
    expect(own.every((m) => m.embeddingModel !== null)).toBe(true);
  }, 120_000);

  it('a chat asking about yesterday gets all of its items in the prompt, as what the pet did', async () => {
    const context = await contextOf('How was the picnic yesterday?');
    const own = context.memories.filter((m) => m.subject === 'pet');
    expect(own.find((m) => m.id.endsWith('_1'))?.text).toContain('Picnic with Pip');
    expect(own.map((m) => m.id).sort()).toEqual([
      'mem_day_wday_yesterday_0',
      'mem_day_wday_yesterday_1',
      'mem_day_wday_yesterday_2',
    ]);
    const keys = context.sections.map((s) => s.key);
    expect(keys).toContain('pet-memories');
    expect(keys).toContain('recall:found');
    expect(context.sections.find((s) => s.key === 'recall:found')?.stable).toBe(false);
  }, 60_000);

  it('a chat asking about a week with nothing stored says the pet does not remember it', async () => {
    const context = await contextOf('What did you do last week?');
    const keys = context.sections.map((s) => s.key);
    expect(keys).toContain('recall:none');
    expect(keys).not.toContain('recall:found');
  }, 60_000);
});
