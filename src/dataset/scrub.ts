/**
 * Personal data scrubbing for training items made from real chats (issue 21 item 4), English and Chinese.
 * Each kind found is replaced by a placeholder: [EMAIL], [PHONE], [ADDRESS], [ID], [NAME].
 *
 * Patterns run in a fixed order so a longer, more specific pattern wins: e-mail, UUID and id numbers (a
 * Chinese 18-digit id card, card numbers, SSNs) before phone numbers, addresses, remaining long digit runs,
 * and last names. Names are the user's own (name and call name from the profile, given by the caller) plus
 * names the text introduces ("my name is Ada", "call me Ada", "Mr. Smith", "我叫王小明", "叫我小明"); once
 * found, a name is replaced everywhere in the same conversation (see `scrubConversation`).
 *
 * Heuristic by nature: it errs toward replacing (a long number that is not an id still becomes [ID]).
 */

export const PII_KINDS = ['email', 'phone', 'address', 'id', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  address: '[ADDRESS]',
  id: '[ID]',
  name: '[NAME]',
};

export type ScrubCounts = Record<PiiKind, number>;

export interface ScrubResult {
  text: string;
  counts: ScrubCounts;
}

const emptyCounts = (): ScrubCounts => ({ email: 0, phone: 0, address: 0, id: 0, name: 0 });

const CJK = '\\u3400-\\u9fff';
// A digit/latin letter must not touch a number on either side (no partial matches inside longer runs).
const NB = '(?<![\\dA-Za-z])';
const NA = '(?![\\dA-Za-z])';

interface Rule {
  kind: PiiKind;
  pattern: RegExp;
  /** Digits a phone match needs at least (a short "+1 2" is not a number). */
  minDigits?: number;
}

const RULES: readonly Rule[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    kind: 'id',
    pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  },
  // Chinese resident id card: 6-digit region, 8-digit birth date, 3-digit sequence, check digit or X.
  { kind: 'id', pattern: new RegExp(`${NB}\\d{6}(?:18|19|20)\\d{2}[01]\\d[0-3]\\d\\d{3}[\\dXx]${NA}`, 'g') },
  // Card numbers in groups of four, US social security numbers, passport-like letter + 8-9 digits.
  { kind: 'id', pattern: new RegExp(`${NB}\\d{4}(?:[ -]\\d{4}){3}${NA}`, 'g') },
  { kind: 'id', pattern: new RegExp(`${NB}\\d{3}-\\d{2}-\\d{4}${NA}`, 'g') },
  { kind: 'id', pattern: new RegExp(`${NB}[A-Z]{1,2}\\d{7,9}${NA}`, 'g') },
  // Chinese mobile: optional +86 / 0086, 1[3-9]x, then 8 digits, possibly grouped 3-4-4.
  {
    kind: 'phone',
    pattern: new RegExp(`${NB}(?:(?:\\+|00)86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${NA}`, 'g'),
  },
  // International: + country code then groups (spaces, dots, dashes, a parenthesised area code).
  {
    kind: 'phone',
    pattern: /\+\d{1,3}(?:[\s.-]?\(\d{1,5}\))?(?:[\s.-]?\d{1,5}){2,5}(?!\d)/g,
    minDigits: 8,
  },
  // North American (555) 123-4567, 555-123-4567, 555.123.4567.
  {
    kind: 'phone',
    pattern: new RegExp(`(?:\\(\\d{3}\\)\\s?|${NB}\\d{3}[-.\\s])\\d{3}[-.\\s]\\d{4}${NA}`, 'g'),
  },
  // Trunk-prefixed national numbers: 010-12345678 (Chinese landline), 07700 900123, 020 7946 0018.
  {
    kind: 'phone',
    pattern: new RegExp(`${NB}0\\d{1,4}[\\s-]\\d{3,8}(?:[\\s-]\\d{3,4})?${NA}`, 'g'),
    minDigits: 9,
  },
  {
    kind: 'address',
    pattern:
      /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Crescent|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s*(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*[\dA-Za-z-]+)?/g,
  },
  // Chinese: [province][city][district/county] then road/street + number (+ building/unit/room), or at
  // least city + district.
  {
    kind: 'address',
    pattern: new RegExp(
      `(?:[${CJK}]{2,7}(?:省|自治区))?(?:[${CJK}]{1,6}市)?(?:[${CJK}]{1,6}(?:区|县|镇|乡))?` +
        `[${CJK}A-Za-z\\d]{1,10}?(?:路|街|大道|大街|巷|弄|胡同)[\\d一二三四五六七八九十百零]+(?:号|號)` +
        `(?:[\\d一二三四五六七八九十A-Za-z]+(?:栋|幢|座|号楼|楼|单元|层|室|号))*`,
      'g',
    ),
  },
  {
    kind: 'address',
    pattern: new RegExp(
      `(?:[${CJK}]{2,7}(?:省|自治区))?[${CJK}]{2,6}市[${CJK}]{1,6}(?:区|县)(?:[${CJK}]{1,8}(?:街道|镇|乡|村|小区))?`,
      'g',
    ),
  },
  // Whatever long digit run is left (account, order, old 15-digit id numbers...).
  { kind: 'id', pattern: new RegExp(`${NB}\\d{7,}${NA}`, 'g') },
];

