import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../core/index.ts';
import { aPet, aSession, aUser, memoryStore } from '../../test/index.ts';
import { readItems, writeItems } from '../files.ts';
import { datasetFromChats, MAX_CHAT_MESSAGES, sessionTurns } from './from-chats.ts';

const T0 = new Date('2026-03-01T10:00:00Z');

function msg(i: number, role: Message['role'], content: string, over: Partial<Message> = {}): Message {
  return {
    id: `m${i}`,
    sessionId: 'ses_1',
    userId: 'usr_1',
    petId: 'pet_1',
    role,
    content,
    emotion: role === 'pet' ? 'joy' : null,
    status: 'ok',
    idempotencyKey: null,
    replyToId: null,
    error: null,
    createdAt: new Date(T0.getTime() + i * 1000),
    ...over,
  };
}

describe('sessionTurns', () => {
  it('drops the greeting, failed replies and a last unanswered message, joins one side, keeps emotions', () => {
    const turns = sessionTurns([
      msg(0, 'pet', 'Hi!'),
      msg(1, 'user', 'hello'),
      msg(2, 'user', 'are you there?'),
      msg(3, 'pet', 'broken', { status: 'failed' }),
      msg(4, 'pet', 'Yes!', { emotion: 'excited' }),
      msg(5, 'user', 'good'),
      msg(6, 'pet', 'Mm.', { emotion: null }),
      msg(7, 'user', 'bye?'),
    ]);
    expect(turns).toEqual([
      { role: 'user', content: 'hello\nare you there?', missing: false },
      { role: 'assistant', content: 'Yes!', emotion: 'excited', missing: false },
      { role: 'user', content: 'good', missing: false },
      { role: 'assistant', content: 'Mm.', emotion: 'neutral', missing: true },
    ]);
  });
});

describe('datasetFromChats', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipet-from-chats-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps other sources, splits long sessions into windows, keeps reviews of unchanged items', async () => {
    const store = memoryStore();
    await store.users.create(aUser());
    await store.users.setTrainingConsent('usr_1', true, T0);
    await store.pets.create(aPet());
    await store.chats.createSession(aSession());
    const n = MAX_CHAT_MESSAGES + 4;
    for (let i = 0; i < n; i++) {
      await store.chats.appendMessage(msg(i + 1, i % 2 === 0 ? 'user' : 'pet', `line ${i} from Lena`));
    }
    const generated = {
      id: 'gen/1',
      source: 'generated' as const,
      kind: 'spe' as const,
      petId: 'pet_x',
      petName: 'X',
      locale: 'en' as const,
      system: '',
      messages: [
        { role: 'user' as const, content: 'q' },
        { role: 'assistant' as const, content: 'a', emotion: 'joy' },
      ],
      meta: {},
    };
    await writeItems(dir, [generated]);

    const first = await datasetFromChats(store, dir);
    expect(first).toMatchObject({ consentingUsers: 1, skippedUsers: 0, sessions: 1, items: 2, removed: 0 });
    // Every line names Lena, and so does the pet's background in each window's persona sheet.
    expect(first.scrubbed.name).toBe(n + 2);
    let { items } = await readItems(dir);
    expect(items.map((i) => [i.id, i.messages.length])).toEqual([
      ['gen/1', 2],
      ['chats/ses_1/0', MAX_CHAT_MESSAGES],
      ['chats/ses_1/1', 4],
    ]);
    expect(items[1]!.messages[0]!.content).toBe('line 0 from [NAME]');
    expect(items[1]!.system).toContain('lived with [NAME]');
    expect(items[1]!.system).toContain('Mochi');

    // A person accepted one; a rerun keeps that decision because its text did not change.
    const review = { status: 'accepted' as const, reasons: [], by: 'person' as const };
    await writeItems(
      dir,
      items.map((i) => (i.id === 'chats/ses_1/1' ? { ...i, review } : i)),
    );
    await datasetFromChats(store, dir);
    ({ items } = await readItems(dir));
    expect(items.find((i) => i.id === 'chats/ses_1/1')?.review).toEqual(review);

    // Withdrawal: the chats items go, the generated one stays.
    await store.users.setTrainingConsent('usr_1', false, T0);
    const after = await datasetFromChats(store, dir);
    expect(after).toMatchObject({ consentingUsers: 0, skippedUsers: 1, items: 0, removed: 2 });
    expect((await readItems(dir)).items.map((i) => i.id)).toEqual(['gen/1']);
  });
});
