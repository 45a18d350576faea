import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatSession, Store } from '../core/index.ts';
import { fixedClock, sequentialIds, silentLogger, ValidationError } from '../core/index.ts';
import { createPet, createUser } from '../profiles/index.ts';
import { openTestStore, promptOf, scriptedModel } from '../test/index.ts';
import { type ChatDeps, chat } from './chat.ts';
import { collect, partOf, T0 } from './testing/fixture.ts';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await store.close();
});

async function setup(
  model = scriptedModel({ stream: [{ chunks: ['[joy] Hello ', 'friend!'] }] }),
  extra: Partial<ChatDeps> = {},
) {
  const clock = fixedClock(T0);
  const ids = sequentialIds();
  const base = { users: store.users, pets: store.pets, clock, ids };
  const user = await createUser(base, { name: 'Alice', timezone: 'Europe/Paris' });
  const pet = await createPet(base, { ownerId: user.id, profile: { name: 'Mochi', kind: 'cat' } });
  const deps: ChatDeps = { ...base, chats: store.chats, model, logger: silentLogger, ...extra };
  const send = (text: string, idempotencyKey?: string) =>
    collect(
      chat(deps, { userId: user.id, petId: pet.id, text, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    );
  return { clock, user, pet, deps, model, send };
}

describe('chat against the real store', () => {
  it('stores a multi-turn conversation in order and feeds it back as history', async () => {
    const t = await setup(
      scriptedModel({
        stream: [
          { chunks: ['[joy] Hi!'] },
          { chunks: ['[surprise] Really?'] },
          { chunks: ['[affectionate] Love you too.'] },
        ],
      }),
    );
    const first = await t.send('Hello');
    t.clock.advance(60_000);
    await t.send('I got a new job');
    t.clock.advance(60_000);
    await t.send('Love you Mochi');

    const sessionId = partOf(first, 'turn-start').sessionId;
    const messages = await store.chats.listMessages(sessionId);
    expect(messages.map((m) => [m.role, m.content, m.status, m.emotion])).toEqual([
      ['pet', "Hi Alice! I'm Mochi. I'm so glad you're here - how has your day been?", 'ok', 'joy'],
      ['user', 'Hello', 'ok', null],
      ['pet', 'Hi!', 'ok', 'joy'],
      ['user', 'I got a new job', 'ok', null],
      ['pet', 'Really?', 'ok', 'surprise'],
      ['user', 'Love you Mochi', 'ok', null],
      ['pet', 'Love you too.', 'ok', 'affectionate'],
    ]);
    expect(messages[2]!.replyToId).toBe(messages[1]!.id);
    expect(promptOf(t.model, 2).slice(2)).toEqual([
      { role: 'assistant', text: expect.stringMatching(/^\[joy\] Hi Alice!/) },
      { role: 'user', text: 'Hello' },
      { role: 'assistant', text: '[joy] Hi!' },
      { role: 'user', text: 'I got a new job' },
      { role: 'assistant', text: '[surprise] Really?' },
      // The turn context opens the final user turn; the user's words come last.
      {
        role: 'user',
        text: expect.stringMatching(/^<turn-context>\n[\s\S]*<\/turn-context>\n\nLove you Mochi$/),
      },
    ]);
    const [session] = await store.chats.listSessions(t.user.id, t.pet.id);
    expect(session!.lastMessageAt).toEqual(t.clock.now());
    expect(await store.pets.getMood(t.pet.id, t.user.id)).toMatchObject({ emotion: 'affectionate' });
  });

  it('opens a new session after the idle gap, closes the old one and calls the hook', async () => {
    const closed: ChatSession[] = [];
    const t = await setup(undefined, { onSessionClosed: (s) => void closed.push(s) });
    const a = partOf(await t.send('one'), 'turn-start');
    t.clock.advance(45 * 60_000);
    const b = partOf(await t.send('two'), 'turn-start');
    expect(b.isNewSession).toBe(true);
    expect(b.sessionId).not.toBe(a.sessionId);
    await vi.waitFor(() => expect(closed.map((s) => s.id)).toEqual([a.sessionId]));
    const toExtract = await store.chats.sessionsToExtract({ userId: t.user.id, petId: t.pet.id });
    expect(toExtract.map((s) => s.id)).toEqual([a.sessionId]);
    expect(await store.chats.listMessages(b.sessionId)).toHaveLength(2);
  });

  it('keeps the user message and marks the reply failed when the model fails mid-stream', async () => {
    const t = await setup(
      scriptedModel({ stream: [{ chunks: ['[joy] Once upon'], failWith: new Error('upstream reset') }] }),
    );
    const parts = await t.send('Tell me a story');
    expect(partOf(parts, 'error').error).toMatchObject({ code: 'model_unavailable', retryable: true });
    const messages = await store.chats.listMessages(partOf(parts, 'turn-start').sessionId);
    const [user, reply] = messages.slice(1);
    expect(user).toMatchObject({ role: 'user', content: 'Tell me a story', status: 'ok' });
    expect(reply).toMatchObject({ role: 'pet', status: 'failed', content: 'Once upon', replyToId: user!.id });
    expect(reply!.error).toContain('upstream reset');
  });

  it('retries a failed turn with the same key without duplicates, then replays it', async () => {
    const t = await setup(
      scriptedModel({
        stream: [{ chunks: [], failWith: new Error('timeout') }, { chunks: ['[joy] Here I am.'] }],
      }),
    );
    const failed = await t.send('Are you there?', 'key-1');
    expect(partOf(failed, 'error').error.retryable).toBe(true);
    const retried = await t.send('Are you there?', 'key-1');
    expect(partOf(retried, 'finish').text).toBe('Here I am.');
    const replayed = await t.send('Are you there?', 'key-1');
    expect(partOf(replayed, 'turn-start').replayed).toBe(true);
    expect(t.model.doStreamCalls).toHaveLength(2);

    const messages = await store.chats.listMessages(partOf(failed, 'turn-start').sessionId);
    expect(messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['pet', expect.stringContaining('Hi Alice'), 'ok'],
      ['user', 'Are you there?', 'ok'],
      ['pet', 'Here I am.', 'ok'],
    ]);
  });

  it('answers a concurrent request for a key in flight with a retryable conflict', async () => {
    const t = await setup(scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }] }));
    const inFlight = chat(t.deps, { userId: t.user.id, petId: t.pet.id, text: 'Hi', idempotencyKey: 'k' });
    while ((await inFlight.next()).value?.type !== 'text-delta') {}
    const concurrent = await t.send('Hi', 'k');
    expect(partOf(concurrent, 'error').error).toMatchObject({ code: 'conflict', retryable: true });
    await collect(inFlight);
    const user = await store.chats.findByIdempotencyKey(t.user.id, t.pet.id, 'k', 'user');
    expect(await store.chats.findReply(user!.id)).toMatchObject({ status: 'ok', content: 'one two' });
  });

  it('validates profiles before writing anything', async () => {
    const base = { users: store.users, pets: store.pets, clock: fixedClock(T0), ids: sequentialIds() };
    await expect(createUser(base, { name: 'Bob', timezone: 'Atlantis/Lost' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.users.list()).toEqual([]);
  });
});
