import { describe, expect, it } from 'vitest';
import type { ChatPart } from '../api/types.ts';
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
          },
          {
            id: 'a',
            role: 'user',
            content: 'hi',
            emotion: null,
            status: 'ok',
            createdAt: '2026-05-01T10:00:00Z',
          },
          {
            id: 'c',
            role: 'pet',
            content: '',
            emotion: null,
            status: 'failed',
            createdAt: '2026-05-01T10:00:02Z',
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
