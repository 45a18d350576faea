import { describe, expect, it } from 'vitest';
import { aRealisticPetProfile, promptOf, scriptedModel } from '../test/index.ts';
import { chat } from './chat.ts';
import type { DayContext } from './context/providers/day.ts';
import { chatFixture, collect, memory } from './testing/fixture.ts';

/**
 * Issue 17 item 2: the chat prompt is laid out for prefix caches and strict chat templates.
 *
 * Serialisation: each message as a chat template writes it, `<|role|>\n` + content + `\n`, concatenated
 * (the simulator's template); the shared prefix of two prompts is the longest run of identical UTF-8 bytes
 * from the start, as a share of the newer prompt's bytes.
 */
function serialize(messages: Array<{ role: string; text: string }>): Buffer {
  return Buffer.from(messages.map((m) => `<|${m.role}|>\n${m.text}\n`).join(''), 'utf8');
}

function sharedPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** system?, then user, assistant, user, ..., user: what Mistral- and Gemma-style templates accept. */
function alternatesStrictly(roles: string[]): boolean {
  const rest = roles[0] === 'system' ? roles.slice(1) : roles;
  return rest.length % 2 === 1 && rest.every((role, i) => role === (i % 2 === 0 ? 'user' : 'assistant'));
}

const DAY: DayContext = {
  outline: 'A lazy Tuesday: ducks in the morning, a nap in the shop, waiting by the door at dusk.',
  schedule: [
    { time: '08:00', title: 'Watch the ducks', current: false },
    { time: '13:00', title: 'Nap in the flower shop', current: true },
    { time: '18:00', title: 'Wait by the door', current: false },
  ],
  current: { time: '13:00', title: 'Nap in the flower shop', detail: 'Curled up between the tulip buckets.' },
  next: { time: '18:00', title: 'Wait by the door', detail: 'Listening for footsteps on the stairs.' },
  details: [],
};

const USER_TEXTS = [
  'Hi Mochi! I just got back from work, it was a long day.',
  'My boss moved the deadline again, so I have to finish the report by Friday.',
  'I had ramen for lunch at the place near the station.',
  'Do you remember my sister Lena? She is visiting next week.',
  'I am thinking of taking up swimming again, the pool reopened.',
  'What did you do today?',
];

async function conversation(turns: number) {
  let call = 0;
  const f = await chatFixture({
    pet: aRealisticPetProfile(),
    model: scriptedModel({
      stream: [
        { chunks: ['[joy] Oh? Tell me more - I was napping between the tulips, but I am all ears now.'] },
      ],
    }),
    deps: {
      dayContext: async () => DAY,
      // Different memories every turn, as retrieval for a new message finds.
      retrieveMemories: async () => {
        call++;
        return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({
          memory: memory(`mem_${call}_${i}`, `Alice mentioned thing number ${call * 4 + i} about her week`),
          score: 0.9 - i / 10,
        }));
      },
      lore: async ({ text }) => ({
        entries: [
          { id: 'town', text: 'The town of Brindle sits by a cold lake.', constant: true },
          ...(text.includes('swim') ? [{ id: 'pool', text: 'The Brindle pool is heated in winter.' }] : []),
        ],
      }),
    },
  });
  for (let i = 0; i < turns; i++) {
    f.clock.advance(45_000);
    const text = USER_TEXTS[i % USER_TEXTS.length]!;
    const parts = await collect(chat(f.deps, { userId: f.user.id, petId: f.pet.id, text }));
    const error = parts.find((p) => p.type === 'error');
    if (error) throw new Error(JSON.stringify(error));
  }
  return Array.from({ length: turns }, (_, n) => promptOf(f.model, n));
}

describe('the chat prompt layout', () => {
  it('shares >= 80% of its bytes with the previous turn’s prompt over a 20-turn conversation', async () => {
    const raw = await conversation(20);
    const prompts = raw.map(serialize);
    const shares = prompts.slice(1).map((p, i) => sharedPrefix(prompts[i]!, p) / p.length);
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(mean).toBeGreaterThanOrEqual(0.8);
    // Nothing before the final user turn changes between turns: each prompt starts with every message of
    // the previous one but its last (the previous turn's context and words).
    for (let n = 1; n < raw.length; n++) {
      const kept = raw[n - 1]!.slice(0, -1);
      expect(raw[n]!.slice(0, kept.length)).toEqual(kept);
    }
  });

  it('alternates roles strictly in every prompt: one system message, then user, assistant, ..., user', async () => {
    for (const prompt of await conversation(8)) {
      const roles = prompt.map((m) => m.role);
      expect(roles.filter((r) => r === 'system')).toHaveLength(1);
      expect(alternatesStrictly(roles), roles.join(' ')).toBe(true);
    }
  });

  it('alternates strictly after a failed reply, merging the unanswered message into the next user turn', async () => {
    const f = await chatFixture({
      model: scriptedModel({
        stream: [
          { chunks: ['[joy] Hello!'] },
          { chunks: ['[joy] Hm'], failWith: new Error('connection reset') },
          { chunks: ['[joy] Back again.'] },
        ],
      }),
    });
    for (const text of ['first', 'second', 'third']) {
      f.clock.advance(30_000);
      await collect(chat(f.deps, { userId: f.user.id, petId: f.pet.id, text }));
    }
    const last = promptOf(f.model, 2);
    expect(alternatesStrictly(last.map((m) => m.role))).toBe(true);
    expect(last.at(-1)!.text.endsWith('</turn-context>\n\nsecond\n\nthird')).toBe(true);
  });
});
