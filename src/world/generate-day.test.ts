import { describe, expect, it } from 'vitest';
import {
  createJsonLogger,
  fixedClock,
  type Logger,
  ModelOutputError,
  sequentialIds,
  silentLogger,
  ValidationError,
} from '../core/index.ts';
import { aMemory, aPet, aUser, memoryStore, promptText, seed, someFriends } from '../test/index.ts';
import { type GenerateDayInput, generateDay, type WorldDeps } from './generate-day.ts';
import type { WorldOptionsInput } from './options.ts';
import {
  DETAIL,
  OUTLINE,
  SCHEDULE,
  type Stage,
  type StageHandler,
  stageModel,
  standardHandlers,
} from './testing/stages.ts';
import { countUnits } from './text-length.ts';
import { commonPrefixLength } from './tokens.ts';

const DATE = '2025-03-14';

async function setup(
  handlers: Partial<Record<Stage, StageHandler>> = {},
  options: WorldOptionsInput = {},
  logger: Logger = silentLogger,
) {
  const scripted = stageModel({ ...standardHandlers, ...handlers });
  const store = memoryStore();
  await seed(store, { users: [aUser()], pets: [aPet()], friends: someFriends() });
  const deps: WorldDeps = {
    worlds: store.worlds,
    friends: store.friends,
    model: scripted.model,
    clock: fixedClock('2025-03-14T05:00:00Z'),
    ids: sequentialIds(),
    logger,
    options,
  };
  const run = (input: Partial<GenerateDayInput> = {}) =>
    generateDay(deps, { pet: aPet(), user: aUser(), date: DATE, memories: [], ...input });
  return { ...scripted, store, worlds: store.worlds, deps, run };
}

