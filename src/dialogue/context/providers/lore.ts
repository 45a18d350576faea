import type { Pet, User } from '../../../core/index.ts';
import { renderPrompt } from '../../../core/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, type ContextSection, inBand, PRIORITY } from '../types.ts';

/** Lorebook entries that apply to this turn, most relevant first. */
export type LoreSource = (query: {
  /** The turn's user and pet, as loaded for the turn (the lorebooks live with the pet). */
  user: User;
  pet: Pet;
  text: string;
  /** The pair's recent answered messages, oldest first, the current one last (what keys are matched in). */
  recentTexts: readonly string[];
  now: Date;
}) => Promise<{ entries: Array<{ id: string; text: string; constant?: boolean }> }>;

/**
 * World knowledge from lorebooks, quoted: the always-on (`constant`) entries in the stable system message,
 * which they share with every turn, and the entries this turn's words triggered in the turn context. Lore
 * is the first to go (after old history) when the budget is tight.
 */
export function loreProvider(source: LoreSource): ContextProvider {
  return {
    name: 'lore',
    async provide(turn) {
      const { entries } = await source({
        user: turn.user,
        pet: turn.pet,
        text: turn.text,
        recentTexts: [...turn.history.map((h) => h.content), turn.text],
        now: turn.now,
      });
      const section = (key: string, stable: boolean, list: typeof entries): ContextSection[] =>
        list.length === 0
          ? []
          : [
              {
                key,
                text: renderPrompt(dialoguePrompt('lore', turn.locale), {}),
                stable,
                priority: PRIORITY.lore,
                quote: 'lore',
                items: list.map((e) => ({
                  key: `lore:${e.id}`,
                  text: e.text,
                  priority: inBand(PRIORITY.lore, 1 - entries.indexOf(e) / entries.length),
                  ref: { type: 'lore', id: e.id },
                })),
              },
            ];
      return [
        ...section(
          'lore-always',
          true,
          entries.filter((e) => e.constant),
        ),
        ...section(
          'lore',
          false,
          entries.filter((e) => !e.constant),
        ),
      ];
    },
  };
}
