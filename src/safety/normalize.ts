/**
 * Text normalisation for screening. Patterns are written against lower-case ASCII English and simplified
 * Chinese; these functions bring obfuscated, full-width, traditional or spaced-out text to that form. Pure.
 */

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]|\u034F/g;

/** Digits and symbols read as letters inside a word that already has letters (`k1ll`, `su!c!de`, `d3ad`). */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/**
 * Traditional forms of the characters the Chinese patterns use, mapped to simplified ones. Not a general
 * converter: only what the patterns need, so that 自殺 reads as 自杀.
 */
const TRADITIONAL: Record<string, string> = {
  殺: '杀',
  夢: '梦',
  發: '发',
  隱: '隐',
  輸: '输',
  顯: '显',
  復: '复',
  複: '复',
  帳: '账',
  號: '号',
  寫: '写',
  農: '农',
  話: '话',
  給: '给',
  問: '问',
  結: '结',
  沒: '没',
  麼: '么',
  個: '个',
  著: '着',
  輕: '轻',
  樓: '楼',
  藥: '药',
  讓: '让',
  這: '这',
  過: '过',
  還: '还',
  會: '会',
  們: '们',
  來: '来',
  後: '后',
  對: '对',
  說: '说',
  覺: '觉',
  開: '开',
  為: '为',
  離: '离',
  見: '见',
  別: '别',
  難: '难',
  脫: '脱',
  傷: '伤',
  殘: '残',
  遺: '遗',
  書: '书',
  燒: '烧',
  際: '际',
  撐: '撑',
  無: '无',
  義: '义',
  實: '实',
  憂: '忧',
  鬱: '郁',
  負: '负',
  擔: '担',
  贅: '赘',
  劃: '划',
  強: '强',
  姦: '奸',
  醫: '医',
  療: '疗',
  師: '师',
  統: '统',
  戶: '户',
  憶: '忆',
  記: '记',
  規: '规',
  則: '则',
  設: '设',
  從: '从',
  現: '现',
  聽: '听',
  錄: '录',
  儲: '储',
  範: '范',
  讀: '读',
  錯: '错',
  終: '终',
  兒: '儿',
  與: '与',
  樣: '样',
  裡: '里',
  體: '体',
  頭: '头',
};

const CJK = '\\p{Script=Han}';
const BETWEEN_HAN = new RegExp(`(?<=${CJK})[\\s.·•_*~\\-]+(?=${CJK})`, 'gu');
const ELLIPSIS = /(\.{2,}|…+)/g;

/** NFKC, lower case, no invisible characters, straight quotes, collapsed spaces. */
export function baseNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(ELLIPSIS, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

/** Maps leetspeak inside tokens that contain at least one letter; pure numbers (`988`, `5 km`) are kept. */
export function unLeet(text: string): string {
  return text.replace(/[a-z0-9@$!|]+/g, (token) => {
    if (!/[a-z]/.test(token)) return token;
    // A trailing `!` is punctuation, not an `i`.
    const core = token.replace(/!+$/, '');
    const tail = token.slice(core.length);
    return core.replace(/[013457@$!|]/g, (c) => LEET[c] ?? c) + tail;
  });
}

/** Joins runs of 3+ single letters split by one kind of separator: `k.m.s`, `k m s`, `k-i-l-l` → `kms`, `kill`. */
export function joinSpelledOut(text: string): string {
  return text.replace(/(?<![a-z])[a-z](?:([.\-_* ])[a-z])(?:\1[a-z])+(?![a-z])/g, (run) =>
    run.replace(/[.\-_* ]/g, ''),
  );
}

/** Removes spaces and punctuation put between Chinese characters (`想 死`, `自.杀`). */
export function joinHan(text: string): string {
  return text.replace(BETWEEN_HAN, '');
}

export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TRADITIONAL[ch] ?? ch;
  return out;
}

/**
 * The forms a pattern is tried against: the normalised text, with spelled-out letters joined, and with
 * stretched letters (`diiiie`, `myselffff`) squeezed to one and to two (both, because `kill` and `die` need
 * different answers). Deduplicated; the first entry is the plain normalised text.
 */
export function screeningVariants(text: string): string[] {
  const base = toSimplified(joinHan(unLeet(baseNormalize(text))));
  const forms = new Set<string>([base]);
  const joined = joinSpelledOut(base);
  forms.add(joined);
  for (const form of [base, joined]) {
    forms.add(form.replace(/(\p{L})\1{2,}/gu, '$1'));
    forms.add(form.replace(/(\p{L})\1{2,}/gu, '$1$1'));
  }
  return [...forms];
}
