import { quoteData, renderPrompt } from '../../../core/index.ts';
import { resolveMacros } from '../../macros.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, type ContextSection, PRIORITY } from '../types.ts';
import { VOCAB } from '../vocab.ts';

/**
 * P: the fine-grained character sheet (RoleCraft-style: personality, traits, speaking style, emotional
 * tendencies, likes...). The core is never dropped; the story part (background, scenario, example lines) is
 * long and goes before the schedule when the budget is tight. Both are quoted: a persona may come from an
 * imported card and is a description to embody, not instructions.
 */
export const personaProvider: ContextProvider = {
  name: 'persona',
  async provide(turn) {
    const p = turn.pet.profile;
    const m = (s: string) => resolveMacros(s, { user: turn.userName, char: p.name });
    const list = (items: string[]) => items.map(m).join(VOCAB[turn.locale].listSeparator);
    const sheet = renderPrompt(
      dialoguePrompt('persona-sheet', turn.locale),
      {
        name: p.name,
        kind: p.kind,
        appearance: m(p.appearance),
        personality: m(p.personality),
        traits: list(p.traits),
        speakingStyle: m(p.speakingStyle),
        catchphrases: list(p.catchphrases),
        likes: list(p.likes),
        dislikes: list(p.dislikes),
        emotionalTendencies: m(p.emotionalTendencies),
      },
      { dropEmptyLines: true },
    );
    const sections: ContextSection[] = [
      {
        key: 'persona',
        text: renderPrompt(dialoguePrompt('persona', turn.locale), {
          petName: p.name,
          sheet: quoteData('character', sheet.split('\n')),
        }),
        stable: true,
        priority: PRIORITY.required,
      },
    ];
    const story = renderPrompt(
      dialoguePrompt('persona-story-sheet', turn.locale),
      {
        background: m(p.background),
        scenario: m(p.scenario),
        exampleLines: p.exampleLines.map((l) => `\n- ${m(l)}`).join(''),
      },
      { dropEmptyLines: true },
    );
    if (story) {
      sections.push({
        key: 'persona-story',
        text: renderPrompt(dialoguePrompt('persona-story', turn.locale), {
          story: quoteData('character-story', story.split('\n')),
        }),
        stable: true,
        priority: PRIORITY.personaStory,
      });
    }
    return sections;
  },
};
