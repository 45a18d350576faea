import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SampleFileError } from '../common/samples.ts';
import { evidenceIds, parseLocomo, parseSessionDate } from './locomo.ts';

const FIXTURE = readFileSync(
  new URL('../../../test/fixtures/eval/locomo-mini.json', import.meta.url),
  'utf8',
);

const minimal = (overrides: Record<string, unknown> = {}) => ({
  sample_id: 'conv-1',
  conversation: {
    speaker_a: 'Ann',
    speaker_b: 'Bob',
    session_1_date_time: '8:56 pm on 20 July, 2023',
    session_1: [
      { speaker: 'Ann', dia_id: 'D1:1', text: 'I bought a kayak.' },
      { speaker: 'Bob', dia_id: 'D1:2', text: 'Nice!' },
    ],
  },
  qa: [{ question: 'What did Ann buy?', answer: 'a kayak', evidence: ['D1:1'], category: 4 }],
  ...overrides,
});

function rejection(value: unknown): SampleFileError {
  try {
    parseLocomo(typeof value === 'string' ? value : JSON.stringify(value), 'conv.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SampleFileError);
    return error as SampleFileError;
  }
  throw new Error('the file was accepted');
}

describe('parseLocomo', () => {
  it('reads a LoCoMo sample: turns with their dates and speakers, questions with resolved evidence', () => {
    const { samples, notes } = parseLocomo(FIXTURE, 'locomo-mini.json');
    expect(samples.map((s) => s.id)).toEqual(['mini-en', 'mini-zh']);
    const [en, zh] = samples;
    expect(en?.speakers).toEqual(['Caroline', 'Melanie']);
    expect(en?.turns).toHaveLength(9);
    expect(en?.turns[2]).toEqual({
      id: 'D1:3',
      session: 1,
      speaker: 'Caroline',
      text: 'Caroline: I adopted an iguana last weekend, his name is Pickles.',
      occurredAt: new Date('2023-05-08T13:56:02Z'),
    });
    expect(en?.turns[3]?.text).toBe(
      'Melanie: That is so cute, I love reptiles. [shared a photo: a photo of a green lizard on a rock]',
    );
    expect(en?.turns[5]?.occurredAt).toEqual(new Date('2023-06-27T10:37:00Z'));
    expect(zh?.turns[0]?.occurredAt).toEqual(new Date('2023-05-08T13:56:00Z'));
    const questions = en?.questions ?? [];
    expect(questions[0]).toEqual({
      index: 0,
      question: "What is the name of Caroline's iguana?",
      category: '4',
      evidence: ['D1:3'],
      unresolved: [],
    });
    // "D1:3; D2:4" holds two ids; an adversarial question has no answer; D7:1 is no turn of the conversation
    expect(questions[3]?.evidence).toEqual(['D1:3', 'D2:4']);
    expect(questions[5]?.evidence).toEqual(['D1:3']);
    expect(questions[6]).toMatchObject({ evidence: [], unresolved: [] });
    expect(questions[7]).toMatchObject({ evidence: [], unresolved: ['D7:1'] });
    expect(notes).toEqual({ undatedSessions: 0, emptyTurns: 0, duplicateTurns: 0, malformedEvidence: 1 });
  });

  it('accepts a single sample object, undated sessions, empty and repeated turns', () => {
    const sample = minimal();
    const conversation = sample.conversation as Record<string, unknown>;
    conversation.session_2 = [
      { speaker: 'Ann', dia_id: 'D2:1', text: '   ' },
      { speaker: 'Ann', dia_id: 'D1:1', text: 'again' },
      { speaker: 'Bob', dia_id: 'D2:2', text: 'later' },
    ];
    const { samples, notes } = parseLocomo(JSON.stringify(sample), 'one.json');
    expect(samples[0]?.turns.map((t) => t.id)).toEqual(['D1:1', 'D1:2', 'D2:2']);
    // session 2 has no date: the day after session 1 (a second per turn of the file)
    expect(samples[0]?.turns[2]?.occurredAt).toEqual(new Date('2023-07-21T20:56:02Z'));
    expect(notes).toMatchObject({ undatedSessions: 1, emptyTurns: 1, duplicateTurns: 1 });
  });

  it('rejects what is not JSON', () => {
    expect(rejection('{"conversation": ').message).toBe('conv.json: not valid JSON');
  });

  it('rejects other shapes, naming the path of the first problem', () => {
    expect(rejection([]).message).toMatch(/empty/);
    expect(rejection([{ text: 'hello' }]).message).toBe(
      'conv.json: not a LoCoMo file: [0].conversation is required',
    );
    expect(rejection([minimal(), minimal({ qa: [{ question: 'Why?', evidence: 'D1:1' }] })]).message).toBe(
      'conv.json: not a LoCoMo file: [1].qa[0].evidence must be a list',
    );
    const badTurn = minimal();
    (badTurn.conversation as Record<string, unknown>).session_1 = [{ speaker: 'Ann', text: 'no id' }];
    expect(rejection([badTurn]).message).toBe(
      'conv.json: not a LoCoMo file: [0].conversation.session_1[0].dia_id is required',
    );
    const noSessions = minimal({ conversation: { speaker_a: 'Ann', speaker_b: 'Bob' } });
    expect(rejection([noSessions]).message).toMatch(/\[0\]\.conversation has no sessions/);
    expect(rejection(minimal({ qa: 3 })).issues).toEqual([{ path: 'qa', message: 'must be a list' }]);
  });
});

describe('evidenceIds', () => {
  it('splits malformed entries into the ids they hold and counts them', () => {
    expect(evidenceIds(['D1:3', 'D1:3; D2:4', 'D:11:26', 7, ' D5:1 '])).toEqual({
      ids: ['D1:3', 'D2:4', 'D5:1'],
      malformed: 3,
    });
  });
});

describe('parseSessionDate', () => {
  it('reads LoCoMo, Chinese and ISO dates', () => {
    expect(parseSessionDate('12:09 am on 13 September, 2023')).toBe(Date.UTC(2023, 8, 13, 0, 9));
    expect(parseSessionDate('12:30 pm on 1 Jan 2024')).toBe(Date.UTC(2024, 0, 1, 12, 30));
    expect(parseSessionDate('2023年6月2日')).toBe(Date.UTC(2023, 5, 2, 12, 0));
    expect(parseSessionDate('2023-06-02T09:10:00Z')).toBe(Date.UTC(2023, 5, 2, 9, 10));
    expect(parseSessionDate('sometime in spring')).toBeNull();
    expect(parseSessionDate(undefined)).toBeNull();
  });
});
