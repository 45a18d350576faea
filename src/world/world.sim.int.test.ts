import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale, WorldDay } from '../core/index.ts';
import { fixedClock, petProfileSchema, sequentialIds, silentLogger } from '../core/index.ts';
import { SIM_MODES, type SimHandle, type SimMode, startSimulator } from '../sim/index.ts';
import { aMemory, aPet, aUser, memoryStore, seed } from '../test/index.ts';
import { DETAIL_MIN_CHARS } from './field-bounds.ts';
import { generateFriendPool } from './friends.ts';
import { generateDay, type WorldDeps } from './generate-day.ts';
import { DEFAULT_WORLD_OPTIONS } from './options.ts';
import { validateSchedule } from './schedule-rules.ts';
import { DETAIL_LENGTH, lengthProblem, measureText } from './text-length.ts';

/**
 * The world module over the real HTTP provider path, against the project's simulator, in both of its modes:
 * normal (it reads our schemas' hints: HH:MM, "2-5 words", "about 50 words", item counts, friend-name enums,
 * so days come out complete, like from a good model) and schema-only (it honours the JSON schema alone, like
 * a guided-decoding server with a weak model: random words, lengths and counts anywhere within the bounds,
 * times in any order). In schema-only mode every day must still come out: complete, or degraded with the
 * reasons stated. The prefix cache, which our prompt layout should hit, works the same in both.
 */
const rules = (locale: Locale) => ({ ...DEFAULT_WORLD_OPTIONS, locale });

/** A stored day is usable: its items follow every rule, unless it says why it could not. */
function expectUsable(day: WorldDay, mode: SimMode, locale: Locale) {
  const schedule = validateSchedule(day.schedule, rules(locale));
  if (mode.name === 'normal' || day.degraded === null) {
    expect(day.degraded ?? null).toBeNull();
    expect(schedule.ok, JSON.stringify(schedule)).toBe(true);
    for (const item of day.schedule) {
      expect(Array.from(item.detail).length).toBeGreaterThanOrEqual(DETAIL_MIN_CHARS[locale]);
    }
  } else {
    expect(day.degraded?.reasons.length).toBeGreaterThan(0);
    for (const reason of day.degraded?.reasons ?? [])
      expect(reason).toMatch(/^(outline|schedule|detail|item)/);
  }
  expect(day.schedule.length).toBeGreaterThan(0);
  for (const item of day.schedule) {
    // Whatever the model sent, what is stored keeps to the rules the check repairs.
    expect(
      lengthProblem(`title "${item.title}"`, item.title, { words: [2, 5], chars: [2, 12] }, locale),
    ).toBeNull();
    expect(lengthProblem('detail', item.detail, DETAIL_LENGTH, locale)).toBeNull();
  }
  const times = day.schedule.map((i) => i.time);
  expect(times).toEqual([...new Set(times)].sort());
}

describe.each(SIM_MODES)('world simulation against the model simulator ($name)', (mode) => {
  let sim: SimHandle;
  let deps: WorldDeps;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, ...mode.options });
    const model = createOpenAICompatible({
      name: 'sim',
      baseURL: sim.url,
      supportsStructuredOutputs: true,
      includeUsage: true,
    }).chatModel('ipet-sim');
    const store = memoryStore();
    const pets = ['pet_1', 'pet_2', 'pet_zh'].map((id) => aPet({ id }));
    await seed(store, { users: [aUser()], pets });
    deps = {
      worlds: store.worlds,
      friends: store.friends,
      model,
      clock: fixedClock('2025-03-14T05:00:00Z'),
      ids: sequentialIds(),
      logger: silentLogger,
    };
  });
  afterAll(() => sim?.close());

  it('generates a friend pool, then usable days with every method', async () => {
    // small: the simulator draws names from a short list and does not read the "names in use" instruction
    const pool = await generateFriendPool(deps, { size: 5, batchSize: 5 });
    expect(new Set(pool.map((f) => f.name.toLowerCase())).size).toBe(5);

    for (const [i, method] of (['world-sim', 'no-outline', 'direct'] as const).entries()) {
      const day = await generateDay(deps, {
        pet: aPet(),
        user: aUser(),
        date: `2025-03-${14 + i}`,
        memories: [aMemory()],
        method,
      });
      expect(day).toMatchObject({ method, mode: 'memory', model: 'ipet-sim' });
      expectUsable(day, mode, 'en');
      expect(day.usage.inputTokens).toBeGreaterThan(0);
    }
  });

  it('generates a Chinese day that passes the CJK length rules', async () => {
    const day = await generateDay(deps, {
      pet: aPet({
        id: 'pet_zh',
        profile: petProfileSchema.parse({
          name: '麻糬',
          kind: '橘猫',
          personality: '好奇又倔强，嘴硬心软，晴天坐不住，雨天爱撒娇。',
          likes: ['晒太阳的窗台', '风筝', '沙丁鱼'],
          background: '小时候在面包店后面被捡到，和主人住在花店楼上，旁边有个带池塘的公园。',
        }),
      }),
      user: aUser({ locale: 'zh', name: '小林', callName: '' }),
      date: '2025-03-14',
      memories: [],
    });
    expect(day.promptVersion).toContain('detail@v1/zh');
    expectUsable(day, mode, 'zh');
    // The normal simulator writes Chinese when asked; the schema-only one writes whatever the schema allows.
    if (mode.name === 'normal')
      for (const item of day.schedule) expect(measureText(item.title).unit).toBe('chars');
  });

  it('the detail calls hit the server prefix cache', async () => {
    sim.reset();
    const day = await generateDay(deps, {
      pet: aPet({ id: 'pet_2' }),
      user: aUser(),
      date: '2025-03-20',
      memories: [],
    });
    const stats = sim.stats();
    expect(day.usage.sharedPrefixTokens).toBeGreaterThan(0);
    expect(stats.tokens.cached).toBeGreaterThan(0.5 * stats.tokens.prompt);
  });
});
