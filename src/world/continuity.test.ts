import { describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds, silentLogger } from '../core/index.ts';
import { aDay, aMemory, aPet, aUser, memoryStore, seed, someFriends } from '../test/index.ts';
import { loadContinuity, NO_CONTINUITY } from './continuity.ts';
import { type DayForDeps, dayFor } from './day-for.ts';
import { stageModel, standardHandlers } from './testing/stages.ts';

const DATE = '2025-03-14';
const NOW = new Date('2025-03-14T03:00:00Z');

const yesterday = aDay({
  id: 'wday_13',
  date: '2025-03-13',
  schedule: [
    { time: '09:00', title: 'Pottery class', detail: 'Clay everywhere.' },
    { time: '15:00', title: 'Swimming lesson one', detail: 'Paddles in the shallow end.' },
  ],
});
const longAgo = aDay({ id: 'wday_01', date: '2025-03-01' });

const promise = aMemory({
  id: 'mem_promise',
  subject: 'pet',
  kind: 'promise',
  dueOn: DATE,
  category: 'short_term',
  text: 'Mochi promised to show Lena the drawing of the lighthouse.',
  occurredAt: new Date('2025-03-13T18:00:00Z'),
});
const exam = aMemory({
  id: 'mem_exam',
  subject: 'user',
  kind: 'upcoming',
  dueOn: '2025-03-15',
  text: 'Lena has her driving exam on Saturday.',
  occurredAt: new Date('2025-03-12T18:00:00Z'),
});
const laterPlan = aMemory({
  id: 'mem_later',
  subject: 'pet',
  kind: 'plan',
  dueOn: '2025-03-20',
  text: 'Mochi plans a picnic next week.',
});
const undatedPlan = aMemory({
  id: 'mem_undated',
  subject: 'pet',
  kind: 'plan',
  dueOn: null,
  text: 'Mochi wants to learn to whistle.',
  occurredAt: new Date('2025-03-13T10:00:00Z'),
});
const oldUndated = aMemory({
  id: 'mem_old',
  subject: 'pet',
  kind: 'plan',
  dueOn: null,
  text: 'Mochi wanted to paint the fence.',
  occurredAt: new Date('2025-03-01T10:00:00Z'),
});
const lenaLikesTea = aMemory({ id: 'mem_tea', text: 'Lena loves jasmine tea.', category: 'permanent' });

async function setup() {
  const store = memoryStore();
  await seed(store, {
    users: [aUser()],
    pets: [aPet()],
    friends: someFriends(),
    days: [yesterday, longAgo],
    memories: [promise, exam, laterPlan, undatedPlan, oldUndated, lenaLikesTea],
  });
  const at = new Date('2025-03-13T03:00:00Z');
  const pair = { petId: 'pet_1', userId: 'usr_1', promptVersion: 'reflect@v1/en', model: 'm', createdAt: at };
  await store.reflections.addVersion({
    ...pair,
    scope: 'nightly',
    periodStart: '2025-03-10',
    periodEnd: '2025-03-12',
    items: [{ id: 'rfl_1', topic: 'storyline', text: 'Mochi is learning to swim this week.' }],
  });
  await store.reflections.addVersion({
    ...pair,
    scope: 'weekly',
    periodStart: '2025-03-06',
    periodEnd: '2025-03-12',
    items: [{ id: 'rfl_2', topic: 'relationship', text: 'Mochi and Pip are becoming close friends.' }],
  });
  const scripted = stageModel(standardHandlers);
  const deps: DayForDeps = {
    worlds: store.worlds,
    friends: store.friends,
    memories: store.memories,
    reflections: store.reflections,
    model: scripted.model,
    clock: fixedClock(NOW),
    ids: sequentialIds(),
    logger: silentLogger,
  };
  return { store, deps, ...scripted };
}

const userText = (call: { prompt: Array<{ role: string; content: unknown }> }) =>
  call.prompt
    .filter((m) => m.role === 'user')
    .map((m) => (m.content as Array<{ type: string; text?: string }>).map((p) => p.text ?? '').join(''))
    .join('\n');

