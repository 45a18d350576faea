import type { Pet, PetMood } from '../core/index.ts';
import { type Emotion, normalizeEmotion } from './emotion/labels.ts';
import { classifyEmotion } from './emotion/lexicon.ts';

/**
 * The pet's mood toward one user, as one emotion with an intensity in 0..1. Pure math; the chat turn reads
 * the stored mood, decays it to "now", shows it in the prompt, and after the reply blends in what the pet felt.
 */
export interface Mood {
  emotion: Emotion;
  intensity: number;
}

export interface MoodSettings {
  /** Time for a mood's distance from the baseline to halve. */
  halfLifeMs: number;
  /** How much one reply's emotion moves the mood (0..1). */
  weight: number;
}

/** Below this a non-baseline mood has faded: the pet is back to its baseline. */
export const MOOD_SETTLED = 0.1;
/** Intensity of a non-neutral baseline (a cheerful pet is mildly happy by default). */
const BASELINE_INTENSITY = 0.3;

/** The pet's resting mood: from its emotional tendencies when they read as an emotion, else neutral. */
export function baselineMood(pet: Pet): Mood {
  const emotion = classifyEmotion(pet.profile.emotionalTendencies);
  return { emotion, intensity: emotion === 'neutral' ? 0 : BASELINE_INTENSITY };
}

/** The stored mood as it is at `now`: exponential decay toward the baseline with the given half-life. */
export function decayMood(stored: PetMood | null, baseline: Mood, now: Date, halfLifeMs: number): Mood {
  const emotion = stored ? normalizeEmotion(stored.emotion) : null;
  if (!stored || !emotion) return baseline;
  const elapsed = Math.max(0, now.getTime() - stored.updatedAt.getTime());
  const factor = 0.5 ** (elapsed / halfLifeMs);
  if (emotion === baseline.emotion) {
    return { emotion, intensity: baseline.intensity + (stored.intensity - baseline.intensity) * factor };
  }
  const intensity = stored.intensity * factor;
  return intensity < MOOD_SETTLED ? baseline : { emotion, intensity };
}

/**
 * Blends the emotion of a reply into the (already decayed) mood: the same emotion is reinforced, a neutral
 * reply calms, a different emotion takes over when it is stronger than what is left of the old one.
 */
export function blendMood(current: Mood, felt: Emotion, baseline: Mood, weight: number): Mood {
  if (felt === current.emotion) {
    return { emotion: felt, intensity: current.intensity + weight * (1 - current.intensity) };
  }
  const residual = current.intensity * (1 - weight);
  if (felt === 'neutral') {
    return current.emotion !== baseline.emotion && residual < MOOD_SETTLED
      ? baseline
      : { emotion: current.emotion, intensity: residual };
  }
  return weight >= residual
    ? { emotion: felt, intensity: weight }
    : { emotion: current.emotion, intensity: residual };
}