describe('generateDay: world-sim, the three stages', () => {
  it('runs outline, schedule and one detail call per item, and stores the day with its provenance', async () => {
    const { run, callsOf, worlds } = await setup();
    const day = await run();
    expect(callsOf('outline')).toHaveLength(1);
    expect(callsOf('schedule')).toHaveLength(1);
    expect(callsOf('detail')).toHaveLength(SCHEDULE.items.length);
    expect(day).toMatchObject({
      id: 'wday_1',
      petId: 'pet_1',
      userId: 'usr_1',
      date: DATE,
      mode: 'normal',
      method: 'world-sim',
      model: 'scripted-world',
      promptVersion: 'world@v1/en+context@v2/en+outline@v2/en+schedule@v2/en+detail@v1/en',
      usage: { calls: 10, inputTokens: 1000, outputTokens: 200 },
      createdAt: new Date('2025-03-14T05:00:00Z'),
    });
    expect(day.schedule.map((i) => i.title)).toEqual(SCHEDULE.items.map((i) => i.title));
    expect(day.schedule.every((i) => i.detail === DETAIL)).toBe(true);
    expect(day.outline).toContain(OUTLINE.summary);
    expect(day.outline).toContain('Meets: Pip');
    expect(await worlds.getDay('pet_1', DATE)).toEqual(day);
  });

  it('normal mode: the outline prompt holds P, U and F but no memory section', async () => {
    const { run, callsOf } = await setup();
    await run();
    const { system, user } = promptText(callsOf('outline')[0]!);
    expect(system).toContain('world simulator of iPET');
    expect(user).toContain('> Name: Mochi');
    expect(user).toContain('> Personality: Curious and stubborn');
    expect(user).toContain('> Interests: pottery, rainy-day films, bouldering');
    for (const name of ['Pip', 'Hazel', 'Bruno']) expect(user).toContain(`> ${name} (kind:`);
    expect(user).toContain('Friday, 2025-03-14');
    expect(user).not.toContain('# What the pet remembers');
    expect(user).not.toContain('Memory mode');
  });

  it('memory mode is chosen when memories are passed; they are quoted by tier, others are left out', async () => {
    const { run, callsOf } = await setup();
    const day = await run({
      memories: [
        aMemory(),
        aMemory({ id: 'mem_2', category: 'permanent', text: 'Lena loves jasmine tea.', expiresAt: null }),
        aMemory({ id: 'mem_3', userId: 'usr_other', text: 'Another user secret.' }),
        aMemory({ id: 'mem_4', text: 'Old news.', supersededAt: new Date('2025-03-11T00:00:00Z') }),
        aMemory({ id: 'mem_5', text: 'Expired plan.', expiresAt: new Date('2025-03-12T00:00:00Z') }),
      ],
    });
    expect(day.mode).toBe('memory');
    for (const call of [callsOf('outline')[0]!, callsOf('schedule')[0]!, callsOf('detail')[0]!]) {
      const { user } = promptText(call);
      expect(user).toContain('# What the pet remembers about Lenny (M)');
      expect(user).toContain(
        '<short_term>\n> (2025-03-10) Lena has a pottery exhibition on Saturday and is nervous about it.\n</short_term>',
      );
      expect(user).toContain('<permanent>\n> (2025-03-10) Lena loves jasmine tea.\n</permanent>');
      expect(user).toContain('Memory mode');
      expect(user).not.toContain('Another user secret');
      expect(user).not.toContain('Old news');
      expect(user).not.toContain('Expired plan');
    }
  });

  it('the mode can be overridden: normal leaves memories out; memory without memories is refused', async () => {
    const { run, callsOf } = await setup();
    const day = await run({ memories: [aMemory()], mode: 'normal' });
    expect(day.mode).toBe('normal');
    expect(promptText(callsOf('outline')[0]!).user).not.toContain('pottery exhibition');

    await expect(run({ mode: 'memory', force: true })).rejects.toBeInstanceOf(ValidationError);
  });

  it("constrains the outline's `meets` to the pet's friends and asks again for an invented one", async () => {
    const { run, callsOf } = await setup({
      outline: ({ n }) => (n === 0 ? { ...OUTLINE, meets: ['Zorro'] } : OUTLINE),
    });
    await run();
    const format = callsOf('outline')[0]!.responseFormat;
    const schema = format?.type === 'json' ? format.schema : undefined;
    expect(schema).toMatchObject({ properties: { meets: { items: { enum: ['Bruno', 'Hazel', 'Pip'] } } } });
    expect(callsOf('outline')).toHaveLength(2);
  });

  it('without friends, the prompt says so and `meets` must stay empty', async () => {
    const { run, callsOf, store } = await setup({ outline: () => ({ ...OUTLINE, meets: [] }) });
    await store.friends.clearPool();
    const day = await run();
    const { user } = promptText(callsOf('outline')[0]!);
    expect(user).toContain('The pet has no named friends yet');
    expect(user).not.toContain('<friends>');
    expect(day.outline).toContain('Meets: none');
  });

  it('uses the pet’s stable friend subset from the pool when no friends are passed', async () => {
    const { run, callsOf, store } = await setup();
    const pool = [
      ...someFriends(),
      ...['Clover', 'Dot', 'Ember', 'Fig', 'Gus'].map((name, i) => ({
        ...someFriends()[0]!,
        id: `frd_x${i}`,
        name,
      })),
    ];
    await store.friends.clearPool();
    await store.friends.addToPool(pool);
    await run();
    const assigned = store.tables.links.get('pet_1') ?? [];
    expect(assigned.length).toBeGreaterThanOrEqual(3);
    const { user } = promptText(callsOf('outline')[0]!);
    for (const friend of pool) {
      expect(user.includes(`> ${friend.name} (kind:`)).toBe(assigned.includes(friend.id));
    }
  });

  it('refuses a user who does not own the pet, and an invalid date', async () => {
    const { run, callsOf } = await setup();
    await expect(run({ user: aUser({ id: 'usr_2' }) })).rejects.toBeInstanceOf(ValidationError);
    await expect(run({ date: '2025-02-30' })).rejects.toBeInstanceOf(ValidationError);
    expect(callsOf('outline')).toHaveLength(0);
  });

  it("defaults the date to today in the owner's timezone", async () => {
    const { deps } = await setup();
    deps.clock = fixedClock('2025-03-14T23:30:00Z'); // already the 15th in Paris
    const day = await generateDay(deps, { pet: aPet(), user: aUser(), memories: [] });
    expect(day.date).toBe('2025-03-15');
  });
});

