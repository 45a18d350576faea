import { renderPrompt } from '../../../core/index.ts';
import { personaGuardrails } from '../../../safety/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, PRIORITY } from '../types.ts';

/**
 * The safety module's persona guardrails (AI, not a human; no exclusivity, therapist claims or discouraging
 * real relationships; for minors, no romance or sexual content), right after the instructions in the stable
 * system message. Never dropped; user text never reaches this part.
 */
export const guardrailsProvider: ContextProvider = {
  name: 'guardrails',
  async provide(turn) {
    const rules = personaGuardrails(turn.user.ageBand, turn.locale).map((line) => `- ${line}`);
    return [
      {
        key: 'guardrails',
        text: renderPrompt(dialoguePrompt('guardrails', turn.locale), { rules: rules.join('\n') }),
        stable: true,
        priority: PRIORITY.required,
      },
    ];
  },
};
