/** The subset of ECMAScript regex syntax the simulator can generate strings for. */
export type RegexNode =
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'set'; ranges: Array<readonly [number, number]>; negated: boolean }
  | { kind: 'repeat'; node: RegexNode; min: number; max: number }
  | { kind: 'group'; node: RegexNode; index: number | undefined }
  | { kind: 'backref'; index: number }
  | { kind: 'assert' };

export interface ParsedRegex {
  root: RegexNode;
  /** Lookarounds, unicode properties or named back-references were approximated or ignored. */
  approximate: boolean;
}

const DIGIT = [[48, 57]] as const;
const WORD = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
] as const;
const SPACE = [[32, 32]] as const;
const LETTERS = [[97, 122]] as const;

export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
}

function single(code: number): RegexNode {
  return { kind: 'set', ranges: [[code, code]], negated: false };
}

/** Parses `pattern` (no flags) into a generation tree; throws RegexSyntaxError on syntax it cannot read. */
export function parseRegex(pattern: string): ParsedRegex {
  let pos = 0;
  let groupCount = 0;
  let approximate = false;

  const peek = () => pattern[pos];
  const eat = (text: string) => {
    if (pattern.startsWith(text, pos)) {
      pos += text.length;
      return true;
    }
    return false;
  };
  const readCodePoint = () => {
    const code = pattern.codePointAt(pos);
    if (code === undefined) throw new RegexSyntaxError('unexpected end of pattern');
    pos += code > 0xffff ? 2 : 1;
    return code;
  };
  const readHex = (digits: number) => {
    const hex = pattern.slice(pos, pos + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw new RegexSyntaxError('bad hex escape');
    pos += digits;
    return Number.parseInt(hex, 16);
  };

  /** An escape after the backslash: a set of ranges (class escapes) or one code point. */
  const readEscape = (
    inClass: boolean,
  ): { ranges: Array<readonly [number, number]>; negated: boolean } | number => {
    const c = peek();
    if (c === undefined) throw new RegexSyntaxError('trailing backslash');
    pos++;
    switch (c) {
      case 'd':
        return { ranges: [...DIGIT], negated: false };
      case 'D':
        return { ranges: [...DIGIT], negated: true };
      case 'w':
        return { ranges: [...WORD], negated: false };
      case 'W':
        return { ranges: [...WORD], negated: true };
      case 's':
        return { ranges: [...SPACE], negated: false };
      case 'S':
        return { ranges: [...SPACE], negated: true };
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case '0':
        return 0;
      case 'b':
        return inClass ? 8 : -1;
      case 'x':
        return readHex(2);
      case 'u': {
        if (eat('{')) {
          const end = pattern.indexOf('}', pos);
          if (end < 0) throw new RegexSyntaxError('bad unicode escape');
          const code = Number.parseInt(pattern.slice(pos, end), 16);
          pos = end + 1;
          return code;
        }
        return readHex(4);
      }
      case 'c': {
        const letter = readCodePoint();
        return letter % 32;
      }
      case 'p':
      case 'P': {
        // Unicode property classes: approximated by ASCII letters.
        approximate = true;
        if (eat('{')) {
          const end = pattern.indexOf('}', pos);
          pos = end < 0 ? pattern.length : end + 1;
        }
        return { ranges: [...LETTERS], negated: false };
      }
      default:
        return c.codePointAt(0) ?? 0;
    }
  };

  const parseClass = (): RegexNode => {
    const negated = eat('^');
    const ranges: Array<readonly [number, number]> = [];
    const negatedParts: Array<Array<readonly [number, number]>> = [];
    while (peek() !== ']') {
      if (peek() === undefined) throw new RegexSyntaxError('unterminated character class');
      let from: number;
      if (eat('\\')) {
        const escaped = readEscape(true);
        if (typeof escaped !== 'number') {
          if (escaped.negated) negatedParts.push(escaped.ranges);
          else ranges.push(...escaped.ranges);
          continue;
        }
        from = escaped;
      } else {
        from = readCodePoint();
      }
      if (peek() === '-' && pattern[pos + 1] !== ']' && pattern[pos + 1] !== undefined) {
        pos++;
        let to: number;
        if (eat('\\')) {
          const escaped = readEscape(true);
          if (typeof escaped !== 'number') throw new RegexSyntaxError('class escape as range end');
          to = escaped;
        } else {
          to = readCodePoint();
        }
        if (to < from) throw new RegexSyntaxError('range out of order');
        ranges.push([from, to]);
      } else {
        ranges.push([from, from]);
      }
    }
    pos++; // ']'
    if (negatedParts.length > 0) {
      // [\D...] and friends: complement within printable ASCII, merged with the positive ranges.
      for (const part of negatedParts) ranges.push(...complementPrintable(part));
    }
    return { kind: 'set', ranges, negated };
  };

  const parseQuantifier = (): { min: number; max: number } | undefined => {
    const c = peek();
    const simple = c === '*' ? 0 : c === '+' ? 1 : c === '?' ? 2 : -1;
    if (simple >= 0) {
      pos++;
      return simple === 2 ? { min: 0, max: 1 } : { min: simple, max: Number.POSITIVE_INFINITY };
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(pos));
      if (!m) return undefined;
      pos += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
      return { min, max };
    }
    return undefined;
  };

  const parseAtom = (): RegexNode => {
    const c = peek();
    if (c === '(') {
      pos++;
      let index: number | undefined;
      let lookaround = false;
      if (eat('?:')) index = undefined;
      else if (eat('?=') || eat('?!') || eat('?<=') || eat('?<!')) lookaround = true;
      else if (eat('?<')) {
        const end = pattern.indexOf('>', pos);
        if (end < 0) throw new RegexSyntaxError('bad group name');
        pos = end + 1;
        index = ++groupCount;
      } else if (peek() === '?') throw new RegexSyntaxError('unsupported group');
      else index = ++groupCount;
      const inner = parseAlternation();
      if (!eat(')')) throw new RegexSyntaxError('missing )');
      if (lookaround) {
        approximate = true;
        return { kind: 'assert' };
      }
      return { kind: 'group', node: inner, index };
    }
    if (c === '[') {
      pos++;
      return parseClass();
    }
    if (c === '.') {
      pos++;
      return { kind: 'set', ranges: [...LETTERS], negated: false };
    }
    if (c === '^' || c === '$') {
      pos++;
      return { kind: 'assert' };
    }
    if (c === '\\') {
      pos++;
      const next = peek();
      if (next !== undefined && /[1-9]/.test(next)) {
        const m = /^\d+/.exec(pattern.slice(pos));
        pos += m?.[0].length ?? 1;
        return { kind: 'backref', index: Number(m?.[0] ?? next) };
      }
      if (next === 'B') {
        pos++;
        return { kind: 'assert' };
      }
      if (next === 'k' && pattern[pos + 1] === '<') {
        approximate = true;
        const end = pattern.indexOf('>', pos);
        pos = end < 0 ? pattern.length : end + 1;
        return { kind: 'assert' };
      }
      const escaped = readEscape(false);
      if (typeof escaped === 'number') return escaped < 0 ? { kind: 'assert' } : single(escaped);
      return { kind: 'set', ranges: escaped.ranges, negated: escaped.negated };
    }
    if (c === '*' || c === '+' || c === '?') throw new RegexSyntaxError('nothing to repeat');
    return single(readCodePoint());
  };

  const parseSequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < pattern.length && peek() !== '|' && peek() !== ')') {
      const atom = parseAtom();
      const quantifier = parseQuantifier();
      if (quantifier) {
        eat('?'); // lazy: same language
        items.push({ kind: 'repeat', node: atom, ...quantifier });
      } else {
        items.push(atom);
      }
    }
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'seq', items };
  };

  function parseAlternation(): RegexNode {
    const options = [parseSequence()];
    while (eat('|')) options.push(parseSequence());
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options };
  }

  const root = parseAlternation();
  if (pos < pattern.length) throw new RegexSyntaxError(`unexpected ${pattern[pos]}`);
  return { root, approximate };
}

/** Printable ASCII (space to tilde) minus `ranges`. */
export function complementPrintable(
  ranges: ReadonlyArray<readonly [number, number]>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start: number | undefined;
  for (let code = 0x20; code <= 0x7e; code++) {
    const excluded = ranges.some(([from, to]) => code >= from && code <= to);
    if (!excluded && start === undefined) start = code;
    if (excluded && start !== undefined) {
      out.push([start, code - 1]);
      start = undefined;
    }
  }
  if (start !== undefined) out.push([start, 0x7e]);
  return out;
}