describe('generateDay: schedule validation', () => {
  it('repairs an unsorted schedule with a duplicate time without asking again', async () => {
    const items = [...SCHEDULE.items].reverse();
    const { run, callsOf } = await setup({
      schedule: () => ({ items: [...items, { time: '9:30', title: 'Kite building again' }] }),
    });
    const day = await run();
    expect(callsOf('schedule')).toHaveLength(1);
    expect(day.schedule.map((i) => i.time)).toEqual(SCHEDULE.items.map((i) => i.time));
    expect(callsOf('detail')).toHaveLength(SCHEDULE.items.length);
  });

  it('cuts a 9-word title to its first 5 words instead of asking again', async () => {
    const long = {
      items: [
        { time: '07:00', title: 'A very long walk all around the big park' },
        ...SCHEDULE.items.slice(1),
      ],
    };
    const { run, callsOf } = await setup({ schedule: () => long });
    const day = await run();
    expect(callsOf('schedule')).toHaveLength(1);
    expect(day.schedule[0]!.title).toBe('A very long walk all');
    expect(day.degraded).toBeNull();
  });

  it('drops items outside waking hours, and asks again only when too few are left, saying why', async () => {
    const fewWithADuplicate = {
      items: [
        ...SCHEDULE.items.slice(0, 3),
        { time: '07:30', title: 'Stretch again' },
        { time: '23:45', title: 'Midnight snack' },
      ],
    };
    const late = { items: [...SCHEDULE.items.slice(0, 7), { time: '23:45', title: 'Midnight snack' }] };
    const { run, callsOf } = await setup(
      { schedule: ({ n }) => (n === 0 ? fewWithADuplicate : late) },
      { wakingHours: { end: '23:00' }, items: { target: 8, min: 4, max: 8 } },
    );
    const day = await run();
    const calls = callsOf('schedule');
    expect(calls).toHaveLength(2);
    const retry = promptText(calls[1]!).user;
    expect(retry).toContain('the schedule has 3 distinct events, needs 4-8');
    expect(retry).toContain('second item at 07:30 dropped');
    expect(retry).toContain('outside waking hours 07:00-23:00');
    expect(promptText(calls[0]!).user).toContain('About 8 events (at least 4, at most 8)');
    expect(day.schedule).toHaveLength(7);
    expect(day.degraded).toBeNull();
  });

  it('keeps a day with too few events, marked degraded, when every attempt falls short', async () => {
    const three = { items: SCHEDULE.items.slice(0, 3) };
    const { run, callsOf, worlds } = await setup({ schedule: () => three });
    const day = await run();
    expect(callsOf('schedule')).toHaveLength(3);
    expect(day.schedule.map((i) => i.title)).toEqual(three.items.map((i) => i.title));
    expect(day.degraded).toEqual({ reasons: ['schedule: the schedule has 3 events, needs 6-10'] });
    expect((await worlds.getDay('pet_1', DATE))?.degraded).toEqual(day.degraded);
  });

  it('fails with ModelOutputError after garbage every time, and stores nothing', async () => {
    const { run, callsOf, store } = await setup({ schedule: () => 'this is not json {' });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).problems).toEqual(['the answer was not valid JSON']);
    expect(callsOf('schedule')).toHaveLength(3);
    expect(callsOf('detail')).toHaveLength(0);
    expect(store.tables.days.size).toBe(0);
  });

  const PARK = 'The event to describe:\n11:00 Walk in park';
  const forPark = (answer: unknown) => (call: { prompt: string }) =>
    call.prompt.includes(PARK) ? answer : { detail: DETAIL };

  it('a detail that stays too short is asked again, then kept with the day marked degraded', async () => {
    const { run, callsOf } = await setup({ detail: forPark({ detail: 'Too short.' }) });
    const day = await run();
    expect(callsOf('detail').filter((c) => promptText(c).user.includes(PARK))).toHaveLength(3);
    expect(day.schedule.find((i) => i.time === '11:00')?.detail).toBe('Too short.');
    expect(day.degraded?.reasons).toEqual([
      'detail of 11:00: the detail has 10 characters, needs at least 120',
    ]);
  });

  it('clips a detail longer than 90 words at a sentence end, without asking again', async () => {
    const long = `${DETAIL} ${DETAIL} ${DETAIL}`;
    const { run, callsOf } = await setup({ detail: () => ({ detail: long }) });
    const day = await run();
    expect(callsOf('detail')).toHaveLength(SCHEDULE.items.length);
    const detail = day.schedule[0]!.detail;
    expect(countUnits(detail)).toBeLessThanOrEqual(90);
    expect(detail).toMatch(/[.!?"”]$/);
    expect(day.degraded).toBeNull();
  });

  it('drops an item whose detail never comes, and keeps the rest of the day', async () => {
    const { run } = await setup({ detail: forPark('not json') });
    const day = await run();
    expect(day.schedule.map((i) => i.time)).not.toContain('11:00');
    expect(day.schedule).toHaveLength(SCHEDULE.items.length - 1);
    expect(day.degraded?.reasons).toEqual([
      'item 11:00 dropped: no usable detail (the answer was not valid JSON)',
    ]);
  });

  it('fails, storing nothing, only when no item has a detail', async () => {
    const { run, store } = await setup({ detail: () => 'not json' });
    await expect(run()).rejects.toBeInstanceOf(ModelOutputError);
    expect(store.tables.days.size).toBe(0);
  });

  it('plans the day without an outline when the outline never comes', async () => {
    const { run, callsOf } = await setup({ outline: () => 'not json' });
    const day = await run();
    expect(callsOf('outline')).toHaveLength(3);
    expect(day.outline).toBe('');
    expect(day.schedule).toHaveLength(SCHEDULE.items.length);
    expect(promptText(callsOf('schedule')[0]!).user).not.toContain('outline');
    expect(day.degraded?.reasons).toEqual([
      'outline: the answer was not valid JSON; the day was planned without one',
    ]);
  });
});

