import { describe, expect, it } from 'vitest';
import { toLocalChatPrompt } from './chat-history.ts';

const text = (t: string) => ({ type: 'text' as const, text: t });

describe('toLocalChatPrompt', () => {
  it('maps system, user and assistant turns and opens an empty model turn for the answer', () => {
    const { history, warnings } = toLocalChatPrompt([
      { role: 'system', content: 'You are Mochi.' },
      { role: 'user', content: [text('Hi!')] },
      { role: 'assistant', content: [text('Hello '), text('there.')] },
      { role: 'user', content: [text('How are you?')] },
    ]);
    expect(history).toEqual([
      { type: 'system', text: 'You are Mochi.' },
      { type: 'user', text: 'Hi!' },
      { type: 'model', response: ['Hello there.'] },
      { type: 'user', text: 'How are you?' },
      { type: 'model', response: [] },
    ]);
    expect(warnings).toEqual([]);
  });

  it('merges neighbouring messages of the same role', () => {
    const { history } = toLocalChatPrompt([
      { role: 'system', content: 'Rule one.' },
      { role: 'system', content: 'Rule two.' },
      { role: 'user', content: [text('a'), text('b')] },
      { role: 'user', content: [text('c')] },
    ]);
    expect(history).toEqual([
      { type: 'system', text: 'Rule one.\n\nRule two.' },
      { type: 'user', text: 'a\nb\n\nc' },
      { type: 'model', response: [] },
    ]);
  });

  it('leaves a trailing assistant message as a prefix to continue', () => {
    const { history } = toLocalChatPrompt([
      { role: 'user', content: [text('Give JSON')] },
      { role: 'assistant', content: [text('{"mood": ')] },
    ]);
    expect(history.at(-1)).toEqual({ type: 'model', response: ['{"mood": '] });
    expect(history).toHaveLength(2);
  });

  it('drops what a chat template cannot hold, with one warning per kind', () => {
    const { history, warnings } = toLocalChatPrompt([
      {
        role: 'user',
        content: [text('look'), { type: 'file', data: 'aGk=', mediaType: 'image/png' }],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: '1', toolName: 'x', input: {} }, text('ok')],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: '1', toolName: 'x', output: { type: 'text', value: 'r' } },
        ],
      },
      { role: 'user', content: [{ type: 'file', data: 'aGk=', mediaType: 'image/png' }] },
    ]);
    expect(history).toEqual([
      { type: 'user', text: 'look' },
      { type: 'model', response: ['ok'] },
      { type: 'user', text: '' },
      { type: 'model', response: [] },
    ]);
    expect(warnings.map((w) => (w.type === 'unsupported' ? w.feature : ''))).toEqual([
      'file parts in user messages',
      'tool-call parts in assistant messages',
      'tool messages',
    ]);
  });
});
