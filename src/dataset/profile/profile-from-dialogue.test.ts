import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/index.ts';
import { scriptedModel } from '../../test/index.ts';
import { emotionProfile, parseAnnotatedDialogue, profileFromDialogue } from './profile-from-dialogue.ts';

const FILE = [
  { speaker: 'Xiaobei', text: 'Haha, a nickname? That is so funny!', emotion: 'joy' },
  { speaker: 'Teacher', text: 'Did you finish the essay?', emotion: 'neutral' },
  { speaker: 'Xiaobei', text: 'Almost... I keep rewriting the first line.', emotion: 'worried' },
  { speaker: 'Xiaobei', text: 'Wow, you read it already?', emotion: 'Surprise' },
  { speaker: 'Xiaobei', text: 'I will treasure that nickname forever!', emotion: 'joy' },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

const DRAFT = {
  name: 'Whoever',
  kind: 'student',
  appearance: 'Short hair, a big backpack.',
  personality: 'Cheerful and a little anxious about school work.',
  traits: ['cheerful', 'whimsical', 'anxious'],
  speakingStyle: 'Quick exclamations and trailing dots.',
  catchphrases: ['Haha'],
  emotionalTendencies: 'Mostly joyful; worries about deadlines.',
  likes: ['nicknames', 'essays'],
  dislikes: ['deadlines'],
  background: 'A student who loves new friends.',
  exampleLines: ['Haha, really?'],
  greeting: 'Hi {{user}}!',
};

describe('profile from an annotated dialogue', () => {
  it('reads the lines, weighs the emotions, and drafts a profile named after the character', async () => {
    const lines = parseAnnotatedDialogue(FILE, 'd.jsonl');
    expect(emotionProfile(lines, 'Xiaobei')).toEqual([
      ['joy', 0.5],
      ['worried', 0.25],
      ['surprise', 0.25],
    ]);
    const model = scriptedModel({ generate: [DRAFT] });
    const result = await profileFromDialogue({ model }, { lines });
    expect(result.character).toBe('Xiaobei');
    expect(result.locale).toBe('en');
    expect(result.profile).toMatchObject({
      name: 'Xiaobei',
      kind: 'student',
      speakingStyle: DRAFT.speakingStyle,
    });
    const prompt = model.calls[0]?.prompt ?? '';
    expect(prompt).toContain('joy: 50%');
    expect(prompt).toContain('Xiaobei (worried): Almost...');
    expect(result.promptId).toBe('profile@v1/en');
  });

  it('reports every bad line with its number', () => {
    const bad = [
      JSON.stringify({ speaker: 'A', text: 'hi', emotion: 'joy' }),
      JSON.stringify({ speaker: 'A', text: 'hi', emotion: 'grumpy' }),
      '{oops',
      JSON.stringify({ speaker: '', text: 'hi' }),
    ].join('\n');
    const error = (() => {
      try {
        parseAnnotatedDialogue(bad, 'd.jsonl');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.message).toMatch(/line 2: emotion must be one of neutral/);
    expect(error?.message).toContain('line 3: not JSON');
    expect(error?.message).toMatch(/line 4: speaker/);
  });

  it('a named character must speak in the dialogue', async () => {
    const lines = parseAnnotatedDialogue(FILE, 'd.jsonl');
    await expect(
      profileFromDialogue({ model: scriptedModel() }, { lines, character: 'Nobody' }),
    ).rejects.toThrow(/no line is spoken by Nobody/);
  });
});
