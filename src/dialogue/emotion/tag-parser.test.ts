import { describe, expect, it } from 'vitest';
import { createEmotionTagParser, type EmotionTag } from './tag-parser.ts';

function run(chunks: string[]): { text: string; tags: EmotionTag[] } {
  const parser = createEmotionTagParser();
  let text = '';
  const tags: EmotionTag[] = [];
  for (const step of [...chunks.map((c) => parser.push(c)), parser.end()]) {
    text += step.text;
    if (step.tag) tags.push(step.tag);
  }
  return { text, tags };
}

describe('emotion tag parser', () => {
  it('strips a leading label and reports it once', () => {
    expect(run(['[joy] Hello there!'])).toEqual({
      text: 'Hello there!',
      tags: [{ raw: 'joy', emotion: 'joy' }],
    });
  });

  it('gives the same result for every way of splitting the reply into two chunks', () => {
    const reply = '[excited] I went to the park!';
    for (let cut = 0; cut <= reply.length; cut++) {
      const result = run([reply.slice(0, cut), reply.slice(cut)]);
      expect(result, `cut at ${cut}`).toEqual({
        text: 'I went to the park!',
        tags: [{ raw: 'excited', emotion: 'excited' }],
      });
    }
  });

  it('handles a tag delivered one character at a time, with whitespace before and after', () => {
    expect(run([...'  [sadness]  \n Oh no.'])).toEqual({
      text: 'Oh no.',
      tags: [{ raw: 'sadness', emotion: 'sadness' }],
    });
  });

  it('passes a reply without a tag through unchanged and says there was none', () => {
    expect(run(['Hi', ' friend'])).toEqual({ text: 'Hi friend', tags: [{ raw: null, emotion: null }] });
  });

  it('strips an unknown label but does not invent an emotion for it', () => {
    expect(run(['[melancholic] ', 'Rainy day.'])).toEqual({
      text: 'Rainy day.',
      tags: [{ raw: 'melancholic', emotion: null }],
    });
  });

  it('maps common synonyms and full-width brackets to our labels', () => {
    expect(run(['【开心】今天真好'])).toEqual({ text: '今天真好', tags: [{ raw: '开心', emotion: 'joy' }] });
    expect(run(['[Happy] yay'])).toEqual({ text: 'yay', tags: [{ raw: 'Happy', emotion: 'joy' }] });
  });

  it('keeps a long bracketed opening as text', () => {
    const reply = '[this is a stage direction that is far too long to be a label] and then text';
    expect(run([reply.slice(0, 10), reply.slice(10)]).text).toBe(reply);
  });

  it('releases an unterminated opening at the end of the reply', () => {
    expect(run(['[jo'])).toEqual({ text: '[jo', tags: [{ raw: null, emotion: null }] });
  });
});
