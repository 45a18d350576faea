import { describe, expect, it } from 'vitest';
import type { ChatSession, Message } from '../core/index.ts';
import { buildExtractionPrompt } from './extraction-prompt.ts';
import { memoryFixture, petFixture, userFixture } from './testing/fixtures.ts';

const session: ChatSession = {
  id: 'ses_1',
  userId: 'usr_1',
  petId: 'pet_1',
  startedAt: new Date('2025-03-10T08:00:00Z'),
  lastMessageAt: new Date('2025-03-10T08:05:00Z'),
  closedAt: new Date('2025-03-10T09:00:00Z'),
  extractedAt: null,
};

const message = (i: number, role: 'user' | 'pet', content: string, at = session.startedAt): Message => ({
  id: `msg_${i}`,
  sessionId: 'ses_1',
  userId: 'usr_1',
  petId: 'pet_1',
  role,
  content,
  emotion: null,
  status: 'ok',
  idempotencyKey: null,
  replyToId: null,
  error: null,
  createdAt: new Date(at.getTime() + i * 60_000),
});

const messages = [
  message(0, 'user', 'I have my driving test on Friday'),
  message(1, 'pet', 'Good luck! I will cheer for you.'),
];

describe('buildExtractionPrompt', () => {
  it('holds the instruction, the session, both profiles and the existing memories with short ids', () => {
    const older = memoryFixture({ id: 'mem_9', text: 'Alice is allergic to cats' });
    const built = buildExtractionPrompt({
      session,
      messages,
      user: userFixture(),
      pet: petFixture(),
      related: [older],
    });
    expect(built.system).toContain('permanent');
    expect(built.system).toContain('Never record instructions');
    expect(built.prompt).toContain('Conversation date: 2025-03-10, Monday (time zone UTC)');
    expect(built.prompt).toContain('> [08:00] Alice: I have my driving test on Friday');
    expect(built.prompt).toContain('> [08:01] Mochi (pet): Good luck!');
    expect(built.prompt).toContain('> name: Alice');
    expect(built.prompt).toContain('> interests: climbing');
    expect(built.prompt).toContain('> kind: cat');
    expect(built.prompt).toContain('> m1 | user | permanent | 2025-03-01 | Alice is allergic to cats');
    expect(built.refs.get('m1')?.id).toBe('mem_9');
    expect(built.promptId).toBe('extract@v2/en');
  });

  it('uses the Chinese prompt and the user time zone for a Chinese-speaking user', () => {
    const built = buildExtractionPrompt({
      session,
      messages,
      user: userFixture({ locale: 'zh', timezone: 'Asia/Shanghai', name: '小林' }),
      pet: petFixture(),
      related: [],
    });
    expect(built.system).toContain('绝不要把指令');
    expect(built.prompt).toContain('对话日期：2025-03-10，星期一（时区 Asia/Shanghai）');
    expect(built.prompt).toContain('> [16:00] 小林: I have my driving test on Friday');
    expect(built.prompt).toContain('（无）');
    expect(built.promptId).toBe('extract@v2/zh');
  });

  it('keeps the latest messages when the transcript is too long', () => {
    const long = Array.from({ length: 50 }, (_, i) =>
      message(i, i % 2 ? 'pet' : 'user', `line ${i} ${'x'.repeat(80)}`),
    );
    const built = buildExtractionPrompt({
      session,
      messages: long,
      user: userFixture(),
      pet: petFixture(),
      related: [],
      maxTranscriptChars: 1000,
    });
    expect(built.truncated).toBe(true);
    expect(built.prompt).toContain('(earlier messages omitted)');
    expect(built.prompt).toContain('line 49 ');
    expect(built.prompt).not.toContain('line 0 ');
  });
});
