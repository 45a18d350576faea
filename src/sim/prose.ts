import type { Rng } from './rng.ts';

/** Neutral filler vocabulary; the simulator's text is filler by design and says nothing about model quality. */
export const FILLER_WORDS: readonly string[] = (
  'quiet morning garden window sunlight breeze walk park tea book nap blanket corner river path friend ' +
  'music afternoon evening cloud puddle leaf basket cushion kitchen market bench stroll story song lamp ' +
  'snack pillow meadow pebble ribbon kite picnic tune yard shade rain glow'
).split(' ');

const TEMPLATES: readonly string[] = [
  'That sounds like a lot about {w}.',
  'I keep thinking about {w} and {f}.',
  'Tell me more about the {w}, if you like.',
  'Today felt a little like {f} and {w}.',
  'We could talk about {w} again after the {f}.',
  'The {f} reminded me of {w} somehow.',
  'I am listening, and {w} matters to me too.',
  'Maybe a small {f} would help with {w}.',
  'It is a simple day here, mostly {f} and {w}.',
];

function fill(template: string, rng: Rng, echo: readonly string[]): string {
  return template
    .replace('{w}', () => (echo.length > 0 && rng.chance(0.75) ? rng.pick(echo) : rng.pick(FILLER_WORDS)))
    .replace('{f}', () => rng.pick(FILLER_WORDS));
}

/** A few sentences of deterministic pseudo-prose that reuse some of `echo` (words of the user's message). */
export function fillerProse(rng: Rng, echo: readonly string[], sentences = rng.int(2, 4)): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(fill(rng.pick(TEMPLATES), rng, echo));
  return out.join(' ');
}

/** `count` filler words (echoing some of `echo`), as a lower-case phrase without punctuation. */
export function fillerWords(rng: Rng, echo: readonly string[], count: number): string {
  const out: string[] = [];
  const echoRate = Math.min(0.3, echo.length / 20);
  while (out.length < count) {
    const word = rng.chance(echoRate) ? rng.pick(echo) : rng.pick(FILLER_WORDS);
    if (word !== out.at(-1)) out.push(word);
  }
  return out.join(' ');
}
