import { generateText, Output, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LocalChatSession, LocalGenerateRequest, LocalGenerateResult } from './local-chat-session.ts';
import { createLocalLanguageModel } from './local-language-model.ts';

function fakeSession(answer: string, result: Partial<LocalGenerateResult> = {}) {
  const requests: LocalGenerateRequest[] = [];
  const session: LocalChatSession = {
    async generate(request) {
      requests.push(request);
      for (const chunk of answer.match(/.{1,3}/gs) ?? []) request.onTextChunk?.(chunk);
      return {
        text: answer,
        stopReason: 'eogToken',
        inputTokens: 12,
        outputTokens: 4,
        warnings: [],
        ...result,
      };
    },
  };
  return { session, requests };
}

describe('createLocalLanguageModel', () => {
  it('generates text with the call settings and reports usage and finish reason', async () => {
    const { session, requests } = fakeSession('Hello!', { stopReason: 'maxTokens' });
    const model = createLocalLanguageModel({ modelId: 'local:test.gguf', session: async () => session });
    const result = await generateText({
      model,
      system: 'Be brief.',
      prompt: 'Hi',
      maxOutputTokens: 8,
      temperature: 0.9,
      stopSequences: ['\nUser:'],
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello!');
    expect(result.finishReason).toBe('length');
    expect(result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4 });
    expect(requests[0]).toMatchObject({
      history: [
        { type: 'system', text: 'Be brief.' },
        { type: 'user', text: 'Hi' },
        { type: 'model', response: [] },
      ],
      maxTokens: 8,
      temperature: 0.9,
      stopSequences: ['\nUser:'],
    });
    expect(requests[0]?.json).toBeUndefined();
  });

  it('asks for a JSON grammar from the output schema', async () => {
    const { session, requests } = fakeSession('{"mood":"happy"}');
    const model = createLocalLanguageModel({ modelId: 'local:test.gguf', session: async () => session });
    const result = await generateText({
      model,
      prompt: 'How do you feel?',
      output: Output.object({ schema: z.object({ mood: z.enum(['happy', 'sad']) }) }),
      maxRetries: 0,
    });
    expect(result.output).toEqual({ mood: 'happy' });
    expect(requests[0]?.json?.schema).toEqual({
      type: 'object',
      properties: { mood: { enum: ['happy', 'sad'] } },
      required: ['mood'],
      additionalProperties: false,
    });
  });

  it('streams the text as it is generated', async () => {
    const { session } = fakeSession('Hello there');
    const model = createLocalLanguageModel({ modelId: 'local:test.gguf', session: async () => session });
    const result = streamText({ model, prompt: 'Hi', maxRetries: 0 });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks).toEqual(['Hel', 'lo ', 'the', 're']);
    expect((await result.usage).outputTokens).toBe(4);
  });

  it('stops generating when the stream is cancelled', async () => {
    let signal: AbortSignal | undefined;
    const session: LocalChatSession = {
      generate: (request) =>
        new Promise((_resolve, reject) => {
          signal = request.signal;
          request.onTextChunk?.('a');
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
        }),
    };
    const model = createLocalLanguageModel({ modelId: 'local:test.gguf', session: async () => session });
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(signal?.aborted).toBe(true);
  });
});
