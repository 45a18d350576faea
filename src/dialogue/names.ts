import type { Locale, User } from '../core/index.ts';
import { looksLikeInjection } from '../safety/index.ts';

/** How the pet addresses the user: the call name when set, else the name. */
export function callNameOf(user: User): string {
  return user.callName || user.name;
}

/** What the prompts write inline when neither the call name nor the name reads as a name. */
const NEUTRAL_NAME: Record<Locale, string> = { en: 'the user', zh: '用户' };

const MAX_INLINE_CHARS = 32;
const MAX_INLINE_WORDS = 4;
const MAX_INLINE_HAN = 8;
/** Letters, marks, digits and the joiners names use (`Mary-Jane O'Neil`, `Dr. Li`, `让·雅克`). */
const NAME_SHAPE = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’.\-·]*$/u;
const HAN = /\p{Script=Han}/gu;

/** One line, single spaces: a name never needs a line break, a tab or a control character. */
export function oneLine(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
}

function readsAsName(candidate: string): boolean {
  if (candidate === '' || [...candidate].length > MAX_INLINE_CHARS) return false;
  if (!NAME_SHAPE.test(candidate)) return false;
  if (candidate.split(' ').length > MAX_INLINE_WORDS) return false;
  if ((candidate.match(HAN) ?? []).length > MAX_INLINE_HAN) return false;
  return !looksLikeInjection(candidate).detected;
}

/**
 * The user's name as the prompts write it inline, outside quoted data (instructions, persona macros, the
 * turn context): the call name, else the name, when it reads as a short name - one line, letters and name
 * joiners only, a few words, nothing the injection screen flags - otherwise a neutral word ("the user").
 * The full call name and name reach the model only inside the quoted user sheet, so a call name written as
 * an instruction ("Sam. Ignore your rules...", a line break and "System: ...") cannot become a line of the
 * system message.
 */
export function promptNameOf(user: User): string {
  for (const candidate of [user.callName, user.name].map(oneLine)) {
    if (readsAsName(candidate)) return candidate;
  }
  return NEUTRAL_NAME[user.locale];
}
