import { APICallError } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import type { ChatSession } from '../core/index.ts';
import { scriptedModel } from '../test/index.ts';
import { chat } from './chat.ts';
import { chatOnce } from './chat-once.ts';
import { ChatTurnError } from './chat-turn-error.ts';
import { chatFixture, collect, partOf } from './testing/fixture.ts';

type Fixture = Awaited<ReturnType<typeof chatFixture>>;
const send = (f: Fixture, text: string, extra: { idempotencyKey?: string; signal?: AbortSignal } = {}) =>
  collect(chat(f.deps, { userId: f.user.id, petId: f.pet.id, text, ...extra }));

describe('a chat turn', () => {
  it('streams turn-start, greeting, context, emotion, text and finish, and stores the reply', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['[ex', 'cited] Yo', 'u came!'] }] }),
    });
    const parts = await send(f, 'Hi Mochi');
    expect(parts.map((p) => p.type)).toEqual([
      'turn-start',
      'greeting',
      // First use, age unknown: the suitability notice, then the session's AI disclosure.
      'notice',
      'notice',
      'context',
      'emotion',
      'text-delta',
      'text-delta',
      'finish',
    ]);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.text)).toEqual(['Yo', 'u came!']);
    const finish = partOf(parts, 'finish');
    expect(finish).toEqual({
      type: 'finish',
      replyMessageId: finish.replyMessageId,
      text: 'You came!',
      emotion: 'excited',
    });
    expect(f.repos.messages.map((m) => [m.role, m.content, m.status, m.emotion])).toEqual([
      ['pet', "Hi Alice! I'm Mochi. I'm so glad you're here - how has your day been?", 'ok', 'joy'],
      ['user', 'Hi Mochi', 'ok', null],
      ['pet', 'You came!', 'ok', 'excited'],
    ]);
    expect(f.repos.messages[2]!.replyToId).toBe(partOf(parts, 'turn-start').userMessageId);
  });

  it('passes the chat tags and no SDK retries to the model', async () => {
    const f = await chatFixture();
    await send(f, 'Hi');
    const call = f.model.doStreamCalls[0]!;
    expect(call.providerOptions).toEqual({ ipet: { purpose: 'chat', userId: f.user.id, petId: f.pet.id } });
    expect(call.maxOutputTokens).toBe(1024);
  });

  it('greets only in the first session with the pet', async () => {
    const f = await chatFixture();
    await send(f, 'Hi');
    f.clock.advance(2 * 3_600_000);
    const later = await send(f, 'Back again');
    expect(partOf(later, 'turn-start').isNewSession).toBe(true);
    expect(later.some((p) => p.type === 'greeting')).toBe(false);
  });

  it('classifies the reply text when the model gives no label', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['Oh no, I am so sorry, ', 'that is sad.'] }] }),
    });
    const parts = await send(f, 'My plant died');
    const types = parts.map((p) => p.type);
    expect(types.indexOf('emotion')).toBeGreaterThan(types.lastIndexOf('text-delta'));
    expect(partOf(parts, 'emotion').emotion).toBe('sadness');
    expect(partOf(parts, 'finish').text).toBe('Oh no, I am so sorry, that is sad.');
  });

  it('keeps the user message and marks the reply failed when the model fails mid-stream', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['[joy] Half a'], failWith: new Error('socket hang up') }] }),
    });
    const parts = await send(f, 'Tell me a story');
    expect(parts.some((p) => p.type === 'finish')).toBe(false);
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: expect.objectContaining({ code: 'model_unavailable', retryable: true }),
    });
    const [, user, reply] = f.repos.messages;
    expect(user).toMatchObject({ role: 'user', content: 'Tell me a story', status: 'ok' });
    expect(reply).toMatchObject({ role: 'pet', status: 'failed', content: 'Half a' });
    expect(reply!.error).toContain('socket hang up');
  });

  it('reports an HTTP failure with its retry decision', async () => {
    const f = await chatFixture({
      model: scriptedModel({
        stream: () => {
          throw new APICallError({
            message: 'Bad Request',
            url: 'http://model',
            requestBodyValues: {},
            statusCode: 400,
            isRetryable: false,
          });
        },
      }),
    });
    const parts = await send(f, 'Hi');
    expect(partOf(parts, 'error').error).toMatchObject({ code: 'model_unavailable', retryable: false });
    expect(f.repos.messages.at(-1)).toMatchObject({ role: 'pet', status: 'failed' });
  });

  it('fails an empty reply instead of storing it', async () => {
    const f = await chatFixture({ model: scriptedModel({ stream: [{ chunks: ['[neutral]  '] }] }) });
    const parts = await send(f, 'Hi');
    expect(partOf(parts, 'error').error.code).toBe('model_output_invalid');
    expect(f.repos.messages.at(-1)).toMatchObject({ status: 'failed' });
  });

  it('marks the reply failed when the caller aborts', async () => {
    const controller = new AbortController();
    const f = await chatFixture({
      model: scriptedModel({
        stream: [{ chunks: ['[joy] one', ' two', ' three', ' four'] }],
        chunkDelayInMs: 20,
      }),
    });
    const parts: string[] = [];
    for await (const part of chat(f.deps, {
      userId: f.user.id,
      petId: f.pet.id,
      text: 'Hi',
      signal: controller.signal,
    })) {
      parts.push(part.type === 'error' ? `error:${part.error.code}` : part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(parts.at(-1)).toBe('error:model_unavailable');
    expect(parts).not.toContain('finish');
    expect(f.repos.messages.at(-1)).toMatchObject({ role: 'pet', status: 'failed', content: 'one' });
  });

  it('marks the reply failed when the consumer stops reading', async () => {
    const f = await chatFixture({ model: scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }] }) });
    for await (const part of chat(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi' })) {
      if (part.type === 'text-delta') break;
    }
    expect(f.repos.messages.at(-1)).toMatchObject({ role: 'pet', status: 'failed', content: 'one' });
    expect(f.repos.messages.at(-1)!.error).toMatch(/^aborted/);
  });

  it('reports bad input and unknown or foreign pets as error parts, storing nothing', async () => {
    const f = await chatFixture();
    const empty = await send(f, '   ');
    expect(partOf(empty, 'error').error).toMatchObject({ code: 'invalid_input', retryable: false });
    const missing = await collect(chat(f.deps, { userId: f.user.id, petId: 'pet_404', text: 'Hi' }));
    expect(partOf(missing, 'error').error.code).toBe('not_found');
    const stranger = await f.repos.users.create({ ...f.user, id: 'usr_other' });
    const foreign = await collect(chat(f.deps, { userId: stranger.id, petId: f.pet.id, text: 'Hi' }));
    expect(partOf(foreign, 'error').error.code).toBe('not_found');
    expect(f.repos.messages).toEqual([]);
    expect(f.model.doStreamCalls).toHaveLength(0);
  });
});

