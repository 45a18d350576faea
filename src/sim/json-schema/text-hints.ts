/**
 * What a property's description says about its text, in the phrasings prompts use: "2-5 words",
 * "2 to 5 words", "one or two words", "about 50 words", "~50 words", "at most two sentences",
 * "2-12 characters", "about 80 characters", "YYYY-MM-DD", "HH:MM". The earliest hint in the description wins.
 */
export type TextHint =
  | { kind: 'length'; unit: 'words' | 'chars' | 'sentences'; min: number; max: number }
  | { kind: 'date' }
  | { kind: 'clock' };

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  twelve: '12',
  twenty: '20',
  thirty: '30',
  fifty: '50',
  hundred: '100',
};

const NUMBER_WORD = new RegExp(`\\b(?:${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'gi');

const UNIT = '(words?|characters?|chars?|字|sentences?)';

type Rule = { regex: RegExp; build(m: RegExpExecArray): TextHint };

function unitOf(raw: string): 'words' | 'chars' | 'sentences' {
  if (raw.startsWith('word')) return 'words';
  if (raw.startsWith('sentence')) return 'sentences';
  return 'chars';
}

const length = (unit: string, min: number, max: number): TextHint => ({
  kind: 'length',
  unit: unitOf(unit),
  min: Math.max(1, Math.min(min, max)),
  max: Math.max(1, min, max),
});

const RULES: Rule[] = [
  {
    regex: new RegExp(`(\\d+)\\s*(?:-|–|—|~|to|or)\\s*(\\d+)\\s*${UNIT}`, 'i'),
    build: (m) => length(m[3]!, Number(m[1]), Number(m[2])),
  },
  {
    regex: new RegExp(`(?:about|around|approximately|approx\\.?|roughly|~|约)\\s*(\\d+)\\s*${UNIT}`, 'i'),
    build: (m) => {
      const n = Number(m[1]);
      const spread = Math.max(1, Math.round(n * 0.1));
      return length(m[2]!, n - spread, n + spread);
    },
  },
  {
    regex: new RegExp(`(?:at most|up to|no more than|max(?:imum)?(?: of)?|under)\\s*(\\d+)\\s*${UNIT}`, 'i'),
    build: (m) => length(m[2]!, Math.ceil(Number(m[1]) / 2), Number(m[1])),
  },
  { regex: new RegExp(`(\\d+)\\s*${UNIT}`, 'i'), build: (m) => length(m[2]!, Number(m[1]), Number(m[1])) },
  { regex: /YYYY-MM-DD/, build: () => ({ kind: 'date' }) },
  { regex: /\bHH:MM\b/i, build: () => ({ kind: 'clock' }) },
];

export function readTextHint(description: string | undefined): TextHint | undefined {
  if (!description) return undefined;
  const text = description.replace(NUMBER_WORD, (w) => NUMBER_WORDS[w.toLowerCase()] ?? w);
  let best: { index: number; hint: TextHint } | undefined;
  for (const rule of RULES) {
    const m = rule.regex.exec(text);
    if (m && (best === undefined || m.index < best.index)) best = { index: m.index, hint: rule.build(m) };
  }
  return best?.hint;
}
