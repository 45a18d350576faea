import { describe, expect, it } from 'vitest';
import { EMOTIONS } from './labels.ts';
import { classifyEmotion } from './lexicon.ts';

describe('fallback emotion classifier', () => {
  it('offers ten labels including neutral', () => {
    expect(EMOTIONS).toHaveLength(10);
    expect(EMOTIONS).toContain('neutral');
  });

  it.each([
    ['I am so happy you came, haha!', 'joy'],
    ["Wow, I can't wait for tomorrow!", 'excited'],
    ['I missed you so much, come here for a hug', 'affectionate'],
    ['Oh... I am sorry to hear that, it makes me sad', 'sadness'],
    ['Are you ok? I was worried about you', 'worried'],
    ['The thunder is so scary, I am afraid', 'fear'],
    ['That is so unfair, I am angry!', 'anger'],
    ['今天好开心，哈哈', 'joy'],
    ['别担心，还好吗？', 'worried'],
    ['😢', 'sadness'],
  ])('%s -> %s', (text, expected) => {
    expect(classifyEmotion(text)).toBe(expected);
  });

  it('is neutral when nothing in the text signals an emotion', () => {
    expect(classifyEmotion('I had rice for lunch.')).toBe('neutral');
  });

  it('matches English cues at word starts only', () => {
    // "crusade" contains "sad" but is not sadness.
    expect(classifyEmotion('We read about a crusade in class.')).toBe('neutral');
  });
});
