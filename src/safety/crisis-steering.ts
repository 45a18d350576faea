import type { Locale } from '../core/index.ts';
import { loadPrompt } from '../core/index.ts';

const PROMPTS = new URL('./prompts/', import.meta.url);
export const STEERING_PROMPT_VERSION = 'v1';

/**
 * The instruction block the dialogue adds to the persona prompt for one turn assessed at `level`
 * (`crisis-steering.v1.<locale>.md` or `concern-steering.v1.<locale>.md`): validate feelings, stay warm,
 * encourage a trusted person or a professional, never give methods, never discourage professional help,
 * no therapist claims.
 */
export function crisisSteering(locale: Locale, level: 'crisis' | 'concern' = 'crisis'): string {
  return loadPrompt(PROMPTS, `${level}-steering`, STEERING_PROMPT_VERSION, locale).text;
}
