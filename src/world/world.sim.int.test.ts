import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, petProfileSchema, sequentialIds, silentLogger } from '../core/index.ts';
import { type SimHandle, startSimulator } from '../sim/index.ts';
import { aMemory, aPet, aUser, memoryStore, seed } from '../test/index.ts';
import { generateFriendPool } from './friends.ts';
import { generateDay, type WorldDeps } from './generate-day.ts';
import { validateSchedule } from './schedule-rules.ts';
import { DETAIL_LENGTH, lengthProblem, measureText } from './text-length.ts';

/**
 * The world module over the real HTTP provider path, against the project's simulator: JSON-schema structured
 * output built from our zod schemas (the simulator reads their hints: HH:MM, "2-5 words", "about 50 words",
 * item counts, friend-name enums), and its prefix cache, which our prompt layout should hit.
 */
describe('world simulation against the model simulator', () => {
  let sim: SimHandle;
  let deps: WorldDeps;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
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

  it('generates a friend pool, then valid days with every method', async () => {
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
      expect(
        validateSchedule(day.schedule, {
          wakingHours: { start: '07:00', end: '22:30' },
          items: { target: 8, min: 6, max: 10 },
        }).ok,
      ).toBe(true);
      for (const item of day.schedule) expect(lengthProblem('detail', item.detail, DETAIL_LENGTH)).toBeNull();
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
    for (const item of day.schedule) {
      expect(measureText(item.title).unit).toBe('chars');
      expect(lengthProblem('detail', item.detail, DETAIL_LENGTH)).toBeNull();
    }
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