describe('generateDay: logs keep ids and reasons, never the model text', () => {
  const SECRET = 'Zanzibarsecret';
  const capture = () => {
    const lines: string[] = [];
    return { lines, logger: createJsonLogger({ write: (line) => lines.push(line), level: 'info' }) };
  };

  it('a degraded day logs which parts, while the day keeps the full reasons', async () => {
    const { lines, logger } = capture();
    const withSecret = { items: [...SCHEDULE.items.slice(0, 3), { time: '15:00', title: SECRET }] };
    const { run } = await setup({ schedule: () => withSecret }, {}, logger);
    const day = await run();
    expect(day.degraded?.reasons.join(' ')).toContain(SECRET);
    const degraded = lines.find((line) => line.includes('world day degraded'));
    expect(JSON.parse(degraded!)).toMatchObject({ petId: 'pet_1', date: DATE, parts: ['schedule'] });
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('a failed day logged as an error keeps its kind and counts, not the problems quoting the answer', async () => {
    const { lines, logger } = capture();
    const garbage = { items: SCHEDULE.items.map((item) => ({ ...item, time: `${SECRET} o'clock` })) };
    const { run } = await setup({ schedule: () => garbage }, {}, logger);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect((error as ModelOutputError).message).toContain(SECRET);
    // What the nightly worker and the HTTP service do with a failure.
    logger.warn('nightly job failed', { petId: 'pet_1', error });
    logger.error('request failed', { route: '/api/v1/pets/:petId/today', error });
    expect(lines.join('')).not.toContain(SECRET);
    expect(JSON.parse(lines.at(-1)!).error).toMatchObject({
      name: 'ModelOutputError',
      reason: 'model_output_invalid:world',
    });
  });
});

describe('generateDay: prompt layout for prefix caching', () => {
  it('the K detail calls share one long prefix and differ only in the item', async () => {
    const { run, callsOf } = await setup();
    const day = await run({ memories: [aMemory()] });
    const calls = callsOf('detail').map(promptText);
    expect(new Set(calls.map((c) => c.system)).size).toBe(1);
    const texts = calls.map((c) => `${c.system}\n\n${c.user}`);
    const prefix = Math.min(...texts.slice(1).map((t) => commonPrefixLength(texts[0]!, t)));
    for (const [i, text] of texts.entries()) {
      const item = day.schedule.find((s) => text.endsWith(`${s.time} ${s.title}`));
      expect(item, `call ${i} ends with its item`).toBeDefined();
      expect(text.slice(prefix)).not.toContain('\n#');
    }
    const share = prefix / (texts.reduce((n, t) => n + t.length, 0) / texts.length);
    expect(share).toBeGreaterThan(0.7);
    expect(day.usage.sharedPrefixTokens).toBeGreaterThanOrEqual(calls.length * Math.floor(prefix / 4));
  });

  it('every stage starts with the same system prompt and context block', async () => {
    const { run, model } = await setup();
    await run();
    const texts = model.doGenerateCalls.map((c) => promptText(c));
    const contextEnd = texts[0]!.user.indexOf('# Task');
    const context = texts[0]!.user.slice(0, contextEnd);
    expect(context.length).toBeGreaterThan(1000);
    for (const t of texts) {
      expect(t.system).toBe(texts[0]!.system);
      expect(t.user.startsWith(context)).toBe(true);
    }
  });

  it('runs detail calls concurrently up to the configured limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const { run } = await setup(
      {
        detail: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return { detail: DETAIL };
        },
      },
      { concurrency: 3 },
    );
    await run();
    expect(peak).toBe(3);
  });
});

