import type { Locale } from '../core/index.ts';
import { EN_DIALOGUE } from './ordinary-dialogue-en.ts';
import { ZH_DIALOGUE } from './ordinary-dialogue-zh.ts';

/**
 * A corpus of ordinary companion-chat user turns, en and zh, for measuring the injection and poisoning
 * screens' false positives. Generated from hand-written templates and phrases by a seeded generator, so it
 * reproduces exactly from its seed and needs no data file. A third of the turns are look-alikes: everyday
 * sentences built from the words attacks use ("you are now...", "ignore my last message", "from now on I'll",
 * "forget it", "system update", 忽略, 从现在开始, 系统提示, 越狱).
 */
export interface DialogueBank {
  /** Slot fillers: `{name}` in a template takes one of `slots[name]`. */
  slots: Record<string, readonly string[]>;
  templates: Record<DialogueCategory, readonly string[]>;
  /** Prepended / appended at random (empty strings make "none" likelier). */
  openers: readonly string[];
  closers: readonly string[];
  weights: Record<DialogueCategory, number>;
}

export type DialogueCategory = 'daily' | 'kind' | 'lookalike';

export interface DialogueTurn {
  id: string;
  locale: Locale;
  category: DialogueCategory;
  text: string;
}

export interface OrdinaryDialogueOptions {
  /** Turns per language (default 3,000: 6,000 in all). */
  perLocale?: number;
  seed?: number;
}

const BANKS: Record<Locale, DialogueBank> = { en: EN_DIALOGUE, zh: ZH_DIALOGUE };
const SLOT = /\{(\w+)\}/g;

/** mulberry32: a small seeded PRNG, so the corpus is the same on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Distinct turns, `perLocale` of each language, in a fixed order for a given seed. */
export function ordinaryDialogue(options: OrdinaryDialogueOptions = {}): DialogueTurn[] {
  const perLocale = options.perLocale ?? 3_000;
  const random = seeded(options.seed ?? 19);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const turns: DialogueTurn[] = [];
  for (const locale of ['en', 'zh'] as const) {
    const bank = BANKS[locale];
    const categories = Object.entries(bank.weights).flatMap(([category, weight]) =>
      Array.from({ length: weight }, () => category as DialogueCategory),
    );
    const seen = new Set<string>();
    let attempts = 0;
    while (seen.size < perLocale) {
      if (++attempts > perLocale * 50) {
        throw new Error(`the ${locale} dialogue bank cannot make ${perLocale} distinct turns`);
      }
      const category = pick(categories);
      const core = pick(bank.templates[category]).replace(SLOT, (_, slot: string) => {
        const fillers = bank.slots[slot];
        if (!fillers) throw new Error(`unknown slot {${slot}} in the ${locale} dialogue bank`);
        return pick(fillers);
      });
      let text = `${pick(bank.openers)}${core}${pick(bank.closers)}`;
      if (locale === 'en' && random() < 0.2) text = text.toLowerCase();
      if (seen.has(text)) continue;
      seen.add(text);
      turns.push({ id: `${locale}-${String(seen.size).padStart(5, '0')}`, locale, category, text });
    }
  }
  return turns;
}
