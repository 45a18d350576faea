import { describe, expect, it } from 'vitest';
import type { Logger, Memory } from '../../core/index.ts';
import { fixedClock, ModelOutputError, sequentialIds, silentLogger } from '../../core/index.ts';
import {
  type Answer,
  aMemory,
  aPet,
  aUser,
  type ModelCall,
  memoryStore,
  scriptedModel,
  seed,
} from '../../test/index.ts';
import { type ReflectDeps, reflectNight } from './reflect.ts';
import { weeklyDue, windowOf } from './reflection-window.ts';

const DATE = '2025-03-14';
const NIGHT = new Date('2025-03-14T03:00:00Z');

const swim = aMemory({
  id: 'mem_swim',
  subject: 'pet',
  kind: 'day',
  category: 'short_term',
  text: 'Mochi had her first swimming lesson with Pip and swallowed some water.',
  occurredAt: new Date('2025-03-13T15:00:00Z'),
  createdAt: new Date('2025-03-13T03:00:00Z'),
});
const promise = aMemory({
  id: 'mem_promise',
  subject: 'pet',
  kind: 'promise',
  dueOn: '2025-03-15',
  text: 'Mochi promised Lena to show her the lighthouse drawing.',
  occurredAt: new Date('2025-03-13T19:00:00Z'),
  createdAt: new Date('2025-03-14T02:00:00Z'),
});
const exam = aMemory({
  id: 'mem_exam',
  subject: 'user',
  kind: 'upcoming',
  dueOn: '2025-03-21',
  text: 'Lena has her driving exam next Friday.',
  occurredAt: new Date('2025-03-10T19:00:00Z'),
  createdAt: new Date('2025-03-10T19:00:00Z'),
});
const oldDay = aMemory({
  id: 'mem_old',
  subject: 'pet',
  kind: 'day',
  text: 'Mochi painted the fence.',
  occurredAt: new Date('2025-03-01T10:00:00Z'),
  createdAt: new Date('2025-03-10T03:00:00Z'),
});
const notYetLived = aMemory({
  id: 'mem_future',
  subject: 'pet',
  kind: 'day',
  text: 'Mochi goes to the beach.',
  occurredAt: new Date('2025-03-14T10:00:00Z'),
  createdAt: new Date('2025-03-14T02:30:00Z'),
});

const ANSWER = {
  reflections: [
    { topic: 'storyline', text: 'Mochi is learning to swim with Pip; the water still scares her a little.' },
    { topic: 'anticipation', text: 'Mochi looks forward to showing Lena the lighthouse drawing.' },
  ],
};

async function setup(
  memories: Memory[],
  generate: Answer[] | ((call: ModelCall) => Answer) = [ANSWER],
  at = NIGHT,
) {
  const store = memoryStore();
  await seed(store, { users: [aUser()], pets: [aPet()], memories });
  const model = scriptedModel({ modelId: 'scripted-reflect', generate });
  const logged: Array<{ message: string; fields: unknown }> = [];
  const logger: Logger = {
    ...silentLogger,
    info: (message, fields) => logged.push({ message, fields }),
    warn: (message, fields) => logged.push({ message, fields }),
  };
  const deps: ReflectDeps = {
    memories: store.memories,
    reflections: store.reflections,
    model,
    clock: fixedClock(at),
    ids: sequentialIds(),
    logger,
  };
  const night = (date = DATE, d: ReflectDeps = deps) => reflectNight(d, { pet: aPet(), user: aUser(), date });
  return { store, model, deps, night, logged };
}

