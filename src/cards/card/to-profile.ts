import { type PetProfile, petProfileSchema } from '../../core/index.ts';
import { rejected } from '../rejected.ts';
import { type CardFields, isObject } from './types.ts';

/** The character cards' example-dialogue separator. */
export const EXAMPLE_SEPARATOR = /<START>/i;

/** Profile limits (see core/profiles.ts): text is cut to these, the card keeps the full text for export. */
const MAX = {
  name: 80,
  kind: 80,
  appearance: 1000,
  personality: 2000,
  speakingStyle: 1000,
  background: 4000,
  emotionalTendencies: 1000,
  greeting: 1000,
  scenario: 4000,
  exampleLines: { items: 10, chars: 400 },
  traits: { items: 20, chars: 60 },
  catchphrases: { items: 10, chars: 120 },
  likes: { items: 20, chars: 120 },
  dislikes: { items: 20, chars: 120 },
} as const;

export const DEFAULT_KIND = 'character';

/** Cuts to `max` UTF-16 units without splitting a surrogate pair, then trims (as the schema will). */
function cut(text: string, max: number): string {
  let out = text.trim();
  if (out.length <= max) return out;
  out = out.slice(0, max);
  if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
  return out.trim();
}

type Warn = (message: string) => void;

function clipText(value: string, max: number, field: string, warn: Warn): string {
  const out = cut(value, max);
  if (out.length < value.trim().length) {
    warn(
      `${field} was cut from ${value.trim().length} to ${max} characters for the prompt (the full text is kept for export)`,
    );
  }
  return out;
}

function clipList(
  values: readonly unknown[],
  limit: { items: number; chars: number },
  field: string,
  warn: Warn,
): string[] {
  const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (texts.length > limit.items) warn(`${field}: only the first ${limit.items} of ${texts.length} are used`);
  const kept = texts.slice(0, limit.items);
  if (kept.some((t) => t.trim().length > limit.chars))
    warn(`${field}: items were cut to ${limit.chars} characters`);
  return kept.map((t) => cut(t, limit.chars));
}

/** `<START>`-separated example dialogues, one list item per block. */
export function splitExamples(mesExample: string): string[] {
  return mesExample
    .split(EXAMPLE_SEPARATOR)
    .map((block) => block.trim())
    .filter(Boolean);
}

export function joinExamples(lines: readonly string[]): string {
  return lines.map((line) => `<START>\n${line}`).join('\n');
}

/**
 * Card -> profile P. Deterministic and pure: export runs it again on the stored card to tell which profile
 * fields were edited since the import (an unedited field exports the card's original text, untruncated).
 *
 * | card                          | profile                                            |
 * | nickname, else name           | name (over 80 characters: refused)                 |
 * | description                   | background                                         |
 * | personality                   | personality                                        |
 * | scenario                      | scenario                                           |
 * | first_mes                     | greeting                                           |
 * | mes_example                   | exampleLines (split on <START>)                    |
 * | extensions.ipet               | kind, appearance, traits, speakingStyle, catchphrases, likes, dislikes, emotionalTendencies |
 * Over-long text is cut to the profile's limits, with a warning. Macros stay as written.
 */
export function cardToProfile(fields: CardFields): { profile: PetProfile; warnings: string[] } {
  const warnings: string[] = [];
  const warn: Warn = (m) => warnings.push(m);
  const name = (fields.nickname ?? fields.name).trim();
  if (name.length > MAX.name) {
    throw rejected(
      'character card',
      `the name is longer than ${MAX.name} characters`,
      fields.nickname ? 'nickname' : 'name',
      'shorten the name in the card and import it again',
    );
  }
  const ipet = isObject(fields.extensions.ipet) ? fields.extensions.ipet : {};
  const str = (key: string) => (typeof ipet[key] === 'string' ? (ipet[key] as string) : '');
  const arr = (key: string) => (Array.isArray(ipet[key]) ? (ipet[key] as unknown[]) : []);
  const examples = splitExamples(fields.mes_example);

  const profile = petProfileSchema.parse({
    name,
    kind: cut(str('kind'), MAX.kind) || DEFAULT_KIND,
    appearance: clipText(str('appearance'), MAX.appearance, 'appearance', warn),
    personality: clipText(fields.personality, MAX.personality, 'personality', warn),
    traits: clipList(arr('traits'), MAX.traits, 'traits', warn),
    speakingStyle: clipText(str('speakingStyle'), MAX.speakingStyle, 'speakingStyle', warn),
    catchphrases: clipList(arr('catchphrases'), MAX.catchphrases, 'catchphrases', warn),
    likes: clipList(arr('likes'), MAX.likes, 'likes', warn),
    dislikes: clipList(arr('dislikes'), MAX.dislikes, 'dislikes', warn),
    background: clipText(fields.description, MAX.background, 'description', warn),
    emotionalTendencies: clipText(
      str('emotionalTendencies'),
      MAX.emotionalTendencies,
      'emotionalTendencies',
      warn,
    ),
    exampleLines: clipList(examples, MAX.exampleLines, 'mes_example', warn),
    greeting: clipText(fields.first_mes, MAX.greeting, 'first_mes', warn),
    scenario: clipText(fields.scenario, MAX.scenario, 'scenario', warn),
  });
  return { profile, warnings };
}
