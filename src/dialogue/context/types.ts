import type { Locale, MemorySubject, Pet, User } from '../../core/index.ts';
import type { Mood } from '../mood.ts';

/** A stored message of the pair, as history H. */
export interface HistoryEntry {
  id: string;
  role: 'user' | 'pet';
  content: string;
  emotion: string | null;
}

/**
 * What a context provider knows about the turn being answered: everything loaded once for the turn (the
 * user, the pet, the mood, the history), so no provider reads the store again for it.
 */
export interface Turn {
  user: User;
  pet: Pet;
  /** The user's message (data: providers may search with it, never paste it into the system part). */
  text: string;
  now: Date;
  locale: Locale;
  /** How the pet addresses the user. */
  userName: string;
  /** The mood toward this user, decayed to `now`. */
  mood: Mood;
  /** H: the pair's answered messages before this one, oldest first (across sessions). */
  history: readonly HistoryEntry[];
  /** The turn's signal (the client went away): providers that wait on IO stop when it aborts. */
  signal?: AbortSignal;
}

/** Where a piece of context came from, for the `context` stream part. */
export type ContextRef =
  | { type: 'memory'; id: string; text: string; score: number; subject: MemorySubject }
  | { type: 'lore'; id: string }
  | { type: 'schedule'; time: string; title: string; current: boolean }
  | { type: 'detail'; time: string; title: string };

/** A droppable entry of a list section (one memory, one lore entry, one schedule detail). */
export interface ContextItem {
  key: string;
  text: string;
  priority: number;
  ref?: ContextRef;
}

/**
 * One part of the prompt. `stable` sections (instructions, persona, user profile, always-on lore) form the
 * one system message, identical across turns of a pair so a prefix cache can serve it; the others form the
 * turn context, quoted at the start of the final user turn. Under budget pressure the lowest `priority`
 * goes first; REQUIRED never goes.
 * A list section renders its `text` as a heading above its kept items (inside `quoteData(quote, ...)` when
 * `quote` is set) and disappears with its last item.
 */
export interface ContextSection {
  key: string;
  text: string;
  stable: boolean;
  priority: number;
  items?: ContextItem[];
  quote?: string;
}

export interface ContextProvider {
  name: string;
  provide(turn: Turn): Promise<ContextSection[]>;
}

/**
 * Budget priorities, lowest dropped first. The order follows what a reply can best do without: old history,
 * then lore, then weakly related memories, then details of far-off schedule items; the instructions, persona
 * core, user profile, the time and the user's message are never dropped.
 */
export const PRIORITY = {
  required: Number.POSITIVE_INFINITY,
  /** Older history beyond the last few turns: 0..9, oldest lowest. */
  olderHistory: 0,
  /** Lore: 10..19. */
  lore: 10,
  /** Memories: 20..39 by score. */
  memory: 20,
  /** Schedule details: 40..49, far from now lowest; mentioned or current items rank higher. */
  detail: 40,
  personaStory: 50,
  /** The pet's memories of a past period the user asks about, and the line saying whether there are any. */
  recall: 55,
  outline: 60,
  schedule: 65,
  currentDetail: 70,
  mood: 75,
  /** The last few turns: 80..89, oldest lowest. */
  recentHistory: 80,
} as const;

/** Maps `value` in [0, 1] into the 10-wide band starting at `base` (clamped). */
export function inBand(base: number, value: number, width = 10): number {
  const v = Math.min(1, Math.max(0, value));
  return base + v * (width - 0.01);
}