/** Words that lead into an address in Chinese and must stay outside the placeholder ("我住在[ADDRESS]"). */
const ZH_ADDRESS_LEAD = /^(?:我家住在|我住在|住在|家在|位于|地址是|地址|寄到|送到|搬到|在|到|去|从|是)/;

const digitsIn = (s: string) => (s.match(/\d/g) ?? []).length;

function applyRules(text: string, counts: ScrubCounts): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match: string) => {
      if (rule.minDigits !== undefined && digitsIn(match) < rule.minDigits) return match;
      if (rule.kind === 'address') {
        const lead = match.match(ZH_ADDRESS_LEAD)?.[0] ?? '';
        counts.address++;
        return `${lead}${PLACEHOLDERS.address}`;
      }
      counts[rule.kind]++;
      return PLACEHOLDERS[rule.kind];
    });
  }
  return out;
}

/** Capitalised words that follow "I'm"/"call me" but are not names. */
const NOT_NAMES = new Set(
  (
    'Fine Good Great Okay Ok Sorry Sure Here Back Home Tired Happy Sad Not So Just Really Very Still Glad ' +
    'Afraid Busy Free Done Ready Bored Excited Hungry Sick Well Alright Always Never Also Going Trying ' +
    'Feeling Doing Your The A An In On At From Out Up English Chinese American British French German'
  ).split(' '),
);

const EN_INTRO =
  /\b(?:[Mm]y name is|[Mm]y name's|[Cc]all me|I am called|I'm called|[Nn]ame's|I'm|I am|[Tt]his is)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/g;
const EN_TITLE = /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/g;
// 我叫王小明 / 我的名字是小明 / 叫我小明 / 我姓王: a name is two or three characters (a surname alone is one).
const ZH_INTRO = new RegExp(
  `(?:我叫|我的名字是|我的名字叫|名字叫|叫我)([${CJK}]{1,3}?)(?=[，。！？、,.!?\\s]|$|是|吧|就|哦|啊|呀)`,
  'g',
);

/** Names a text introduces ("my name is Ada", "我叫王小明"); pet and other known non-names are the caller's to drop. */
export function findNames(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of [EN_INTRO, EN_TITLE]) {
    for (const m of text.matchAll(pattern)) {
      const words = m[1]!.split(/\s+/).filter((w) => !NOT_NAMES.has(w));
      // "I'm Ada Lovelace" keeps both words; "I'm Ada and" keeps Ada; "I'm Tired" keeps nothing.
      if (words.length > 0 && !NOT_NAMES.has(m[1]!.split(/\s+/)[0]!)) found.add(words.join(' '));
    }
  }
  for (const m of text.matchAll(ZH_INTRO)) {
    if (m[1]) found.add(m[1]);
  }
  return [...found];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLatin = (s: string) => /^[\p{Script=Latin}\s'.-]+$/u.test(s);

function replaceNames(text: string, names: readonly string[], counts: ScrubCounts): string {
  // Longest first, so "Ada Lovelace" is one [NAME], not "[NAME] Lovelace".
  // One character is too little to be sure of (a Chinese surname alone is part of many words).
  const usable = [...new Set(names.map((n) => n.trim()))]
    .filter((n) => n.length >= 2)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const name of usable) {
    // Latin names match as whole words and as written (case-sensitive: "Will" is a name, "will" is not).
    const pattern = isLatin(name)
      ? new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(name)}(?![\\p{L}\\d])`, 'gu')
      : new RegExp(escapeRegExp(name), 'g');
    out = out.replace(pattern, () => {
      counts.name++;
      return PLACEHOLDERS.name;
    });
  }
  return out;
}

export interface ScrubOptions {
  /** Names to replace wherever they appear (the user's name and call name from the profile). */
  names?: readonly string[];
  /** Names that must stay (the pet's own name: it is the persona, not personal data). */
  keep?: readonly string[];
}

/** Scrubs one text. Names it introduces are replaced too; use `scrubConversation` to carry them across turns. */
export function scrubText(text: string, options: ScrubOptions = {}): ScrubResult {
  const { texts, counts } = scrubConversation([text], options);
  return { text: texts[0]!, counts };
}

/**
 * Scrubs every text of one conversation: names introduced in any turn ("call me Ada" in turn 3) are replaced
 * in every turn, earlier ones too, as are the given names; the kept names (the pet's) never are.
 */
export function scrubConversation(
  texts: readonly string[],
  options: ScrubOptions = {},
): { texts: string[]; counts: ScrubCounts } {
  const counts = emptyCounts();
  const keep = new Set((options.keep ?? []).map((n) => n.trim().toLowerCase()));
  const introduced = texts.flatMap(findNames);
  const names = [...(options.names ?? []), ...introduced].filter(
    (n) => n.trim().length > 0 && !keep.has(n.trim().toLowerCase()),
  );
  const out = texts.map((text) => replaceNames(applyRules(text, counts), names, counts));
  return { texts: out, counts };
}

/** Adds `b` into `a`. */
export function addCounts(a: ScrubCounts, b: ScrubCounts): ScrubCounts {
  for (const kind of PII_KINDS) a[kind] += b[kind];
  return a;
}

export { emptyCounts as emptyScrubCounts };
