import { localDate, localTime, renderPrompt, weekday } from '../../../core/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, PRIORITY } from '../types.ts';

/** The user's local date, weekday and time (from the injected clock, in the user's timezone). */
export const nowProvider: ContextProvider = {
  name: 'now',
  async provide(turn) {
    const tz = turn.user.timezone;
    const date = localDate(turn.now, tz);
    const text = renderPrompt(dialoguePrompt('now', turn.locale), {
      weekday: weekday(date, turn.locale),
      date,
      time: localTime(turn.now, tz),
      timezone: tz,
      userName: turn.userName,
    });
    return [{ key: 'now', text, stable: false, priority: PRIORITY.required }];
  },
};
