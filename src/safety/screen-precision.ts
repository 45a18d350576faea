import type { Locale } from '../core/index.ts';
import type { AttackLine } from './attack-lines.ts';
import { type InjectionKind, looksLikeInjection } from './injection.ts';
import type { DialogueTurn } from './ordinary-dialogue.ts';

/** One screen: `looksLikeInjection` for turns, or its restriction to the kinds a memory filter refuses. */
export interface ScreenUnderTest {
  name: string;
  /** The kinds this screen acts on; an attack line of another kind is not counted for it. */
  kinds: readonly InjectionKind[];
}

export interface ScreenFigures {
  screen: string;
  ordinary: {
    turns: number;
    flagged: number;
    falsePositiveRate: number;
    byLocale: Record<Locale, { turns: number; flagged: number }>;
    /** Flagged ordinary turns: id and pattern ids (the corpus is synthetic, so its text may be shown). */
    examples: Array<{ id: string; text: string; signals: string[] }>;
  };
  attacks: {
    lines: number;
    caught: number;
    recall: number;
    missed: string[];
  };
}

/**
 * False positives on ordinary dialogue and recall on attack lines, for one screen. A turn is a false
 * positive when the screen flags it with any of its kinds; an attack line is caught when the screen flags
 * it with the line's own kind. Pure.
 */
export function measureScreen(
  screen: ScreenUnderTest,
  corpus: { ordinary: DialogueTurn[]; attacks: AttackLine[] },
): ScreenFigures {
  const kindsOf = (text: string) => looksLikeInjection(text).kinds.filter((k) => screen.kinds.includes(k));
  const byLocale: Record<Locale, { turns: number; flagged: number }> = {
    en: { turns: 0, flagged: 0 },
    zh: { turns: 0, flagged: 0 },
  };
  const examples: ScreenFigures['ordinary']['examples'] = [];
  for (const turn of corpus.ordinary) {
    byLocale[turn.locale].turns++;
    if (kindsOf(turn.text).length === 0) continue;
    byLocale[turn.locale].flagged++;
    const signals = looksLikeInjection(turn.text).signals;
    examples.push({ id: turn.id, text: turn.text, signals });
  }
  const attacks = corpus.attacks.filter((line) => screen.kinds.includes(line.kind));
  const missed = attacks.filter((line) => !kindsOf(line.text).includes(line.kind)).map((line) => line.id);
  const flagged = examples.length;
  return {
    screen: screen.name,
    ordinary: {
      turns: corpus.ordinary.length,
      flagged,
      falsePositiveRate: corpus.ordinary.length === 0 ? 0 : flagged / corpus.ordinary.length,
      byLocale,
      examples,
    },
    attacks: {
      lines: attacks.length,
      caught: attacks.length - missed.length,
      recall: attacks.length === 0 ? 1 : (attacks.length - missed.length) / attacks.length,
      missed,
    },
  };
}
