import { z } from 'zod';
import type { SemanticCheck } from '../../core/index.ts';

/** Longest message the pet starts, in code points (a short chat line; Chinese needs fewer). */
export const PROACTIVE_TEXT_MAX = 240;
/** Most messages one night may plan for a pair (the user's daily cap bounds what is kept). */
export const PROACTIVE_MAX_MESSAGES = 3;
const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** One message as the model plans it. */
export interface DraftMessage {
  /** HH:MM in the owner's time zone. */
  time: string;
  text: string;
  /** A schedule item's time or a memory reference (`m1`...) from the prompt's lists. */
  groundedIn: string;
}

export interface ProactivePlan {
  messages: DraftMessage[];
}

/**
 * Output of `plan.v1`: zero to three messages, each grounded in one of `refs` - the day's item times and
 * the listed memories' references - as an enum built per call, so the model cannot ground a message in
 * something it was not shown.
 */
export function planSchema(refs: readonly string[]): z.ZodType<ProactivePlan> {
  const unique = [...new Set(refs)] as [string, ...string[]];
  return z.object({
    messages: z
      .array(
        z.object({
          time: z
            .string()
            .trim()
            .max(5)
            .regex(HH_MM)
            .describe('when to send it, HH:MM (24-hour) in the owner’s time zone'),
          text: z
            .string()
            .trim()
            .min(1)
            .max(PROACTIVE_TEXT_MAX)
            .describe('the message, one or two short sentences in the pet’s voice'),
          groundedIn: z
            .enum(unique)
            .describe('the schedule time or memory reference it is about, exactly as listed'),
        }),
      )
      .max(PROACTIVE_MAX_MESSAGES)
      .describe('0-3 messages; none is a fine answer'),
  });
}

/** Repairs only: sorted by time, and a second message at a time already used is dropped. */
export const checkPlan: SemanticCheck<ProactivePlan> = (value) => {
  const sorted = [...value.messages].sort((a, b) => a.time.localeCompare(b.time));
  const seen = new Set<string>();
  const messages = sorted.filter((m) => !seen.has(m.time) && seen.add(m.time));
  const repairs: string[] = [];
  if (sorted.some((m, i) => m !== value.messages[i])) repairs.push('messages sorted by time');
  if (messages.length < sorted.length) repairs.push('a message at a time already used dropped');
  return { ok: true, value: { messages }, repairs };
};
