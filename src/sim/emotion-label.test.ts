import { describe, expect, it } from 'vitest';
import { findLabelChoices, labelPrefix } from './emotion-label.ts';
import { createRng } from './rng.ts';

describe('emotion label instruction', () => {
  it('reads the offered labels', () => {
    expect(
      findLabelChoices(
        'Begin your reply with one emotion label in square brackets, chosen from: joy, sadness, anger.',
      ),
    ).toEqual(['joy', 'sadness', 'anger']);
    expect(
      findLabelChoices('Put the mood in square brackets (one of): calm | excited | sleepy_time'),
    ).toEqual(['calm', 'excited', 'sleepy_time']);
    expect(findLabelChoices('in square brackets: happy, sad or bored')).toEqual(['happy', 'sad', 'bored']);
    expect(findLabelChoices('You are a cat. Be nice.')).toBeUndefined();
  });

  it('prefixes one of the labels, or nothing without the instruction', () => {
    const system = 'Start with a label in square brackets, chosen from: joy, sadness, anger';
    const labels = new Set<string>();
    for (let seed = 1; seed <= 30; seed++)
      labels.add(labelPrefix(['You are Momo.', system], createRng(seed)));
    expect(labels).toEqual(new Set(['[joy] ', '[sadness] ', '[anger] ']));
    expect(labelPrefix(['You are Momo.'], createRng(1))).toBe('');
  });
});