describe('loadContinuity', () => {
  it('reads the days before, the latest weekly and nightly reflections, and what is open that day', async () => {
    const { store } = await setup();
    const c = await loadContinuity(
      { worlds: store.worlds, memories: store.memories, reflections: store.reflections },
      { petId: 'pet_1', userId: 'usr_1', date: DATE, now: NOW },
    );
    expect(c.recentDays).toEqual([{ date: '2025-03-13', titles: ['Pottery class', 'Swimming lesson one'] }]);
    expect(c.reflections.map((r) => [r.scope, r.text])).toEqual([
      ['weekly', 'Mochi and Pip are becoming close friends.'],
      ['nightly', 'Mochi is learning to swim this week.'],
    ]);
    // Due today, the user's event tomorrow, the recent undated plan; not next week's plan, not an old one.
    expect(c.open.map((m) => m.id).sort()).toEqual(['mem_exam', 'mem_promise', 'mem_undated']);
  });

  it('is empty for a pair with no past', async () => {
    const store = memoryStore();
    await seed(store, { users: [aUser()], pets: [aPet()] });
    const c = await loadContinuity(
      { worlds: store.worlds, memories: store.memories, reflections: store.reflections },
      { petId: 'pet_1', userId: 'usr_1', date: DATE, now: NOW },
    );
    expect(c).toEqual(NO_CONTINUITY);
  });
});

describe('dayFor: continuity reaches the outline and schedule prompts', () => {
  it("puts R, yesterday's titles and the promise in the shared context, with instructions in each stage", async () => {
    const { deps, callsOf } = await setup();
    const day = await dayFor(deps, { pet: aPet(), user: aUser(), date: DATE });
    expect(day.promptVersion).toContain('context@v2/en+outline@v2/en+schedule@v2/en');

    const outline = userText(callsOf('outline')[0]!);
    expect(outline).toContain('Mochi is learning to swim this week.');
    expect(outline).toContain('Mochi and Pip are becoming close friends.');
    expect(outline).toContain('2025-03-13 (Thursday): Pottery class; Swimming lesson one');
    expect(outline).toContain('[the pet promised, due today] Mochi promised to show Lena the drawing');
    expect(outline).toContain('[coming up for the owner, tomorrow (Saturday)] Lena has her driving exam');
    expect(outline).toMatch(/let at least one thread follow up on a reflection/);
    expect(outline).toMatch(/Promises and plans: every promise or plan due today/);

    const schedule = userText(callsOf('schedule')[0]!);
    expect(schedule).toContain('Mochi promised to show Lena the drawing of the lighthouse.');
    expect(schedule).toMatch(/Do not repeat the titles of the days before/);
    expect(schedule).toMatch(/Every promise or plan due today is an event of its own/);
    // M stays the user's memories: the pet's promise is not listed among them.
    expect(outline).toContain('Lena loves jasmine tea.');

    // One context block for every call of the day: each call's user text starts with the same prefix.
    const texts = [...callsOf('outline'), ...callsOf('schedule'), ...callsOf('detail')].map(userText);
    const context = outline.slice(0, outline.indexOf('# Task'));
    expect(context).toContain('<reflections>');
    for (const text of texts) expect(text.startsWith(context)).toBe(true);
  });

  it('in normal mode keeps the pet own promises and R but leaves out the user event', async () => {
    const { deps, callsOf } = await setup();
    await dayFor(deps, { pet: aPet(), user: aUser(), date: DATE, mode: 'normal' });
    const outline = userText(callsOf('outline')[0]!);
    expect(outline).toContain('Mochi promised to show Lena the drawing');
    expect(outline).toContain('Mochi is learning to swim this week.');
    expect(outline).not.toContain('driving exam');
    expect(outline).not.toContain('jasmine tea');
  });

  it('a day with no past renders the context without continuity sections', async () => {
    const store = memoryStore();
    await seed(store, { users: [aUser()], pets: [aPet()], friends: someFriends() });
    const scripted = stageModel(standardHandlers);
    await dayFor(
      {
        ...(await setup()).deps,
        worlds: store.worlds,
        friends: store.friends,
        memories: store.memories,
        reflections: store.reflections,
        model: scripted.model,
      },
      { pet: aPet(), user: aUser(), date: DATE },
    );
    const outline = userText(scripted.callsOf('outline')[0]!);
    expect(outline).not.toContain('<reflections>');
    expect(outline).not.toContain('<recent_days>');
    expect(outline).not.toContain('Storylines:');
  });
});
