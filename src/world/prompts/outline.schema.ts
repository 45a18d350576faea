import { z } from 'zod';
import type { SemanticCheck } from '../../core/index.ts';
import { modelBounds } from '../../core/index.ts';

/** Output of `outline.v1`: T1, the frame of the day. */
export interface DayOutline {
  mood: string;
  themes: string[];
  /** Names of the pet's friends it meets today; always names from its friend list. */
  meets: string[];
  threads: string[];
  summary: string;
}

const line = (max: number) => z.string().trim().min(1).max(max);

/** `meets` is an enum of the pet's friends' names, so the model cannot invent a friend. */
export function meetsSchema(friendNames: readonly string[]) {
  if (friendNames.length === 0) {
    const none = modelBounds(z.string(), { maxLength: 40 });
    return z.array(none).max(0).describe('always empty: the pet has no named friends');
  }
  const names = [...new Set(friendNames)] as [string, ...string[]];
  return modelBounds(z.array(z.enum(names)).max(Math.min(3, names.length)), { uniqueItems: true }).describe(
    'names of the friends the pet meets today (0-3), exactly as listed',
  );
}

export function outlineFields(friendNames: readonly string[]) {
  return {
    mood: line(120).describe("the pet's mood today, a few words"),
    themes: z.array(line(120)).min(1).max(3).describe('1-3 themes running through the day, a few words each'),
    meets: meetsSchema(friendNames),
    threads: z
      .array(line(400))
      .min(1)
      .max(2)
      .describe('1-2 small storylines that make the day interesting, one sentence each'),
    summary: line(1200).describe('the day in 2-4 sentences'),
  };
}

export function outlineSchema(friendNames: readonly string[]): z.ZodType<DayOutline> {
  return z.object(outlineFields(friendNames));
}

/** Repairs only: a friend named twice is kept once (the schema says `uniqueItems`; the parse does not). */
export const checkOutline: SemanticCheck<DayOutline> = (value) => {
  const meets = [...new Set(value.meets)];
  const repairs = meets.length < value.meets.length ? ['a friend named twice in meets kept once'] : [];
  return { ok: true, value: { ...value, meets }, repairs };
};