describe('idempotent retries', () => {
  it('regenerates into the same reply row after a failure, without a second user message', async () => {
    const f = await chatFixture({
      model: scriptedModel({
        stream: [{ chunks: ['[joy] Par'], failWith: new Error('timeout') }, { chunks: ['[joy] Fine now.'] }],
      }),
    });
    const first = await send(f, 'Hello', { idempotencyKey: 'k1' });
    expect(partOf(first, 'error').error.retryable).toBe(true);
    const failedReplyId = f.repos.messages.at(-1)!.id;

    const second = await send(f, 'Hello', { idempotencyKey: 'k1' });
    expect(partOf(second, 'finish')).toMatchObject({ replyMessageId: failedReplyId, text: 'Fine now.' });
    expect(partOf(second, 'turn-start').userMessageId).toBe(partOf(first, 'turn-start').userMessageId);
    expect(f.repos.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(f.repos.messages.filter((m) => m.replyToId !== null)).toEqual([
      expect.objectContaining({ id: failedReplyId, status: 'ok', content: 'Fine now.', error: null }),
    ]);
    // The retry's prompt does not contain the failed partial reply.
    const retryPrompt = f.model.doStreamCalls[1]!.prompt;
    expect(JSON.stringify(retryPrompt)).not.toContain('Par"');
  });

  it('returns an answered key without calling the model again', async () => {
    const f = await chatFixture();
    const first = await chatOnce(f.deps, {
      userId: f.user.id,
      petId: f.pet.id,
      text: 'Hi',
      idempotencyKey: 'k',
    });
    const again = await chatOnce(f.deps, {
      userId: f.user.id,
      petId: f.pet.id,
      text: 'Hi',
      idempotencyKey: 'k',
    });
    expect(f.model.doStreamCalls).toHaveLength(1);
    expect(again).toMatchObject({
      reply: first.reply,
      emotion: first.emotion,
      replyMessageId: first.replyMessageId,
      userMessageId: first.userMessageId,
      replayed: true,
      context: null,
    });
    expect(first.replayed).toBe(false);
  });

  it('refuses a key whose reply is still being generated, as retryable', async () => {
    const f = await chatFixture({ model: scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }] }) });
    const inFlight = chat(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi', idempotencyKey: 'k' });
    while ((await inFlight.next()).value?.type !== 'text-delta') {}
    const concurrent = await send(f, 'Hi', { idempotencyKey: 'k' });
    expect(partOf(concurrent, 'error').error).toMatchObject({ code: 'conflict', retryable: true });
    await collect(inFlight);
    expect(f.repos.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(f.repos.messages.at(-1)).toMatchObject({ status: 'ok', content: 'one two' });
  });

  it('lets a retry take over a reply left pending by a process that died mid-turn, once its lease ran out', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }, { chunks: ['[joy] again'] }] }),
      // No lease to speak of: the first attempt's process is gone as soon as it stops.
      deps: { options: { pendingLeaseMs: 0 } },
    });
    // The first attempt stops mid-stream and is never finished (kill -9): its reply stays pending.
    const dead = chat(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi', idempotencyKey: 'k' });
    while ((await dead.next()).value?.type !== 'text-delta') {}
    expect(f.repos.messages.at(-1)).toMatchObject({ role: 'pet', status: 'pending' });

    const retry = await send(f, 'Hi', { idempotencyKey: 'k' });
    expect(partOf(retry, 'finish')).toMatchObject({ text: 'again' });
    expect(f.repos.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    const replies = f.repos.messages.filter((m) => m.role === 'pet' && m.replyToId !== null);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ status: 'ok', content: 'again' });
  });

  it('keeps a live turn from being taken over by a retry while it holds its lease', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }, { chunks: ['[joy] again'] }] }),
    });
    const live = chat(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi', idempotencyKey: 'k' });
    while ((await live.next()).value?.type !== 'text-delta') {}
    // Ten minutes on the app's clock change nothing: the lease is on the store's clock and still held.
    f.clock.advance(11 * 60_000);
    const retry = await send(f, 'Hi', { idempotencyKey: 'k' });
    expect(partOf(retry, 'error').error).toMatchObject({ code: 'conflict', retryable: true });
    await collect(live);
    expect(f.repos.messages.at(-1)).toMatchObject({ status: 'ok', content: 'one two' });
  });

  it('marks a dead turn failed on a sweep, keyed or not, and leaves live ones alone', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: ['[joy] one', ' two'] }, { chunks: ['[joy] three'] }] }),
      deps: { options: { pendingLeaseMs: 0 } },
    });
    const dead = chat(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi' });
    while ((await dead.next()).value?.type !== 'text-delta') {}
    const live = chat(
      { ...f.deps, options: { pendingLeaseMs: 60_000 } },
      { userId: f.user.id, petId: f.pet.id, text: 'Still there?' },
    );
    while ((await live.next()).value?.type !== 'text-delta') {}
    expect(await f.deps.chats.failStalePending()).toBe(1);
    const replies = f.repos.messages.filter((m) => m.role === 'pet' && m.replyToId !== null);
    expect(replies.map((m) => m.status)).toEqual(['failed', 'pending']);
    expect(replies[0]?.error).toContain('interrupted');
    await collect(live);
  });

  it('refuses a key reused for a different message', async () => {
    const f = await chatFixture();
    await send(f, 'Hi', { idempotencyKey: 'k' });
    const other = await send(f, 'Something else', { idempotencyKey: 'k' });
    expect(partOf(other, 'error').error).toMatchObject({ code: 'conflict', retryable: false });
  });

  it('chatOnce throws the error part as a ChatTurnError', async () => {
    const f = await chatFixture({
      model: scriptedModel({ stream: [{ chunks: [], failWith: new Error('down') }] }),
    });
    const error = await chatOnce(f.deps, { userId: f.user.id, petId: f.pet.id, text: 'Hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(ChatTurnError);
    expect(error).toMatchObject({ code: 'model_unavailable', isRetryable: true });
  });
});

