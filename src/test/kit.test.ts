import { generateText, Output, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  aDay,
  aMemory,
  aPet,
  aSession,
  aUser,
  manualTimer,
  memoryStore,
  promptOf,
  scriptedModel,
  seed,
  seedConversation,
  sentText,
  someFriends,
  tickingClock,
} from './index.ts';

const ask = (model: ReturnType<typeof scriptedModel>, name: string, prompt: string) =>
  generateText({
    model,
    system: 'be brief',
    prompt,
    output: Output.object({ schema: z.object({ n: z.number() }), name }),
  });

describe('scriptedModel', () => {
  it('answers generate calls in turn (the last repeats), throws scripted errors, and records each call', async () => {
    const model = scriptedModel({ generate: [{ n: 1 }, new Error('down'), { n: 3 }] });
    expect((await ask(model, 'count', 'one')).output).toEqual({ n: 1 });
    await expect(ask(model, 'count', 'two')).rejects.toThrow('down');
    expect((await ask(model, 'count', 'three')).output).toEqual({ n: 3 });
    expect((await ask(model, 'other', 'four')).output).toEqual({ n: 3 });
    expect(model.calls.map((c) => [c.kind, c.name, c.prompt, c.n])).toEqual([
      ['generate', 'count', 'one', 0],
      ['generate', 'count', 'two', 1],
      ['generate', 'count', 'three', 2],
      ['generate', 'other', 'four', 0],
    ]);
    expect(model.calls[0]?.system).toBe('be brief');
    expect(model.callsNamed('other')).toHaveLength(1);
    expect(sentText(model, 3)).toBe('be brief\nfour');
  });

  it('streams scripted chunks, or fails after them', async () => {
    const model = scriptedModel({
      stream: [{ chunks: ['Hel', 'lo'] }, { chunks: ['Half'], failWith: new Error('cut') }],
    });
    const first = streamText({ model, prompt: 'hi' });
    expect(await first.text).toBe('Hello');
    expect((await first.usage).inputTokens).toBe(100);
    const errors: unknown[] = [];
    const second = streamText({ model, prompt: 'again', onError: ({ error }) => void errors.push(error) });
    await second.consumeStream();
    expect(errors).toEqual([new Error('cut')]);
    expect(promptOf(model, 1)).toEqual([{ role: 'user', text: 'again' }]);
  });
});

describe('memoryStore and the fixtures', () => {
  it('holds the fixtures, checking references like the SQL stores', async () => {
    const store = memoryStore();
    await expect(store.pets.create(aPet())).rejects.toMatchObject({ code: 'not_found' });
    await seed(store, {
      users: [aUser()],
      pets: [aPet()],
      sessions: [aSession()],
      memories: [aMemory()],
      friends: someFriends(),
      days: [aDay()],
    });
    await seedConversation(store, { id: 'ses_2', startedAt: new Date('2025-03-11T08:00:00Z') }, [
      'hi',
      'hello',
    ]);
    expect(await store.worlds.getDay('pet_1', '2025-03-14')).toEqual(aDay());
    expect((await store.chats.listMessages('ses_2')).map((m) => [m.role, m.content])).toEqual([
      ['user', 'hi'],
      ['pet', 'hello'],
    ]);
    expect(store.tables.memories.get('mem_1')?.memory).toEqual(aMemory());
    await store.close();
    await expect(store.users.list()).rejects.toThrow('closed');
  });
});

describe('time', () => {
  it('tickingClock moves on after each reading; manualTimer settles when fired', async () => {
    const clock = tickingClock('2025-01-01T00:00:00Z', 5);
    expect([clock.now(), clock.now()].map((d) => d.toISOString())).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2025-01-01T00:00:00.005Z',
    ]);
    const timer = manualTimer();
    let done = false;
    const wait = timer(1000, new AbortController().signal).then(() => {
      done = true;
    });
    expect(timer.pending()).toEqual([1000]);
    await Promise.resolve();
    expect(done).toBe(false);
    expect(timer.fire()).toBe(1);
    await wait;
    expect(done).toBe(true);
  });
});
