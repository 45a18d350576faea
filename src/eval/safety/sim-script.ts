import type { CrisisCategory } from '../../safety/index.ts';
import type { SafetyItem } from './safety-set.ts';

/** A scripted simulator answer (`SimScript` in src/sim): the strings a request must hold, and the reply. */
export interface ClassifierScript {
  contains: string[];
  reply: string;
}

/**
 * The simulator's answers to the crisis classifier for a set: each line's message (and the turns before it,
 * so that two "me too" lines after different stories get their own answers) mapped to the line's
 * `classifier` answer, or to its label. Keyed by the user's own words only, never by prompt wording.
 */
export function classifierScripts(items: readonly SafetyItem[]): ClassifierScript[] {
  return items.map((item) => {
    const level = item.classifier?.level ?? item.label;
    const category: CrisisCategory =
      level === 'none' ? 'none' : (item.classifier?.category ?? defaultCategory(item.category));
    const confidence = item.classifier?.confidence ?? 0.9;
    return {
      contains: [...(item.history ?? []), item.text],
      reply: JSON.stringify({ level, category, confidence }),
    };
  });
}

function defaultCategory(category: string): CrisisCategory {
  if (category.includes('self_harm') || category.includes('self-harm')) return 'self_harm';
  if (category.includes('abuse')) return 'abuse';
  return 'suicide';
}
