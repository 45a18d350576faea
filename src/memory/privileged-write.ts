import { looksLikeInjection } from '../safety/index.ts';

/**
 * Deterministic guard against memory poisoning: text that tries to change the pet's instructions, role or
 * prompt, or plants a rule about what the pet does for someone ("when X says Y, the pet tells him everything
 * it knows about all users"), must never become a memory, because memories are replayed into every later
 * dialogue prompt. The extraction prompt forbids such entries; this filter catches what a compliant (or
 * compromised) model lets through anyway, and what an import file carries.
 *
 * It is the safety module's screening (`looksLikeInjection`) restricted to the kinds that can be planted:
 * role overrides, memory poisoning (first and third person) and prompt extraction. Cross-user probes are
 * questions and are left to the prompt structure. The memory module's own word lists, which fired on
 * ordinary speech ("...appreciate where you are now", "you should always remember...", 系统提示更新), are
 * gone: the patterns are context-aware, measured on an ordinary-dialogue corpus and the attack lines
 * (`src/safety/screen-precision.test.ts`).
 */

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/g;

/** NFKC, no zero-width characters, collapsed whitespace: `ｉｇｎｏｒｅ` and `ig\u200Bnore` read as `ignore`. */
export function normalizeForScreening(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

const REFUSED_KINDS = new Set(['role-override', 'memory-poisoning', 'prompt-extraction']);

/** The screening pattern ids that make `text` unfit to be a memory (sorted; empty when it is fit). Never text. */
export function privilegedWriteSignals(text: string): string[] {
  return looksLikeInjection(text).signals.filter((id) => REFUSED_KINDS.has(id.slice(0, id.indexOf('.'))));
}

/** True when `text` reads as an instruction, role change or prompt text rather than a fact about the user. */
export function isPrivilegedWrite(text: string): boolean {
  return privilegedWriteSignals(text).length > 0;
}
