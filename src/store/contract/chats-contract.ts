import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../core/index.ts';
import { at, type Harness, minutes, T0 } from './harness.ts';

export function chatsContract(h: Harness): void {
  describe('chat sessions', () => {
    it('creates, reads for the owner only, and finds the latest of a pair', async () => {
      const { user, pet } = await h.pair();
      const first = await h.session(user.id, pet.id, T0);
      const second = await h.session(user.id, pet.id, at(minutes(90)));
      expect(await h.store().chats.getSession(user.id, first.id)).toEqual(first);
      expect(await h.store().chats.getSession((await h.user()).id, first.id)).toBeNull();
      expect(await h.store().chats.latestSession(user.id, pet.id)).toEqual(second);
      expect((await h.store().chats.listSessions(user.id, pet.id)).map((s) => s.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect(await h.store().chats.latestSession(user.id, h.id('pet'))).toBeNull();
    });

    it('touches and closes; closing twice keeps the first close time', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      await h.store().chats.touchSession(session.id, at(minutes(3)));
      await h.store().chats.closeSession(session.id, at(minutes(4)));
      await h.store().chats.closeSession(session.id, at(minutes(9)));
      expect(await h.store().chats.getSession(user.id, session.id)).toMatchObject({
        lastMessageAt: at(minutes(3)),
        closedAt: at(minutes(4)),
      });
    });

    it('closes only open sessions idle since before the cut-off, optionally for one pair', async () => {
      const a = await h.pair();
      const b = await h.pair();
      const idle = await h.session(a.user.id, a.pet.id, T0);
      const active = await h.session(a.user.id, a.pet.id, T0);
      await h.store().chats.touchSession(active.id, at(minutes(50)));
      const otherIdle = await h.session(b.user.id, b.pet.id, T0);
      const cutOff = at(minutes(30));
      const closedForA = await h.store().chats.closeIdleSessions(cutOff, at(minutes(60)), {
        userId: a.user.id,
        petId: a.pet.id,
      });
      expect(closedForA.map((s) => s.id)).toEqual([idle.id]);
      expect(closedForA[0]?.closedAt).toEqual(at(minutes(60)));
      expect((await h.store().chats.getSession(b.user.id, otherIdle.id))?.closedAt).toBeNull();
      expect((await h.store().chats.getSession(a.user.id, active.id))?.closedAt).toBeNull();
      const closedAll = await h.store().chats.closeIdleSessions(cutOff, at(minutes(61)));
      expect(closedAll.map((s) => s.id)).toContain(otherIdle.id);
      expect(closedAll.map((s) => s.id)).not.toContain(idle.id);
    });

    it('lists closed, unextracted sessions oldest first, and each is claimed exactly once', async () => {
      const { user, pet } = await h.pair();
      const pair = { userId: user.id, petId: pet.id };
      const older = await h.session(user.id, pet.id, T0);
      const newer = await h.session(user.id, pet.id, at(minutes(5)));
      const open = await h.session(user.id, pet.id, at(minutes(6)));
      await h.store().chats.closeSession(newer.id, at(minutes(20)));
      await h.store().chats.closeSession(older.id, at(minutes(10)));
      expect((await h.store().chats.sessionsToExtract(pair)).map((s) => s.id)).toEqual([older.id, newer.id]);
      expect((await h.store().chats.sessionsToExtract()).map((s) => s.id)).not.toContain(open.id);

      const claims = await Promise.all(
        Array.from({ length: 8 }, () => h.store().chats.markExtracted(older.id, at(minutes(30)))),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await h.store().chats.markExtracted(older.id, at(minutes(31)))).toBe(false);
      expect((await h.store().chats.getSession(user.id, older.id))?.extractedAt).toEqual(at(minutes(30)));
      expect((await h.store().chats.sessionsToExtract(pair)).map((s) => s.id)).toEqual([newer.id]);
    });
  });

  describe('messages', () => {
    it('appends, lists in order even at the same instant, and reads for the owner only', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      const ask = h.message(session, { content: 'how was your day?', idempotencyKey: 'k1' });
      const reply = h.message(session, {
        role: 'pet',
        content: 'I napped!',
        emotion: 'happy',
        replyToId: ask.id,
      });
      expect(await h.store().chats.appendMessage(ask)).toEqual(ask);
      await h.store().chats.appendMessage(reply);
      expect(await h.store().chats.listMessages(session.id)).toEqual([ask, reply]);
      expect(await h.store().chats.getMessage(user.id, reply.id)).toEqual(reply);
      expect(await h.store().chats.getMessage((await h.user()).id, reply.id)).toBeNull();
      expect(await h.store().chats.findReply(ask.id)).toEqual(reply);
      expect(await h.store().chats.findReply(reply.id)).toBeNull();
    });

    it('keeps idempotency keys unique per user, pet and role', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      const first = h.message(session, { idempotencyKey: 'turn-1' });
      await h.store().chats.appendMessage(first);
      await expect(
        h.store().chats.appendMessage(h.message(session, { idempotencyKey: 'turn-1' })),
      ).rejects.toBeInstanceOf(ConflictError);
      // Same key, other role: the reply to that turn.
      await h.store().chats.appendMessage(h.message(session, { role: 'pet', idempotencyKey: 'turn-1' }));
      // Same key, another pair.
      const other = await h.pair();
      const otherSession = await h.session(other.user.id, other.pet.id);
      await h.store().chats.appendMessage(h.message(otherSession, { idempotencyKey: 'turn-1' }));
      // Messages without a key never clash.
      await h.store().chats.appendMessage(h.message(session));
      await h.store().chats.appendMessage(h.message(session));

      expect(await h.store().chats.findByIdempotencyKey(user.id, pet.id, 'turn-1', 'user')).toEqual(first);
      expect(await h.store().chats.findByIdempotencyKey(user.id, pet.id, 'turn-2', 'user')).toBeNull();
      expect(await h.store().chats.findByIdempotencyKey(other.user.id, pet.id, 'turn-1', 'user')).toBeNull();
    });

    it('lets only one of two racing appends with the same key win', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          h.store().chats.appendMessage(h.message(session, { idempotencyKey: 'race' })),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      }
    });

    it('refuses a message for a session that does not exist', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      await expect(
        h.store().chats.appendMessage(h.message({ ...session, id: h.id('ses') })),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('updates status, content, emotion and error, nothing else', async () => {
      const { user, pet } = await h.pair();
      const session = await h.session(user.id, pet.id);
      const pending = h.message(session, { role: 'pet', status: 'pending', content: '' });
      await h.store().chats.appendMessage(pending);
      await h.store().chats.updateMessage(pending.id, { status: 'failed', error: 'timeout' });
      expect(await h.store().chats.getMessage(user.id, pending.id)).toMatchObject({
        status: 'failed',
        error: 'timeout',
        content: '',
      });
      const wider = { status: 'ok' as const, content: 'Meow!', emotion: 'playful', error: null, userId: 'x' };
      await h.store().chats.updateMessage(pending.id, wider);
      expect(await h.store().chats.getMessage(user.id, pending.id)).toEqual({
        ...pending,
        status: 'ok',
        content: 'Meow!',
        emotion: 'playful',
        error: null,
      });
      await h.store().chats.updateMessage(pending.id, {});
    });

    it('returns the last messages of a pair across sessions, oldest first', async () => {
      const { user, pet } = await h.pair();
      const s1 = await h.session(user.id, pet.id, T0);
      const s2 = await h.session(user.id, pet.id, at(minutes(60)));
      const texts = ['one', 'two', 'three', 'four'];
      for (const [i, content] of texts.entries()) {
        const session = i < 2 ? s1 : s2;
        await h.store().chats.appendMessage(h.message(session, { content, createdAt: at(minutes(i * 30)) }));
      }
      const other = await h.pet(user.id);
      const s3 = await h.session(user.id, other.id);
      await h
        .store()
        .chats.appendMessage(h.message(s3, { content: 'elsewhere', createdAt: at(minutes(500)) }));
      const recent = await h.store().chats.recentMessages(user.id, pet.id, 3);
      expect(recent.map((m) => m.content)).toEqual(['two', 'three', 'four']);
      expect(await h.store().chats.recentMessages(user.id, pet.id, 0)).toEqual([]);
      // A page further back, across the session boundary; a cursor of another pair gives nothing.
      const earlier = await h.store().chats.recentMessages(user.id, pet.id, 2, recent[0]!.id);
      expect(earlier.map((m) => m.content)).toEqual(['one']);
      const back = await h.store().chats.recentMessages(user.id, pet.id, 1, recent[1]!.id);
      expect(back.map((m) => m.content)).toEqual(['two']);
      const elsewhere = await h.store().chats.recentMessages(user.id, other.id, 5);
      expect(await h.store().chats.recentMessages(user.id, pet.id, 5, elsewhere[0]!.id)).toEqual([]);
    });
  });

  describe('a chat turn in single statements', () => {
    it('loads the user, the owned pet, the mood, the latest session, recent messages and other sessions', async () => {
      const { user, pet } = await h.pair();
      const chats = h.store().chats;
      const empty = await chats.loadTurn({
        userId: user.id,
        petId: pet.id,
        recentLimit: 5,
        idempotencyKey: null,
      });
      expect(empty).toMatchObject({
        mood: null,
        latestSession: null,
        recent: [],
        messageCount: 0,
        prior: null,
      });
      expect(empty.user).toEqual(await h.store().users.get(user.id));
      expect(empty.pet).toEqual(await h.store().pets.get(pet.id));

      const old = await h.session(user.id, pet.id, T0);
      const latest = await h.session(user.id, pet.id, at(minutes(60)));
      const texts = ['one', 'two', 'three'];
      const written = [];
      for (const [i, content] of texts.entries()) {
        const m = h.message(i === 0 ? old : latest, {
          content,
          createdAt: at(minutes(i * 40)),
          idempotencyKey: i === 1 ? 'k-2' : null,
        });
        written.push(await chats.appendMessage(m));
      }
      const reply = await chats.appendMessage(
        h.message(latest, {
          role: 'pet',
          content: 'yes',
          replyToId: written[1]!.id,
          createdAt: at(minutes(41)),
        }),
      );
      await h
        .store()
        .pets.setMood({ petId: pet.id, userId: user.id, emotion: 'joy', intensity: 0.5, updatedAt: T0 });
      const other = await h.pet(user.id);
      const elsewhere = await h.session(user.id, other.id, at(minutes(5)));

      const state = await chats.loadTurn({
        userId: user.id,
        petId: pet.id,
        recentLimit: 2,
        idempotencyKey: 'k-2',
      });
      expect(state.latestSession).toEqual(latest);
      expect(state.recent.map((m) => m.content)).toEqual(['yes', 'three']);
      expect(state.messageCount).toBe(4);
      expect(state.mood).toMatchObject({ emotion: 'joy', intensity: 0.5 });
      expect(state.prior).toEqual({ userMessage: written[1], reply, session: latest, replyLeased: false });
      expect(state.otherSessions).toEqual([elsewhere]);

      const stranger = await h.user();
      const foreign = await chats.loadTurn({
        userId: stranger.id,
        petId: pet.id,
        recentLimit: 2,
        idempotencyKey: null,
      });
      expect(foreign.user).toEqual(await h.store().users.get(stranger.id));
      expect(foreign.pet).toBeNull();
    });

    it('opens a turn at once: closes, creates, writes the messages in order - or nothing on a clash', async () => {
      const { user, pet } = await h.pair();
      const chats = h.store().chats;
      const stale = await h.session(user.id, pet.id, T0);
      const session = {
        ...stale,
        id: h.id('ses'),
        startedAt: at(minutes(90)),
        lastMessageAt: at(minutes(90)),
      };
      const at90 = at(minutes(90));
      const greeting = h.message(session, { role: 'pet', content: 'Hi!', createdAt: at90 });
      const message = h.message(session, { content: 'hello', idempotencyKey: 'k-1', createdAt: at90 });
      const pending = h.message(session, {
        role: 'pet',
        content: '',
        status: 'pending',
        idempotencyKey: 'k-1',
        replyToId: message.id,
        createdAt: at90,
      });
      const written = await chats.beginTurn({
        closeSession: { id: stale.id, at: at90 },
        createSession: session,
        messages: [greeting, message, pending],
      });
      expect(written).toEqual([greeting, message, pending]);
      expect((await chats.getSession(user.id, stale.id))?.closedAt).toEqual(at90);
      expect(await chats.listMessages(session.id)).toEqual([greeting, message, pending]);

      const again = h.message(session, {
        content: 'hello',
        idempotencyKey: 'k-1',
        createdAt: at(minutes(91)),
      });
      await expect(
        chats.beginTurn({ touchSession: { id: session.id, at: at(minutes(91)) }, messages: [again] }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await chats.getSession(user.id, session.id))?.lastMessageAt).toEqual(at90);
      expect(await chats.listMessages(session.id)).toHaveLength(3);

      await chats.finishTurn({
        replyId: pending.id,
        content: 'Meow',
        emotion: 'joy',
        sessionId: session.id,
        at: at(minutes(92)),
        mood: { petId: pet.id, userId: user.id, emotion: 'joy', intensity: 0.7, updatedAt: at(minutes(92)) },
      });
      expect(await chats.getMessage(user.id, pending.id)).toMatchObject({
        status: 'ok',
        content: 'Meow',
        emotion: 'joy',
      });
      expect((await chats.getSession(user.id, session.id))?.lastMessageAt).toEqual(at(minutes(92)));
      expect(await h.store().pets.getMood(pet.id, user.id)).toMatchObject({ emotion: 'joy', intensity: 0.7 });
    });

    it("leases a turn's pending reply on the store's clock: held, taken over once run out, swept", async () => {
      const { user, pet } = await h.pair();
      const chats = h.store().chats;
      const session = await h.session(user.id, pet.id, T0);
      const turn = async (key: string, leaseMs: number) => {
        const message = h.message(session, { content: key, idempotencyKey: key });
        const reply = h.message(session, {
          role: 'pet',
          content: '',
          status: 'pending',
          idempotencyKey: key,
          replyToId: message.id,
        });
        await chats.beginTurn({ messages: [message, reply], leaseMs });
        return reply;
      };
      const prior = async (key: string) =>
        (await chats.loadTurn({ userId: user.id, petId: pet.id, recentLimit: 5, idempotencyKey: key })).prior;

      const live = await turn('live', 60_000);
      const dead = await turn('dead', 0);
      expect(await prior('live')).toMatchObject({
        replyLeased: true,
        reply: { id: live.id, status: 'pending' },
      });
      expect(await prior('dead')).toMatchObject({
        replyLeased: false,
        reply: { id: dead.id, status: 'pending' },
      });
      // The message itself carries no lease.
      expect(Object.keys((await chats.getMessage(user.id, live.id)) ?? {})).not.toContain('leaseUntil');

      // A live lease cannot be taken over; a run-out one can, once (the taker holds it now).
      expect(await chats.claimReply(live.id, 60_000)).toBe(false);
      expect(await chats.claimReply(dead.id, 60_000)).toBe(true);
      expect(await chats.claimReply(dead.id, 60_000)).toBe(false);
      expect(await prior('dead')).toMatchObject({ replyLeased: true });
      expect(await chats.renewLease(dead.id, 0)).toBe(true);

      // The sweep fails the run-out pending replies only; `all` fails every pending one.
      const gone = await turn('gone', 0);
      expect(await chats.failStalePending()).toBe(2);
      expect(await chats.getMessage(user.id, gone.id)).toMatchObject({ status: 'failed' });
      expect((await chats.getMessage(user.id, gone.id))?.error).toContain('interrupted');
      expect(await chats.getMessage(user.id, live.id)).toMatchObject({ status: 'pending' });
      expect(await prior('gone')).toMatchObject({ replyLeased: false });
      // A failed reply is retried by taking it over.
      expect(await chats.claimReply(gone.id, 60_000)).toBe(true);
      expect(await chats.failStalePending({ all: true })).toBe(2);
      expect(await chats.renewLease(live.id, 60_000)).toBe(false);
    });
  });
}