describe('generateDay: evaluation methods', () => {
  it('direct: one call producing outline, schedule and details', async () => {
    const { run, model, callsOf } = await setup();
    const day = await run({ method: 'direct' });
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(callsOf('direct')).toHaveLength(1);
    expect(day).toMatchObject({ method: 'direct', usage: { calls: 1 } });
    expect(day.promptVersion).toBe('world@v1/en+context@v2/en+direct@v1/en');
    expect(day.schedule).toHaveLength(8);
    expect(day.schedule[3]).toEqual({ time: '11:00', title: 'Walk in park', detail: DETAIL });
    expect(day.outline).toContain(OUTLINE.summary);
  });

  it('direct applies the same rules: a short detail makes it ask again', async () => {
    const { run, callsOf } = await setup({
      direct: ({ n }) => ({
        outline: OUTLINE,
        schedule: SCHEDULE.items.map((i) => ({
          ...i,
          detail: n === 0 && i.time === '11:00' ? 'Short.' : DETAIL,
        })),
      }),
    });
    await run({ method: 'direct' });
    expect(callsOf('direct')).toHaveLength(2);
  });

  it('no-outline: schedule then details, with the same instructions minus the outline', async () => {
    const { run, callsOf, model } = await setup();
    const day = await run({ method: 'no-outline', memories: [aMemory()] });
    expect(callsOf('outline')).toHaveLength(0);
    expect(callsOf('schedule')).toHaveLength(1);
    expect(model.doGenerateCalls).toHaveLength(1 + SCHEDULE.items.length);
    expect(day).toMatchObject({ method: 'no-outline', mode: 'memory', outline: '' });
    for (const call of model.doGenerateCalls) {
      const { user } = promptText(call);
      expect(user).not.toContain('outline');
      expect(user).toContain('Memory mode');
    }
    expect(promptText(callsOf('schedule')[0]!).user).toContain('Write a timeline of Mochi');
  });

  it('basic-info: no model call; the profile is the day and the schedule is empty', async () => {
    const { run, model } = await setup();
    const day = await run({ method: 'basic-info' });
    expect(model.doGenerateCalls).toHaveLength(0);
    expect(day).toMatchObject({
      method: 'basic-info',
      schedule: [],
      model: 'none',
      promptVersion: 'basic-info@v1/en',
      usage: { calls: 0, inputTokens: 0, outputTokens: 0, sharedPrefixTokens: 0 },
    });
    expect(day.outline.split('\n').slice(0, 2)).toEqual(['Name: Mochi', 'Kind: ginger cat']);
  });
});

