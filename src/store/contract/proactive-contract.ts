import { describe, expect, it } from 'vitest';
import type { ProactiveDecision, ProactiveMessage } from '../../core/index.ts';
import { at, days, type Harness, minutes } from './harness.ts';

/**
 * Messages the pet starts. `deliverDue` sees every user's due rows, and the suite's tests share one store:
 * each test works in its own stretch of time, later tests in earlier stretches, so that no test's rows are
 * due at another's `now`.
 */
export function proactiveContract(h: Harness): void {
  const message = (
    userId: string,
    petId: string,
    dueAt: Date,
    overrides: Partial<ProactiveMessage> = {},
  ): ProactiveMessage => ({
    id: h.id('pmsg'),
    userId,
    petId,
    date: dueAt.toISOString().slice(0, 10),
    position: 0,
    dueAt,
    text: 'I found a shell on the beach!',
    groundedIn: '10:00 Beach walk',
    status: 'planned',
    skipReason: null,
    createdAt: dueAt,
    deliveredAt: null,
    messageId: null,
    readAt: null,
    ...overrides,
  });
  const deliver = (): ProactiveDecision => ({
    deliver: { messageId: h.id('msg'), newSessionId: h.id('ses'), emotion: 'joy' },
  });

  describe('proactive messages', () => {
    it('plans once per pair, date and position, and lists newest due first within bounds', async () => {
      const { user, pet } = await h.pair();
      const base = at(days(500));
      const first = [
        message(user.id, pet.id, new Date(base.getTime() + minutes(60)), { position: 0 }),
        message(user.id, pet.id, new Date(base.getTime() + minutes(120)), { position: 1 }),
      ];
      expect(await h.store().proactive.plan(first)).toBe(2);
      // A retried night plans the same date again with new ids: nothing is added.
      const again = first.map((m) => ({ ...m, id: h.id('pmsg'), text: 'another text' }));
      expect(await h.store().proactive.plan(again)).toBe(0);
      const listed = await h.store().proactive.list({ userId: user.id });
      expect(listed.map((m) => m.id)).toEqual([first[1]!.id, first[0]!.id]);
      expect(listed[0]).toEqual(first[1]);
      const bounded = await h.store().proactive.list({
        userId: user.id,
        petId: pet.id,
        to: new Date(base.getTime() + minutes(90)),
      });
      expect(bounded.map((m) => m.id)).toEqual([first[0]!.id]);
      expect(await h.store().proactive.list({ userId: (await h.user()).id })).toEqual([]);
    });

    it('delivers due messages into the open session or a new one, skips and postpones as decided', async () => {
      const { user, pet } = await h.pair();
      const now = at(days(400));
      const open = await h.session(user.id, pet.id, new Date(now.getTime() - minutes(5)));
      const other = await h.pair();
      const rows = [
        message(user.id, pet.id, new Date(now.getTime() - minutes(3)), { position: 0 }),
        message(user.id, pet.id, new Date(now.getTime() - minutes(2)), { position: 1, text: 'skip me' }),
        message(user.id, pet.id, new Date(now.getTime() - minutes(1)), { position: 2, text: 'later' }),
        message(other.user.id, other.pet.id, new Date(now.getTime() - minutes(0.5)), { position: 0 }),
        message(user.id, pet.id, new Date(now.getTime() + minutes(10)), { position: 3, text: 'not yet' }),
      ];
      await h.store().proactive.plan(rows);
      const peek = await h.store().proactive.due(now, 10);
      expect(peek.map((m) => m.id)).toEqual(rows.slice(0, 4).map((m) => m.id));

      const later = new Date(now.getTime() + minutes(30));
      const settled = await h
        .store()
        .proactive.deliverDue(now, 10, (m) =>
          m.text === 'skip me' ? { skip: 'daily_cap' } : m.text === 'later' ? { postpone: later } : deliver(),
        );
      expect(settled.map((m) => [m.id, m.status, m.skipReason])).toEqual([
        [rows[0]!.id, 'delivered', null],
        [rows[1]!.id, 'skipped', 'daily_cap'],
        [rows[3]!.id, 'delivered', null],
      ]);
      expect(settled[0]!.deliveredAt).toEqual(now);

      const mine = await h.store().chats.listMessages(open.id);
      expect(mine.map((m) => [m.id, m.role, m.content, m.emotion])).toEqual([
        [settled[0]!.messageId, 'pet', 'I found a shell on the beach!', 'joy'],
      ]);
      const [session] = (await h.store().chats.listSessions(user.id, pet.id)).filter((s) => s.id === open.id);
      expect(session!.lastMessageAt).toEqual(now);
      // The other pair had no session: one was started for the message.
      const theirs = await h.store().chats.listSessions(other.user.id, other.pet.id);
      expect(theirs).toHaveLength(1);
      expect((await h.store().chats.listMessages(theirs[0]!.id)).map((m) => m.content)).toEqual([
        'I found a shell on the beach!',
      ]);

      const moved = (await h.store().proactive.list({ userId: user.id })).find((m) => m.id === rows[2]!.id);
      expect(moved).toMatchObject({ status: 'planned', dueAt: later });
      expect(await h.store().proactive.due(now, 10)).toEqual([]);
    });

    it('closes an open session that has gone stale at its last message and starts a new one', async () => {
      const { user, pet } = await h.pair();
      const now = at(days(300));
      const stale = await h.session(user.id, pet.id, new Date(now.getTime() - minutes(120)));
      await h.store().proactive.plan([message(user.id, pet.id, now)]);
      const [delivered] = await h.store().proactive.deliverDue(now, 5, () => ({
        deliver: {
          messageId: h.id('msg'),
          newSessionId: h.id('ses'),
          emotion: null,
          staleBefore: new Date(now.getTime() - minutes(30)),
        },
      }));
      const sessions = await h.store().chats.listSessions(user.id, pet.id);
      expect(sessions.find((s) => s.id === stale.id)?.closedAt).toEqual(stale.lastMessageAt);
      const fresh = sessions.find((s) => s.id !== stale.id);
      expect(fresh).toMatchObject({ closedAt: null, startedAt: now });
      expect((await h.store().chats.listMessages(fresh!.id)).map((m) => m.id)).toEqual([
        delivered!.messageId,
      ]);
    });

    it('delivers each message once when two processes deliver at the same time', async () => {
      const { user, pet } = await h.pair();
      const now = at(days(200));
      const rows = Array.from({ length: 6 }, (_, i) =>
        message(user.id, pet.id, new Date(now.getTime() - minutes(10 - i)), {
          position: i,
          text: `message ${i}`,
        }),
      );
      await h.store().proactive.plan(rows);
      const decided: string[] = [];
      const decide = (m: ProactiveMessage) => {
        decided.push(m.id);
        return deliver();
      };
      const [a, b] = await Promise.all([
        h.store().proactive.deliverDue(now, 10, decide),
        h.store().proactive.deliverDue(now, 10, decide),
      ]);
      const delivered = [...a!, ...b!].map((m) => m.id).sort();
      expect(delivered).toEqual(rows.map((m) => m.id).sort());
      expect(decided.sort()).toEqual(rows.map((m) => m.id).sort());
      const sessions = await h.store().chats.listSessions(user.id, pet.id);
      const texts = (await Promise.all(sessions.map((s) => h.store().chats.listMessages(s.id))))
        .flat()
        .map((m) => m.content)
        .sort();
      expect(texts).toEqual(rows.map((m) => m.text).sort());
    });

    it('counts unread delivered messages per pet and marks them read up to a time', async () => {
      const { user, pet } = await h.pair();
      const second = await h.pet(user.id);
      const now = at(days(100));
      await h
        .store()
        .proactive.plan([
          message(user.id, pet.id, new Date(now.getTime() - minutes(2)), { position: 0 }),
          message(user.id, pet.id, new Date(now.getTime() - minutes(1)), { position: 1 }),
          message(user.id, second.id, new Date(now.getTime() - minutes(1)), { position: 0 }),
          message(user.id, pet.id, new Date(now.getTime() + minutes(60)), { position: 2 }),
        ]);
      await h.store().proactive.deliverDue(now, 10, deliver);
      expect(await h.store().proactive.unreadCounts(user.id)).toEqual({ [pet.id]: 2, [second.id]: 1 });
      expect(await h.store().proactive.markRead(user.id, pet.id, new Date(now.getTime() - minutes(1)))).toBe(
        0,
      );
      expect(await h.store().proactive.markRead(user.id, pet.id, now)).toBe(2);
      expect(await h.store().proactive.markRead(user.id, pet.id, now)).toBe(0);
      expect(await h.store().proactive.unreadCounts(user.id)).toEqual({ [second.id]: 1 });
      const read = await h.store().proactive.list({ userId: user.id, petId: pet.id });
      expect(read.filter((m) => m.readAt !== null)).toHaveLength(2);
    });
  });
}
