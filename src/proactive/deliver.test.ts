import { describe, expect, it } from 'vitest';
import type { ProactiveMessage, User } from '../core/index.ts';
import { fixedClock, sequentialIds, silentLogger } from '../core/index.ts';
import { aPet, aSession, aUser, memoryStore, seed } from '../test/index.ts';
import { type DeliveryDeps, deliverDueMessages } from './deliver.ts';

const OPTED_IN = { enabled: true, quietStart: '22:00', quietEnd: '08:00', dailyCap: 2 };

function planned(n: number, dueAt: string, overrides: Partial<ProactiveMessage> = {}): ProactiveMessage {
  return {
    id: `pmsg_${n}`,
    userId: 'usr_1',
    petId: 'pet_1',
    date: dueAt.slice(0, 10),
    position: n,
    dueAt: new Date(dueAt),
    text: `I found shell number ${n} on the beach!`,
    groundedIn: '10:00 Beach walk',
    status: 'planned',
    skipReason: null,
    createdAt: new Date('2026-06-01T01:00:00Z'),
    deliveredAt: null,
    messageId: null,
    readAt: null,
    ...overrides,
  };
}

async function setup(now: string, rows: ProactiveMessage[], user: Partial<User> = {}) {
  const store = memoryStore();
  await seed(store, { users: [aUser({ timezone: 'UTC', proactive: OPTED_IN, ...user })], pets: [aPet()] });
  await store.proactive.plan(rows);
  const clock = fixedClock(now);
  const told: ProactiveMessage[] = [];
  const deps: DeliveryDeps = {
    proactive: store.proactive,
    users: store.users,
    clock,
    ids: sequentialIds(),
    logger: silentLogger,
    allowMinors: false,
    sessionIdleMinutes: 30,
    onDelivered: (messages) => told.push(...messages),
  };
  return { store, clock, deps, told };
}

describe('deliverDueMessages', () => {
  it('delivers a due message into the chat as the pet’s message, once', async () => {
    const { store, deps, told } = await setup('2026-06-01T10:00:00Z', [
      planned(0, '2026-06-01T10:00:00Z'),
      planned(1, '2026-06-01T15:00:00Z'),
    ]);
    const settled = await deliverDueMessages(deps);
    expect(settled.map((m) => [m.id, m.status])).toEqual([['pmsg_0', 'delivered']]);
    expect(told.map((m) => m.id)).toEqual(['pmsg_0']);
    const history = await store.chats.recentMessages('usr_1', 'pet_1', 10);
    expect(history.map((m) => [m.role, m.content])).toEqual([
      ['pet', 'I found shell number 0 on the beach!'],
    ]);
    expect(settled[0]!.messageId).toBe(history[0]!.id);
    expect(await deliverDueMessages(deps)).toEqual([]);
    expect(await store.proactive.unreadCounts('usr_1')).toEqual({ pet_1: 1 });
  });

  it('moves a message due in quiet hours to their end, then delivers it there', async () => {
    const { store, clock, deps } = await setup('2026-06-01T23:00:00Z', [planned(0, '2026-06-01T21:00:00Z')]);
    expect(await deliverDueMessages(deps)).toEqual([]);
    const [moved] = await store.proactive.list({ userId: 'usr_1' });
    expect(moved).toMatchObject({ status: 'planned', dueAt: new Date('2026-06-02T08:00:00Z') });
    clock.set('2026-06-02T07:59:00Z');
    expect(await deliverDueMessages(deps)).toEqual([]);
    clock.set('2026-06-02T08:00:00Z');
    expect((await deliverDueMessages(deps)).map((m) => m.status)).toEqual(['delivered']);
  });

  it('skips what is over the daily cap, from a user who opted out since, or long overdue', async () => {
    const capped = await setup('2026-06-01T12:00:00Z', [
      planned(0, '2026-06-01T10:00:00Z'),
      planned(1, '2026-06-01T11:00:00Z'),
      planned(2, '2026-06-01T11:30:00Z'),
    ]);
    const settled = await deliverDueMessages(capped.deps);
    expect(settled.map((m) => [m.id, m.status, m.skipReason])).toEqual([
      ['pmsg_0', 'delivered', null],
      ['pmsg_1', 'delivered', null],
      ['pmsg_2', 'skipped', 'daily_cap'],
    ]);

    const out = await setup('2026-06-01T12:00:00Z', [planned(0, '2026-06-01T10:00:00Z')], {
      proactive: { ...OPTED_IN, enabled: false },
    });
    expect((await deliverDueMessages(out.deps)).map((m) => m.skipReason)).toEqual(['opted_out']);

    const late = await setup('2026-06-01T20:00:00Z', [planned(0, '2026-06-01T10:00:00Z')]);
    expect((await deliverDueMessages(late.deps)).map((m) => m.skipReason)).toEqual(['stale']);
    expect(await late.store.chats.recentMessages('usr_1', 'pet_1', 10)).toEqual([]);
  });

  it('joins the open conversation, but starts a new one when the last has ended', async () => {
    const active = aSession({
      id: 'ses_open',
      lastMessageAt: new Date('2026-06-01T09:50:00Z'),
      startedAt: new Date('2026-06-01T09:40:00Z'),
    });
    const a = await setup('2026-06-01T10:00:00Z', [planned(0, '2026-06-01T10:00:00Z')]);
    await a.store.chats.createSession(active);
    await deliverDueMessages(a.deps);
    expect((await a.store.chats.recentMessages('usr_1', 'pet_1', 5)).map((m) => m.sessionId)).toEqual([
      'ses_open',
    ]);

    const b = await setup('2026-06-01T10:00:00Z', [planned(0, '2026-06-01T10:00:00Z')]);
    await b.store.chats.createSession({ ...active, lastMessageAt: new Date('2026-06-01T08:00:00Z') });
    await deliverDueMessages(b.deps);
    const [message] = await b.store.chats.recentMessages('usr_1', 'pet_1', 5);
    expect(message!.sessionId).not.toBe('ses_open');
    const sessions = await b.store.chats.listSessions('usr_1', 'pet_1');
    expect(sessions.find((s) => s.id === 'ses_open')?.closedAt).toEqual(new Date('2026-06-01T08:00:00Z'));
  });
});
