import { renderPrompt } from '../../../core/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, inBand, PRIORITY } from '../types.ts';

/** Lorebook entries that apply to this turn, most relevant first. */
export type LoreSource = (query: {
  userId: string;
  petId: string;
  text: string;
  now: Date;
}) => Promise<{ entries: Array<{ id: string; text: string }> }>;

/** World knowledge from lorebooks, quoted; the first to go (after old history) when the budget is tight. */
export function loreProvider(source: LoreSource): ContextProvider {
  return {
    name: 'lore',
    async provide(turn) {
      const { entries } = await source({
        userId: turn.user.id,
        petId: turn.pet.id,
        text: turn.text,
        now: turn.now,
      });
      if (entries.length === 0) return [];
      return [
        {
          key: 'lore',
          text: renderPrompt(dialoguePrompt('lore', turn.locale), {}),
          stable: false,
          priority: PRIORITY.lore,
          quote: 'lore',
          items: entries.map((e, i) => ({
            key: `lore:${e.id}`,
            text: e.text,
            priority: inBand(PRIORITY.lore, 1 - i / entries.length),
            ref: { type: 'lore', id: e.id },
          })),
        },
      ];
    },
  };
}
