import type { MemoryCategory } from '../../src/core/entities.ts';
import type { Rng } from './rng.ts';

/**
 * Synthetic memories and user messages from one vocabulary, so that lexical search and the simulator's
 * feature-hashed embeddings find related memories for a message, as they would for real ones.
 */
const PEOPLE = [
  'my sister Mia',
  'my brother Leo',
  'my mum',
  'my dad',
  'Grandma Rose',
  'my friend Tom',
  'my colleague Priya',
  'my boss',
  'my neighbour Mr Chen',
  'my roommate Sam',
  'my cousin Ana',
  'my dog Biscuit',
  'my cat Pepper',
  'my partner Alex',
  'my teacher',
  'my best friend Jo',
];
const EVENTS = [
  'started learning the violin',
  'moved to Lisbon for work',
  'is allergic to peanuts',
  'loves hiking in the mountains',
  'had surgery on the knee',
  'got a new job at a bakery',
  'is training for a marathon',
  'adopted a rescue puppy',
  'is afraid of thunderstorms',
  'bakes sourdough every Sunday',
  'failed the driving test',
  'passed the final exams',
  'broke a wrist skateboarding',
  'is planning a trip to Japan',
  'hates the smell of coffee',
  'collects vinyl jazz records',
  'is learning to paint watercolours',
  'started night shifts at the hospital',
  'grows tomatoes on the balcony',
  'plays chess in the park',
  'is writing a fantasy novel',
  'volunteers at the animal shelter',
  'had a fight about money',
  'celebrated a birthday at the lake',
];
const WHEN = [
  'last spring',
  'this week',
  'on Tuesdays',
  'since childhood',
  'two years ago',
  'every weekend',
  'last month',
  'in the summer',
  'after the holidays',
  'recently',
];
const USER_OPENERS = [
  'Guess what,',
  'I keep thinking about how',
  'Do you remember that',
  'Honestly,',
  'Today I found out',
  'I told you before that',
];

export const CATEGORY_SHARES: ReadonlyArray<[MemoryCategory, number]> = [
  ['permanent', 0.2],
  ['long_term', 0.5],
  ['short_term', 0.3],
];

export function memoryText(rng: Rng): string {
  const who = rng.pick(PEOPLE);
  const text = `${who.charAt(0).toUpperCase()}${who.slice(1)} ${rng.pick(EVENTS)} ${rng.pick(WHEN)}.`;
  return text.replace(/^My /, "The user's ").replace(/ my /g, " the user's ");
}

export function memoryCategory(rng: Rng): MemoryCategory {
  let x = rng.next();
  for (const [category, share] of CATEGORY_SHARES) {
    if (x < share) return category;
    x -= share;
  }
  return 'long_term';
}

/** A user's chat message about the same people and events. */
export function userMessage(rng: Rng): string {
  return `${rng.pick(USER_OPENERS)} ${rng.pick(PEOPLE)} ${rng.pick(EVENTS)}. What do you think?`;
}
