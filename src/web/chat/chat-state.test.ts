import { describe, expect, it } from 'vitest';
import type { ChatPart, Message } from '../api/types.ts';
import { type ChatAction, type ChatState, chatReducer, initialChatState } from './chat-state.ts';

const run = (actions: ChatAction[], from: ChatState = initialChatState) => actions.reduce(chatReducer, from);
const part = (p: ChatPart): ChatAction => ({ type: 'part', part: p });

describe('chatReducer', () => {
  it('streams a reply into the line after the user message, then settles it', () => {
    const state = run([
      { type: 'send', text: 'hi', key: 'k1' },
      part({ type: 'turn-start', sessionId: 's', userMessageId: 'u1', isNewSession: true, replayed: false }),
      part({ type: 'greeting', text: 'Welcome home!' }),
      part({ type: 'emotion', emotion: 'joy' }),
      part({ type: 'text-delta', text: 'Hel' }),
      part({ type: 'text-delta', text: 'lo' }),
    ]);
    expect(state.lines.map((l) => [l.role, l.content, l.status])).toEqual([
      ['pet', 'Welcome home!', 'ok'],
      ['user', 'hi', 'ok'],
      ['pet', 'Hello', 'streaming'],
    ]);
    expect(state.emotion).toBe('joy');

    const done = chatReducer(
      state,
      part({ type: 'finish', replyMessageId: 'p1', text: 'Hello!', emotion: 'joy' }),
    );
    expect(done.lines.at(-1)).toEqual({
      uid: 'reply:k1',
      id: 'p1',
      role: 'pet',
      content: 'Hello!',
      emotion: 'joy',
      status: 'ok',
      createdAt: null,
      sessionId: null,
      key: 'k1',
    });
    expect(done.phase).toBe('idle');
    expect(done.turn).toBeNull();
  });

  it('keeps a failed turn to retry with the same key, and replaces the partial reply', () => {
    const failed = run([
      { type: 'send', text: 'hi', key: 'k1' },
      part({ type: 'text-delta', text: 'Hal' }),
      part({ type: 'error', error: { code: 'model_unavailable', message: 'down', retryable: true } }),
    ]);
    expect(failed.phase).toBe('failed');
    expect(failed.turn?.key).toBe('k1');
    expect(failed.lines.map((l) => [l.role, l.status])).toEqual([['user', 'failed']]);

    const retried = chatReducer(failed, { type: 'retry' });
    expect(retried.phase).toBe('sending');
    expect(retried.error).toBeNull();
    expect(retried.lines.map((l) => [l.role, l.status])).toEqual([
      ['user', 'pending'],
      ['pet', 'streaming'],
    ]);
  });

  it('does not offer a retry for errors that are not retryable', () => {
    const failed = run([
      { type: 'send', text: 'x', key: 'k' },
      { type: 'fail', error: { code: 'invalid_input', message: 'too long', retryable: false } },
    ]);
    expect(failed.turn).toBeNull();
    expect(chatReducer(failed, { type: 'retry' })).toBe(failed);
  });

  it('orders history by time, hides empty pet rows, and takes the last emotion', () => {
    const state = run([
      {
        type: 'history',
        messages: [
          {
            id: 'b',
            role: 'pet',
            content: 'hey',
            emotion: 'shy',
            status: 'ok',
            createdAt: '2026-05-01T10:00:01Z',
            sessionId: 's1',
            idempotencyKey: null,
          },
          {
            id: 'a',
            role: 'user',
            content: 'hi',
            emotion: null,
            status: 'ok',
            createdAt: '2026-05-01T10:00:00Z',
            sessionId: 's1',
            idempotencyKey: null,
          },
          {
            id: 'c',
            role: 'pet',
            content: '',
            emotion: null,
            status: 'failed',
            createdAt: '2026-05-01T10:00:02Z',
            sessionId: 's1',
            idempotencyKey: null,
          },
        ],
      },
    ]);
    expect(state.lines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(state.emotion).toBe('shy');
  });

  it('ignores a second send while a turn is in flight', () => {
    const once = run([{ type: 'send', text: 'a', key: 'k1' }]);
    expect(chatReducer(once, { type: 'send', text: 'b', key: 'k2' })).toBe(once);
  });
});

describe('chatReducer opening greeting', () => {
  it("shows the greeting in an empty chat, and the turn's stored greeting takes its place once", () => {
    const opened = run([
      { type: 'history', messages: [] },
      { type: 'opening', text: '*waves* Hi Ada!' },
    ]);
    expect(opened.lines.map((l) => [l.role, l.content])).toEqual([['pet', '*waves* Hi Ada!']]);
    const state = run(
      [
        { type: 'send', text: 'hello', key: 'k1' },
        part({
          type: 'turn-start',
          sessionId: 's',
          userMessageId: 'u1',
          isNewSession: true,
          replayed: false,
        }),
        part({ type: 'greeting', text: '*waves* Hi Ada!' }),
      ],
      opened,
    );
    expect(state.lines.map((l) => [l.role, l.content])).toEqual([
      ['pet', '*waves* Hi Ada!'],
      ['user', 'hello'],
      ['pet', ''],
    ]);
  });

  it('is not shown over an existing conversation', () => {
    const state = run([
      { type: 'send', text: 'hello', key: 'k1' },
      { type: 'opening', text: 'Hi!' },
    ]);
    expect(state.lines.map((l) => l.content)).toEqual(['hello', '']);
  });
});

describe('chatReducer notices', () => {
  it('puts notices and crisis lines before the reply, once per turn, and ignores a mere concern', () => {
    const crisis = { type: 'safety', crisis: true, level: 'crisis', notice: 'Call 988' } as const;
    const state = run([
      { type: 'send', text: 'hi', key: 'k1' },
      part({ type: 'notice', kind: 'ai-disclosure', text: 'Mochi is an AI.' }),
      part(crisis),
      part({ type: 'safety', crisis: false, level: 'concern', notice: null }),
      part({ type: 'error', error: { code: 'model_unavailable', message: 'down', retryable: true } }),
      { type: 'retry' },
      part(crisis),
      part({ type: 'text-delta', text: 'I am here.' }),
    ]);
    expect(state.lines.map((l) => [l.role, l.kind ?? null, l.content])).toEqual([
      ['user', null, 'hi'],
      ['notice', 'ai-disclosure', 'Mochi is an AI.'],
      ['notice', 'crisis', 'Call 988'],
      ['pet', null, 'I am here.'],
    ]);
  });
});

const message = (over: Partial<Message> & Pick<Message, 'id' | 'role'>): Message => ({
  content: over.role === 'user' ? 'hi' : '',
  emotion: null,
  status: 'ok',
  sessionId: 's1',
  idempotencyKey: null,
  createdAt: '2026-05-01T10:00:00Z',
  ...over,
});

describe('chatReducer after a reload', () => {
  it('marks the turn whose reply failed and offers Retry with its key; Retry drops the mark', () => {
    const state = run([
      {
        type: 'history',
        messages: [
          message({ id: 'u1', role: 'user', content: 'are you there?', idempotencyKey: 'k9' }),
          message({ id: 'p1', role: 'pet', status: 'failed', idempotencyKey: 'k9' }),
        ],
      },
    ]);
    expect(state.lines.map((l) => [l.id, l.status, l.missing])).toEqual([['u1', 'failed', 'failed']]);
    expect(state.phase).toBe('failed');
    expect(state.turn).toEqual({ text: 'are you there?', key: 'k9', userLineId: 'u1' });
    expect(state.error?.code).toBe('earlier');
    const retried = chatReducer(state, { type: 'retry' });
    expect(retried.lines.map((l) => [l.id, l.status, l.missing])).toEqual([
      ['u1', 'pending', undefined],
      ['reply:k9', 'streaming', undefined],
    ]);
  });

  it('calls a reply still pending after a reload cut off', () => {
    const state = run([
      {
        type: 'history',
        messages: [
          message({ id: 'u1', role: 'user', idempotencyKey: 'k1' }),
          message({ id: 'p1', role: 'pet', status: 'pending', idempotencyKey: 'k1' }),
        ],
      },
    ]);
    expect(state.lines[0]?.missing).toBe('cut-off');
    expect(state.error?.code).toBe('interrupted');
  });

  it('does not offer Retry for an old failure followed by answered turns', () => {
    const state = run([
      {
        type: 'history',
        messages: [
          message({ id: 'u1', role: 'user', idempotencyKey: 'k1' }),
          message({ id: 'p1', role: 'pet', status: 'failed', idempotencyKey: 'k1' }),
          message({ id: 'u2', role: 'user', idempotencyKey: 'k2', createdAt: '2026-05-01T10:01:00Z' }),
          message({
            id: 'p2',
            role: 'pet',
            content: 'yes',
            idempotencyKey: 'k2',
            createdAt: '2026-05-01T10:01:00Z',
          }),
        ],
      },
    ]);
    expect(state.lines[0]?.missing).toBe('failed');
    expect(state.phase).toBe('idle');
  });

  it("puts an earlier page above, once, keeping each line's session", () => {
    const state = run([
      { type: 'history', messages: [message({ id: 'u2', role: 'user', sessionId: 's2' })] },
      { type: 'earlier', messages: [message({ id: 'u1', role: 'user', sessionId: 's1' })] },
      { type: 'earlier', messages: [message({ id: 'u1', role: 'user', sessionId: 's1' })] },
    ]);
    expect(state.lines.map((l) => [l.id, l.sessionId])).toEqual([
      ['u1', 's1'],
      ['u2', 's2'],
    ]);
  });
});

describe('chatReducer safety notices', () => {
  it('shows a concern notice as well as crisis lines, before the reply', () => {
    const concern = run([
      { type: 'send', text: 'rough day', key: 'k1' },
      part({ type: 'safety', crisis: false, level: 'concern', notice: 'Talking to someone can help.' }),
    ]);
    expect(concern.lines.map((l) => [l.role, l.kind])).toEqual([
      ['user', undefined],
      ['notice', 'concern'],
      ['pet', undefined],
    ]);
    const crisis = run([
      { type: 'send', text: 'x', key: 'k2' },
      part({ type: 'safety', crisis: true, level: 'crisis', notice: 'Call 988.' }),
    ]);
    expect(crisis.lines.find((l) => l.role === 'notice')?.kind).toBe('crisis');
    const quiet = run([
      { type: 'send', text: 'x', key: 'k3' },
      part({ type: 'safety', crisis: false, level: 'concern', notice: null }),
    ]);
    expect(quiet.lines.some((l) => l.role === 'notice')).toBe(false);
  });
});
