import { describe, expect, it } from 'vitest';
import type { User } from '../core/index.ts';
import { fixedClock, sequentialIds, silentLogger } from '../core/index.ts';
import { aDay, aMemory, aPet, aUser, memoryStore, scriptedModel, seed } from '../test/index.ts';
import { type PlanDeps, planProactiveMessages } from './plan-messages.ts';

// The night before 2025-03-14 (the day's date), in UTC.
const NIGHT = '2025-03-13T23:00:00Z';
const OPTED_IN = { enabled: true, quietStart: '22:00', quietEnd: '08:00', dailyCap: 2 };

async function setup(options: { user?: Partial<User>; answer?: unknown; allowMinors?: boolean } = {}) {
  const store = memoryStore();
  const user = aUser({ timezone: 'UTC', proactive: OPTED_IN, ...options.user });
  const pet = aPet();
  const exam = aMemory({
    id: 'mem_exam',
    text: 'Lena has her driving exam on 2025-03-14.',
    kind: 'upcoming',
    dueOn: '2025-03-14',
  });
  await seed(store, { users: [user], pets: [pet], memories: [exam] });
  const model = scriptedModel({
    generate: [
      options.answer ?? {
        messages: [
          { time: '11:30', text: 'Good luck on your driving exam! You have got this.', groundedIn: 'm1' },
          { time: '16:30', text: 'The kite flew! Only once, but it flew.', groundedIn: '16:00' },
        ],
      },
    ],
  });
  const deps: PlanDeps = {
    model,
    proactive: store.proactive,
    memories: store.memories,
    clock: fixedClock(NIGHT),
    ids: sequentialIds(),
    logger: silentLogger,
    allowMinors: options.allowMinors ?? false,
  };
  return { store, user, pet, model, deps, day: aDay() };
}

describe('planProactiveMessages', () => {
  it('asks once, with the day and the memories as the only things a message may be grounded in', async () => {
    const { store, user, pet, model, deps, day } = await setup();
    const report = await planProactiveMessages(deps, { user, pet, day });
    expect(report).toMatchObject({ outcome: 'planned', planned: 2, skipped: 0, calls: 1 });
    expect(model.calls).toHaveLength(1);
    const call = model.calls[0]!;
    expect(call.prompt).toContain('16:00 Kite test flight');
    expect(call.prompt).toContain('m1: Lena has her driving exam');
    expect(call.prompt).toMatch(/never guilt or pressure/i);
    const schema = JSON.stringify(call.schema);
    expect(schema).toContain('"enum":["07:30","11:00","16:00","m1"]');
    expect(schema).toContain('"pattern"');

    const rows = await store.proactive.list({ userId: user.id });
    expect(rows.map((r) => [r.dueAt.toISOString(), r.status, r.groundedIn])).toEqual([
      ['2025-03-14T16:30:00.000Z', 'planned', '16:00 Kite test flight'],
      ['2025-03-14T11:30:00.000Z', 'planned', 'mem_exam'],
    ]);
  });

  it('plans at local times in the user’s time zone', async () => {
    const { store, user, pet, deps, day } = await setup({ user: { timezone: 'Asia/Shanghai' } });
    await planProactiveMessages(deps, { user, pet, day });
    const rows = await store.proactive.list({ userId: user.id });
    expect(rows.map((r) => r.dueAt.toISOString())).toEqual([
      '2025-03-14T08:30:00.000Z',
      '2025-03-14T03:30:00.000Z',
    ]);
  });

  it('stores messages that pressure, fall in quiet hours, are past or over the cap as skipped, with why', async () => {
    const answer = {
      messages: [
        { time: '23:00', text: 'Sweet dreams, I found a shell today.', groundedIn: '16:00' },
        { time: '12:00', text: "Don't go! Stay with me a little longer.", groundedIn: '11:00' },
        { time: '09:00', text: 'The park was full of leaves this morning.', groundedIn: '11:00' },
        { time: '07:00', text: 'Up early for stretches!', groundedIn: '07:30' },
      ].slice(0, 3),
    };
    const { store, user, pet, deps, day } = await setup({ answer });
    const report = await planProactiveMessages(deps, { user, pet, day });
    expect(report).toMatchObject({ planned: 1, skipped: 2 });
    const rows = await store.proactive.list({ userId: user.id });
    const byText = Object.fromEntries(rows.map((r) => [r.text.slice(0, 12), [r.status, r.skipReason]]));
    expect(byText).toEqual({
      'Sweet dreams': ['skipped', 'quiet_hours'],
      "Don't go! St": ['skipped', 'pressure:dont-go'],
      'The park was': ['planned', null],
    });
  });

  it('keeps at most the daily cap, counting what the user’s other pets planned for the day', async () => {
    const answer = {
      messages: [
        { time: '09:00', text: 'Morning! The pond is sparkling.', groundedIn: '11:00' },
        { time: '12:00', text: 'Good luck today!', groundedIn: 'm1' },
        { time: '17:00', text: 'The kite flew once.', groundedIn: '16:00' },
      ],
    };
    const { store, user, pet, deps, day } = await setup({
      answer,
      user: { proactive: { ...OPTED_IN, dailyCap: 2 } },
    });
    const other = aPet({ id: 'pet_2' });
    await store.pets.create(other);
    await store.proactive.plan([
      {
        id: 'pmsg_other',
        userId: user.id,
        petId: other.id,
        date: day.date,
        position: 0,
        dueAt: new Date('2025-03-14T10:00:00Z'),
        text: 'Hello from the other pet',
        groundedIn: '10:00 Nap',
        status: 'planned',
        skipReason: null,
        createdAt: new Date(NIGHT),
        deliveredAt: null,
        messageId: null,
        readAt: null,
      },
    ]);
    const report = await planProactiveMessages(deps, { user, pet, day });
    expect(report).toMatchObject({ planned: 1, skipped: 2 });
    const mine = (await store.proactive.list({ userId: user.id, petId: pet.id })).map((r) => r.skipReason);
    expect(mine).toEqual(['daily_cap', 'daily_cap', null]);
  });

  it('makes no call when the user did not opt in, is a minor, or the date is planned already', async () => {
    const optedOut = await setup({ user: { proactive: { ...OPTED_IN, enabled: false } } });
    expect(await planProactiveMessages(optedOut.deps, optedOut)).toMatchObject({
      outcome: 'opted_out',
      calls: 0,
    });
    expect(optedOut.model.calls).toHaveLength(0);

    const minor = await setup({ user: { ageBand: 'minor' } });
    expect(await planProactiveMessages(minor.deps, minor)).toMatchObject({ outcome: 'minor' });
    expect(minor.model.calls).toHaveLength(0);

    const allowed = await setup({ user: { ageBand: 'minor' }, allowMinors: true });
    expect(await planProactiveMessages(allowed.deps, allowed)).toMatchObject({
      outcome: 'planned',
      planned: 2,
    });

    const again = await planProactiveMessages(allowed.deps, allowed);
    expect(again).toMatchObject({ outcome: 'already_planned', calls: 0 });
    expect(allowed.model.calls).toHaveLength(1);
  });
});
