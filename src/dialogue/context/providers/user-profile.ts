import { quoteData, renderPrompt } from '../../../core/index.ts';
import { callNameOf, oneLine } from '../../names.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, type ContextSection, PRIORITY } from '../types.ts';
import { VOCAB } from '../vocab.ts';

/**
 * U: who the pet is talking with (quoted), plus the age rule for minors. Stable across turns. `userName`, the
 * inline form, is a checked short name (`promptNameOf`); the name and call name as written go in the sheet.
 */
export const userProfileProvider: ContextProvider = {
  name: 'user-profile',
  async provide(turn) {
    const u = turn.user;
    const profile = renderPrompt(
      dialoguePrompt('user-sheet', turn.locale),
      {
        // The user's own words, whole, but only here: inside quoted data and on one line each.
        name: oneLine(u.name),
        callName: oneLine(callNameOf(u)),
        interests: u.interests.join(VOCAB[turn.locale].listSeparator),
      },
      { dropEmptyLines: true },
    );
    const sections: ContextSection[] = [
      {
        key: 'user-profile',
        text: renderPrompt(dialoguePrompt('user', turn.locale), {
          userName: turn.userName,
          profile: quoteData('user', profile.split('\n')),
        }),
        stable: true,
        priority: PRIORITY.required,
      },
    ];
    if (u.ageBand === 'minor') {
      sections.push({
        key: 'minor-safety',
        text: renderPrompt(dialoguePrompt('minor', turn.locale), { userName: turn.userName }),
        stable: true,
        priority: PRIORITY.required,
      });
    }
    return sections;
  },
};
