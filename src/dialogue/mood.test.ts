import { describe, expect, it } from 'vitest';
import type { Pet } from '../core/index.ts';
import { petProfileSchema } from '../core/index.ts';
import { baselineMood, blendMood, decayMood, MOOD_SETTLED } from './mood.ts';

const HOUR = 3_600_000;
const t0 = new Date('2025-03-04T12:00:00Z');
const neutral = { emotion: 'neutral' as const, intensity: 0 };
const stored = (emotion: string, intensity: number, at = t0) => ({
  petId: 'pet_1',
  userId: 'usr_1',
  emotion,
  intensity,
  updatedAt: at,
});
const later = (ms: number) => new Date(t0.getTime() + ms);

function pet(emotionalTendencies: string): Pet {
  const profile = petProfileSchema.parse({ name: 'Mochi', kind: 'cat', emotionalTendencies });
  return { id: 'pet_1', ownerId: 'usr_1', profile, extensions: {}, createdAt: t0, updatedAt: t0 };
}

describe('mood decay', () => {
  it('halves the intensity every half-life', () => {
    expect(decayMood(stored('joy', 0.8), neutral, later(6 * HOUR), 6 * HOUR)).toEqual({
      emotion: 'joy',
      intensity: 0.4,
    });
    expect(decayMood(stored('joy', 0.8), neutral, later(12 * HOUR), 6 * HOUR).intensity).toBeCloseTo(0.2);
  });

  it('is unchanged when no time passed, and never grows when the clock goes backwards', () => {
    expect(decayMood(stored('anger', 0.7), neutral, t0, HOUR)).toEqual({ emotion: 'anger', intensity: 0.7 });
    expect(decayMood(stored('anger', 0.7), neutral, later(-HOUR), HOUR).intensity).toBe(0.7);
  });

  it('settles back to the baseline once the feeling has faded', () => {
    const faded = decayMood(stored('sadness', 0.8), neutral, later(4 * HOUR), HOUR);
    expect(0.8 / 16).toBeLessThan(MOOD_SETTLED);
    expect(faded).toEqual(neutral);
  });

  it('drifts toward a non-neutral baseline rather than to zero', () => {
    const cheerful = baselineMood(pet('Cheerful and happy, laughs easily'));
    expect(cheerful).toEqual({ emotion: 'joy', intensity: 0.3 });
    const mood = decayMood(stored('joy', 0.9), cheerful, later(HOUR), HOUR);
    expect(mood.intensity).toBeCloseTo(0.3 + 0.6 / 2);
    expect(decayMood(stored('joy', 0.9), cheerful, later(100 * HOUR), HOUR).intensity).toBeCloseTo(0.3);
  });

  it('uses the baseline when there is no stored mood or its label is unknown', () => {
    expect(decayMood(null, neutral, t0, HOUR)).toEqual(neutral);
    expect(decayMood(stored('bamboozled', 0.9), neutral, t0, HOUR)).toEqual(neutral);
  });
});

describe('mood blending', () => {
  it('reinforces a repeated emotion toward 1', () => {
    expect(blendMood({ emotion: 'joy', intensity: 0.5 }, 'joy', neutral, 0.5)).toEqual({
      emotion: 'joy',
      intensity: 0.75,
    });
  });

  it('lets a new emotion take over a weaker residue', () => {
    expect(blendMood({ emotion: 'joy', intensity: 0.6 }, 'sadness', neutral, 0.5)).toEqual({
      emotion: 'sadness',
      intensity: 0.5,
    });
  });

  it('keeps a strong mood when a light emotion passes', () => {
    expect(blendMood({ emotion: 'anger', intensity: 1 }, 'joy', neutral, 0.2)).toEqual({
      emotion: 'anger',
      intensity: 0.8,
    });
  });

  it('calms down on a neutral reply, back to baseline when little is left', () => {
    expect(blendMood({ emotion: 'fear', intensity: 0.6 }, 'neutral', neutral, 0.5)).toEqual({
      emotion: 'fear',
      intensity: 0.3,
    });
    expect(blendMood({ emotion: 'fear', intensity: 0.15 }, 'neutral', neutral, 0.5)).toEqual(neutral);
  });
});