describe('generateDay: once per (pet, date)', () => {
  it('returns the stored day without any call unless forced; force replaces it', async () => {
    const { run, model, worlds } = await setup();
    const first = await run();
    const calls = model.doGenerateCalls.length;
    const again = await run({ method: 'direct' });
    expect(again).toEqual(first);
    expect(model.doGenerateCalls).toHaveLength(calls);

    const forced = await run({ force: true, method: 'direct' });
    expect(model.doGenerateCalls).toHaveLength(calls + 1);
    expect(forced.id).not.toBe(first.id);
    expect(forced.method).toBe('direct');
    expect(await worlds.getDay('pet_1', DATE)).toEqual(forced);
  });

  it('when a concurrent run stored the day first, returns that day', async () => {
    const { run, worlds } = await setup();
    const winner = { ...(await run()), id: 'wday_winner' };
    await worlds.saveDay(winner, { replace: true });
    let reads = 0;
    worlds.getDay = async () => (reads++ === 0 ? null : winner); // first read races the other run
    const day = await run();
    expect(day.id).toBe('wday_winner');
  });
});

describe('generateDay: Chinese users', () => {
  const zhHandlers: Partial<Record<Stage, StageHandler>> = {
    outline: () => ({ ...OUTLINE, meets: [] }),
    schedule: () => ({
      items: [
        { time: '07:30', title: '晨间伸懒腰' },
        { time: '09:00', title: '做风筝' },
        { time: '11:00', title: '公园散步' },
        { time: '12:30', title: '午饭' },
        { time: '14:00', title: '午睡' },
        { time: '21:00', title: '睡前故事' },
      ],
    }),
    detail: () => ({
      detail:
        '阳光洒在窗台上，麻糬先伸出前爪，再一条一条地伸展后腿。一只麻雀落在窗边好奇地看着它。麻糬打了个大大的哈欠，胡子都在抖：“今天风筝一定要飞起来，就算我得自己跑上整座山坡。”',
    }),
  };

  it('uses the zh templates, CJK length rules and records the zh prompt ids', async () => {
    const { run, callsOf, store } = await setup(zhHandlers);
    await store.friends.clearPool();
    const day = await run({ user: aUser({ locale: 'zh' }) });
    expect(day.promptVersion).toBe('world@v1/zh+context@v2/zh+outline@v2/zh+schedule@v2/zh+detail@v1/zh');
    expect(day.schedule).toHaveLength(6);
    const { system, user } = promptText(callsOf('detail')[0]!);
    expect(system).toContain('用简体中文写作');
    expect(user).toContain('> 名字: Mochi');
    expect(user).toContain('2025-03-14，星期五');
    const format = callsOf('schedule')[0]!.responseFormat;
    expect(JSON.stringify(format)).toContain('2-12 characters');
  });
});