describe('reflectNight: nightly reflections', () => {
  it("distils the pair's recent pet and user memories in one call and stores them as version 1", async () => {
    const { model, night, store, logged } = await setup([swim, promise, exam, oldDay, notYetLived]);
    const result = await night();

    expect(model.calls).toHaveLength(1);
    const call = model.calls[0]!;
    expect(call.name).toBe('reflections');
    expect(call.options.providerOptions?.['ipet']).toMatchObject({ purpose: 'reflection', petId: 'pet_1' });
    expect(call.prompt).toContain('2025-03-11 to 2025-03-13');
    expect(call.prompt).toContain('(2025-03-13) [day] Mochi had her first swimming lesson');
    expect(call.prompt).toContain('[promise, due 2025-03-15] Mochi promised Lena');
    // An upcoming event still ahead counts whenever it was told; an old day and a day not lived yet do not.
    expect(call.prompt).toContain('Lena has her driving exam next Friday.');
    expect(call.prompt).not.toContain('painted the fence');
    expect(call.prompt).not.toContain('goes to the beach');
    expect(call.system).toMatch(/storyline/);

    expect(result.nightly).toMatchObject({ outcome: 'stored', usage: { calls: 1, inputTokens: 100 } });
    expect(result.weekly).toMatchObject({ outcome: 'skipped', reason: 'not due' });
    const stored = await store.reflections.latest({ petId: 'pet_1', userId: 'usr_1', scope: 'nightly' });
    expect(stored.map((r) => [r.topic, r.version, r.periodStart, r.periodEnd])).toEqual([
      ['storyline', 1, '2025-03-11', '2025-03-13'],
      ['anticipation', 1, '2025-03-11', '2025-03-13'],
    ]);
    expect(stored[0]).toMatchObject({ promptVersion: 'reflect@v1/en', model: 'scripted-reflect' });
    // The log says what was stored by id, never the text.
    expect(JSON.stringify(logged)).not.toContain('swim');
    expect(JSON.stringify(logged)).toContain(stored[0]!.id);
  });

  it('skips the call when nothing was stored since the last version, and feeds the last version to the next', async () => {
    const { model, night, deps, store } = await setup([swim, promise]);
    await night();
    const next = { ...deps, clock: fixedClock('2025-03-15T03:00:00Z') };
    const quiet = await night('2025-03-15', next);
    expect(quiet.nightly).toMatchObject({ outcome: 'skipped', reason: 'nothing new' });
    expect(quiet.nightly.reflections).toHaveLength(2);
    expect(model.calls).toHaveLength(1);

    await store.memories.insert([
      {
        memory: aMemory({
          id: 'mem_lesson2',
          subject: 'pet',
          kind: 'day',
          text: 'Mochi swam three strokes on her own.',
          occurredAt: new Date('2025-03-14T15:00:00Z'),
          createdAt: new Date('2025-03-15T02:00:00Z'),
        }),
        embedding: null,
      },
    ]);
    const again = await night('2025-03-15', next);
    expect(again.nightly.outcome).toBe('stored');
    expect(again.nightly.reflections[0]?.version).toBe(2);
    expect(model.calls[1]?.prompt).toContain('Mochi swam three strokes on her own.');
    expect(model.calls[1]?.prompt).toContain(
      '(nightly, 2025-03-13) [storyline] Mochi is learning to swim with Pip',
    );
  });

  it('keeps a period reflected on before without a call (a retried night)', async () => {
    const { model, night } = await setup([swim]);
    const first = await night();
    const retry = await night();
    expect(retry.nightly.outcome).toBe('kept');
    expect(retry.nightly.reflections.map((r) => r.id)).toEqual(first.nightly.reflections.map((r) => r.id));
    expect(model.calls).toHaveLength(1);
  });

  it('makes no call for a pair without memories in the period', async () => {
    const { model, night } = await setup([oldDay]);
    const result = await night();
    expect(result.nightly).toMatchObject({ outcome: 'skipped', reason: 'no memories' });
    expect(model.calls).toHaveLength(0);
  });
});

