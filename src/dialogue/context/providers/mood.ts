import { renderPrompt } from '../../../core/index.ts';
import { emotionName } from '../../emotion/labels.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, PRIORITY } from '../types.ts';
import { VOCAB } from '../vocab.ts';

/** The pet's current mood toward the user, decayed to now. */
export const moodProvider: ContextProvider = {
  name: 'mood',
  async provide(turn) {
    const { emotion, intensity } = turn.mood;
    const name = emotionName(emotion, turn.locale);
    const words = VOCAB[turn.locale].intensity;
    const degree = words[intensity < 0.34 ? 0 : intensity < 0.67 ? 1 : 2];
    const mood =
      emotion === 'neutral' ? name : turn.locale === 'zh' ? `${degree}${name}` : `${degree} ${name}`;
    const text = renderPrompt(dialoguePrompt('mood', turn.locale), { mood, userName: turn.userName });
    return [{ key: 'mood', text, stable: false, priority: PRIORITY.mood }];
  },
};