describe('sessions', () => {
  it('continues the session within the idle gap and opens a new one after it, closing the old one', async () => {
    const closed: ChatSession[] = [];
    const f = await chatFixture({ deps: { onSessionClosed: (s) => void closed.push(s) } });
    const a = partOf(await send(f, 'one'), 'turn-start');
    f.clock.advance(29 * 60_000);
    const b = partOf(await send(f, 'two'), 'turn-start');
    expect(b).toMatchObject({ sessionId: a.sessionId, isNewSession: false });
    f.clock.advance(31 * 60_000);
    const c = partOf(await send(f, 'three'), 'turn-start');
    expect(c.isNewSession).toBe(true);
    expect(c.sessionId).not.toBe(a.sessionId);
    await vi.waitFor(() => expect(closed).toHaveLength(1));
    expect(closed[0]).toMatchObject({ id: a.sessionId, closedAt: f.clock.now() });
    expect(f.repos.sessions.find((s) => s.id === a.sessionId)!.closedAt).toEqual(f.clock.now());
  });

  it('honours a configured idle gap', async () => {
    const f = await chatFixture({ deps: { options: { idleGapMs: 60_000 } } });
    const a = partOf(await send(f, 'one'), 'turn-start');
    f.clock.advance(2 * 60_000);
    expect(partOf(await send(f, 'two'), 'turn-start').sessionId).not.toBe(a.sessionId);
  });

  it('does not wait for, or fail because of, the session-closed hook', async () => {
    const errors: string[] = [];
    let release!: () => void;
    const f = await chatFixture({
      deps: {
        logger: { debug() {}, info() {}, warn() {}, error: (msg) => void errors.push(msg) },
        onSessionClosed: () =>
          new Promise<void>((_, reject) => {
            release = () => reject(new Error('extraction failed'));
          }),
      },
    });
    await send(f, 'one');
    f.clock.advance(3_600_000);
    const parts = await send(f, 'two');
    expect(partOf(parts, 'finish').text).toBe('Hi there!');
    release();
    await vi.waitFor(() => expect(errors).toContain('session-closed hook failed'));
  });
});
