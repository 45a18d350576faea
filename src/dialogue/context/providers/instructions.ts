import { renderPrompt } from '../../../core/index.ts';
import { EMOTIONS } from '../../emotion/labels.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, PRIORITY } from '../types.ts';

/**
 * I_R: how to play the pet, how to treat quoted data, which language to answer in, and the emotion label
 * to begin every reply with (the sentence the simulator and the tag parser rely on is in the prompt file).
 */
export const instructionsProvider: ContextProvider = {
  name: 'instructions',
  async provide(turn) {
    const text = renderPrompt(dialoguePrompt('instructions', turn.locale), {
      petName: turn.pet.profile.name,
      userName: turn.userName,
      emotionLabels: EMOTIONS.join(', '),
    });
    return [{ key: 'instructions', text, stable: true, priority: PRIORITY.required }];
  },
};