describe('reflectNight: repairing what the model returns', () => {
  it('drops blank and repeated items and keeps the first five of a longer answer', async () => {
    const text = (n: number) => `Mochi reflection number ${n}.`;
    const { night } = await setup(
      [swim],
      [
        {
          reflections: [
            { topic: 'storyline', text: '   ' },
            { topic: 'storyline', text: text(1) },
            { topic: 'relationship', text: `  ${text(1).toUpperCase()} ` },
            ...[2, 3, 4, 5, 6, 7].map((n) => ({ topic: 'anticipation', text: text(n) })),
          ],
        },
      ],
    );
    const result = await night();
    expect(result.nightly.reflections.map((r) => r.text)).toEqual([1, 2, 3, 4, 5].map(text));
  });

  it('asks again when an item has an unknown topic or none is left, with the problem named', async () => {
    const { night, model } = await setup(
      [swim],
      [
        { reflections: [{ topic: 'gossip', text: 'Mochi heard things.' }] },
        { reflections: [{ topic: 'storyline', text: ' ' }] },
        ANSWER,
      ],
    );
    const result = await night();
    expect(model.calls).toHaveLength(3);
    expect(model.calls[1]?.prompt).toMatch(/not valid: the JSON did not match the schema/);
    expect(model.calls[2]?.prompt).toMatch(/no reflection left/);
    expect(result.nightly).toMatchObject({ outcome: 'stored', usage: { calls: 3 } });
  });

  it('fails with ModelOutputError and stores nothing when no attempt is usable', async () => {
    const { night, store } = await setup([swim], [{ reflections: [] }]);
    await expect(night()).rejects.toBeInstanceOf(ModelOutputError);
    expect(await store.reflections.list({ petId: 'pet_1' })).toEqual([]);
  });

  it('sends a JSON schema with 1-5 items, the topic enum and a text length cap', async () => {
    const { night, model } = await setup([swim]);
    await night();
    const schema = JSON.stringify(model.calls[0]?.schema);
    expect(schema).toMatch(/"minItems":1/);
    expect(schema).toMatch(/"maxItems":5/);
    expect(schema).toContain('"enum":["storyline","relationship","anticipation"]');
    expect(schema).toMatch(/"maxLength":300/);
  });
});

describe('reflectNight: the weekly summary', () => {
  it('runs beside the nightly one once the pair has a week of memories, then every 7 days', async () => {
    const weekOld = aMemory({ ...oldDay, id: 'mem_week', createdAt: new Date('2025-03-07T03:00:00Z') });
    const { night, model, store } = await setup([weekOld, swim], () => ANSWER);
    const result = await night();
    expect(result.weekly.outcome).toBe('stored');
    expect(result.weekly.reflections[0]).toMatchObject({
      periodStart: '2025-03-07',
      periodEnd: '2025-03-13',
    });
    const weeklyCall = model.calls.find((c) => c.prompt.includes('weekly reflection'));
    expect(weeklyCall?.prompt).toContain('the week from 2025-03-07 to 2025-03-13');
    expect(await store.reflections.latest({ petId: 'pet_1', userId: 'usr_1', scope: 'weekly' })).toHaveLength(
      2,
    );
  });

  it('is due a week after the last weekly end, or with none once the first memory is a week old', () => {
    const at = (iso: string) => aMemory({ createdAt: new Date(iso) });
    expect(weeklyDue('2025-03-06', [], '2025-03-13', 'UTC')).toBe(true);
    expect(weeklyDue('2025-03-07', [], '2025-03-13', 'UTC')).toBe(false);
    expect(weeklyDue(null, [at('2025-03-07T10:00:00Z')], '2025-03-13', 'UTC')).toBe(true);
    expect(weeklyDue(null, [at('2025-03-08T10:00:00Z')], '2025-03-13', 'UTC')).toBe(false);
    expect(weeklyDue(null, [], '2025-03-13', 'UTC')).toBe(false);
  });

  it('keeps the newest memories of each subject when the window holds too many', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      aMemory({
        id: `mem_${String(i).padStart(2, '0')}`,
        subject: 'pet',
        occurredAt: new Date(Date.parse('2025-03-12T00:00:00Z') + i * 60_000),
      }),
    );
    const w = windowOf(many, {
      scope: 'nightly',
      periodStart: '2025-03-11',
      date: DATE,
      now: NIGHT,
      timeZone: 'UTC',
    });
    expect(w.pet).toHaveLength(40);
    expect(w.pet[0]?.id).toBe('mem_10');
    expect(w.pet.at(-1)?.id).toBe('mem_49');
  });
});
