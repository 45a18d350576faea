import { zodSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import type { ChatSession, Memory } from '../core/index.ts';
import { sequentialIds } from '../core/index.ts';
import { kindFor, planExtraction } from './extraction-plan.ts';
import { type ExtractedMemory, extractionSchema } from './prompts/extract.v2.schema.ts';
import { memoryFixture } from './testing/fixtures.ts';
import { resolveDueDate } from './when.ts';

// The session: Monday 2025-03-10, 09:00 in Shanghai.
const now = new Date('2025-03-10T12:00:00Z');
const session: ChatSession = {
  id: 'ses_1',
  userId: 'usr_1',
  petId: 'pet_1',
  startedAt: new Date('2025-03-10T01:00:00Z'),
  lastMessageAt: new Date('2025-03-10T01:30:00Z'),
  closedAt: now,
  extractedAt: null,
};
const entry = (e: Partial<ExtractedMemory>): ExtractedMemory => ({
  subject: 'user',
  kind: 'fact',
  text: 'Alice likes green tea',
  category: 'permanent',
  when: null,
  action: 'add',
  ref: null,
  ...e,
});
const plan = (entries: ExtractedMemory[], refs: Record<string, Memory> = {}) =>
  planExtraction({
    entries,
    refs: new Map(Object.entries(refs)),
    session,
    timeZone: 'Asia/Shanghai',
    now,
    ids: sequentialIds(),
  });

describe("extraction: the pet's own entries and due dates", () => {
  it('parses what the pet said about itself with its kind and due date', () => {
    const answer = extractionSchema.parse({
      memories: [
        {
          subject: 'pet',
          kind: 'promise',
          text: ' Mochi promised to show Alice its drawing. ',
          category: 'short_term',
          when: null,
          due: 'tomorrow',
          action: 'add',
          ref: null,
        },
        {
          subject: 'user',
          kind: 'upcoming',
          text: 'Alice has a maths exam.',
          category: 'short_term',
          due: '2025-03-14',
          action: 'add',
        },
      ],
    });
    const p = plan(answer.memories);
    expect(p.inserts.map((m) => [m.subject, m.kind, m.dueOn, m.text])).toEqual([
      // "tomorrow" from the session date in the owner's zone.
      ['pet', 'promise', '2025-03-11', 'Mochi promised to show Alice its drawing.'],
      ['user', 'upcoming', '2025-03-14', 'Alice has a maths exam.'],
    ]);
  });

  it('requires subject and kind in the JSON schema, reads an answer without them as a fact about the user', () => {
    const json = zodSchema(extractionSchema).jsonSchema as {
      properties: {
        memories: { items: { required: string[]; properties: Record<string, { enum?: string[] }> } };
      };
    };
    const item = json.properties.memories.items;
    expect(item.required).toEqual(expect.arrayContaining(['subject', 'kind', 'text', 'category', 'action']));
    expect(item.properties.kind?.enum).toEqual(['fact', 'upcoming', 'promise', 'plan', 'opinion', 'shared']);
    const base = { text: 'x', category: 'permanent', action: 'add' };
    expect(extractionSchema.parse({ memories: [base] }).memories[0]).toMatchObject({
      subject: 'user',
      kind: 'fact',
    });
    expect(
      extractionSchema.safeParse({ memories: [{ ...base, subject: 'pet', kind: 'secret' }] }).success,
    ).toBe(false);
  });

  it.each([
    ['user', 'fact', null, null],
    ['user', 'upcoming', null, 'upcoming'],
    ['user', 'promise', '2025-03-12', 'upcoming'],
    ['user', 'plan', null, null],
    ['user', 'opinion', null, null],
    ['pet', 'fact', null, 'shared'],
    ['pet', 'upcoming', '2025-03-12', 'plan'],
    ['pet', 'opinion', null, 'opinion'],
    ['pet', 'shared', null, 'shared'],
  ] as const)('stores a %s %s entry (due %s) as kind %s', (subject, kind, due, expected) => {
    expect(kindFor(subject, kind, due)).toBe(expected);
  });

  it('keeps a due date only on promises, plans and upcoming events, and drops unreadable ones', () => {
    const p = plan([
      entry({ subject: 'pet', kind: 'opinion', text: 'Mochi thinks rain is cosy', due: '2025-03-12' }),
      entry({ subject: 'pet', kind: 'plan', text: 'Mochi plans to build a kite', due: '2025-02-30' }),
      entry({ subject: 'user', kind: 'upcoming', text: 'Alice flies to Tokyo', due: '2031-01-01' }),
    ]);
    expect(p.inserts.map((m) => [m.kind, m.dueOn])).toEqual([
      ['opinion', null],
      ['plan', null],
      ['upcoming', null],
    ]);
  });

  it('never lets a pet entry refresh or supersede a memory about the user, nor the other way round', () => {
    const user = memoryFixture({ id: 'mem_u', text: 'Alice loves the sea' });
    const pet = memoryFixture({ id: 'mem_p', text: 'Mochi loves the sea', subject: 'pet', kind: 'opinion' });
    const p = plan(
      [
        // Same text as the user's memory, but the pet's own: a new memory.
        entry({ subject: 'pet', kind: 'opinion', text: 'Alice loves the sea' }),
        // Claims to contradict the user's memory: added, nothing superseded.
        entry({
          subject: 'pet',
          kind: 'opinion',
          text: 'Mochi hates the sea',
          action: 'contradicts',
          ref: 'm1',
        }),
        // The user's entry pointing at the pet's memory: added too.
        entry({ text: 'Alice fears the sea', action: 'contradicts', ref: 'm2' }),
        // The pet's restatement of its own opinion: refreshed.
        entry({
          subject: 'pet',
          kind: 'opinion',
          text: 'Mochi loves the sea',
          action: 'duplicate_of',
          ref: 'm2',
        }),
      ],
      { m1: user, m2: pet },
    );
    expect(p.supersedes).toEqual([]);
    expect(p.inserts.map((m) => [m.subject, m.text])).toEqual([
      ['pet', 'Alice loves the sea'],
      ['pet', 'Mochi hates the sea'],
      ['user', 'Alice fears the sea'],
    ]);
    expect(p.refreshes.map((r) => r.id)).toEqual(['mem_p']);
  });

  it('lets a pet entry contradict an earlier pet memory (a changed plan)', () => {
    const plan1 = memoryFixture({ id: 'mem_p', text: 'Mochi plans a picnic', subject: 'pet', kind: 'plan' });
    const p = plan(
      [
        entry({
          subject: 'pet',
          kind: 'plan',
          text: 'Mochi cancelled the picnic',
          action: 'contradicts',
          ref: 'm1',
        }),
      ],
      { m1: plan1 },
    );
    expect(p.supersedes).toEqual([{ id: 'mem_p', byId: p.inserts[0]?.id }]);
  });
});

describe('resolveDueDate', () => {
  const anchor = new Date('2025-03-10T17:00:00Z'); // 01:00 on 2025-03-11 in Shanghai
  it.each([
    ['2025-03-14', '2025-03-14'],
    ['tomorrow', '2025-03-12'],
    ['明天', '2025-03-12'],
    ['in 2 weeks', '2025-03-25'],
    ['someday', null],
    ['2025-13-01', null],
    ['2030-01-01', null],
    [null, null],
  ])('reads %j as %j in the owner time zone', (due, expected) => {
    expect(resolveDueDate(due, anchor, 'Asia/Shanghai')).toBe(expected);
  });
});
