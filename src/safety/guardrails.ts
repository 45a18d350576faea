import type { AgeBand, Locale } from '../core/index.ts';
import { loadPrompt } from '../core/index.ts';

const PROMPTS = new URL('./prompts/', import.meta.url);
export const GUARDRAILS_PROMPT_VERSION = 'v1';

/**
 * Instruction lines the dialogue prompt includes on every turn (`guardrails.v1.<locale>.md`, plus
 * `guardrails-minor.v1.<locale>.md` for minors): the pet is an AI, makes no exclusivity or therapist
 * claims, encourages real-world relationships; no romantic or sexual content with minors. An `unknown` age
 * band gets the adult lines: the dialogue's own rules already forbid sexual content for everyone.
 */
export function personaGuardrails(ageBand: AgeBand, locale: Locale): string[] {
  const names = ageBand === 'minor' ? ['guardrails', 'guardrails-minor'] : ['guardrails'];
  return names.flatMap((name) => lines(loadPrompt(PROMPTS, name, GUARDRAILS_PROMPT_VERSION, locale).text));
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*-\s*/, '').trim())
    .filter((line) => line.length > 0);
}
