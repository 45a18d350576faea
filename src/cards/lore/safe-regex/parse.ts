import { type AssertKind, type ClassItem, type RegexNode, UnsupportedRegexError } from './ast.ts';

/** Largest `{n,m}` bound accepted. */
export const MAX_REPEAT = 100;

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const HEX = /^[0-9a-fA-F]+$/;

/**
 * Parses the subset of JavaScript regex syntax that lorebooks use and that a linear-time matcher can run:
 * literals, `.`, classes (`[a-z]`, `[^...]`, `\d \w \s` and negations), groups (`(...)`, `(?:...)`,
 * `(?<name>...)`), alternation, quantifiers (`* + ? {n} {n,} {n,m}`, lazy or not), anchors `^ $` and word
 * boundaries `\b \B`. Backreferences, lookarounds and Unicode property escapes are refused with
 * UnsupportedRegexError: no engine can run them in linear time.
 */
export function parseRegex(source: string): RegexNode {
  const cps = Array.from(source, (c) => c.codePointAt(0)!);
  let at = 0;
  const peek = (offset = 0) => (at + offset < cps.length ? String.fromCodePoint(cps[at + offset]!) : '');
  const fail = (message: string): never => {
    throw new UnsupportedRegexError(`${message} at position ${at}`);
  };

  const readHex = (length: number): number => {
    const digits = cps
      .slice(at, at + length)
      .map((c) => String.fromCodePoint(c))
      .join('');
    if (digits.length !== length || !HEX.test(digits)) return fail('invalid hex escape');
    at += length;
    return Number.parseInt(digits, 16);
  };

  /** A character escape after the backslash (shared by classes and atoms); null for class escapes. */
  const charEscape = (inClass: boolean): number | { escape: 'd' | 'D' | 'w' | 'W' | 's' | 'S' } => {
    const c = peek();
    if (c === '') return fail('trailing backslash');
    at++;
    if (CLASS_ESCAPES.has(c)) return { escape: c as 'd' };
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c]!;
    if (c === 'b' && inClass) return 8;
    if (c === '0' && !/[0-9]/.test(peek())) return 0;
    if (/[0-9]/.test(c)) return fail('backreferences are not supported');
    if (c === 'k') return fail('named backreferences are not supported');
    if (c === 'p' || c === 'P') return fail('Unicode property escapes are not supported');
    if (c === 'x') return readHex(2);
    if (c === 'u') {
      if (peek() !== '{') return readHex(4);
      at++;
      const end = cps.indexOf(0x7d, at);
      if (end === -1) return fail('unterminated \\u{...}');
      const digits = String.fromCodePoint(...cps.slice(at, end));
      const cp = Number.parseInt(digits, 16);
      if (!HEX.test(digits) || cp > 0x10ffff) return fail('invalid \\u{...}');
      at = end + 1;
      return cp;
    }
    if (c === 'c') {
      const letter = peek();
      if (!/[a-zA-Z]/.test(letter)) return fail('invalid control escape');
      at++;
      return letter.charCodeAt(0) % 32;
    }
    return c.codePointAt(0)!;
  };

  const parseClass = (): RegexNode => {
    const negated = peek() === '^';
    if (negated) at++;
    const items: ClassItem[] = [];
    const member = (): number | ClassItem => {
      if (peek() === '\\') {
        at++;
        return charEscape(true);
      }
      return cps[at++]!;
    };
    while (peek() !== ']') {
      if (peek() === '') fail('unterminated character class');
      const lo = member();
      if (peek() === '-' && peek(1) !== ']' && peek(1) !== '') {
        at++;
        const hi = member();
        if (typeof lo === 'number' && typeof hi === 'number') {
          if (lo > hi) fail('character class range out of order');
          items.push({ lo, hi });
          continue;
        }
        // `[\d-x]`: the dash is a literal, as in JavaScript without the u flag.
        items.push(typeof lo === 'number' ? { lo, hi: lo } : lo, { lo: 0x2d, hi: 0x2d });
        items.push(typeof hi === 'number' ? { lo: hi, hi } : hi);
        continue;
      }
      items.push(typeof lo === 'number' ? { lo, hi: lo } : lo);
    }
    at++;
    return { type: 'class', negated, items };
  };

  /** `{n}`, `{n,}`, `{n,m}` at `at`, or null (then `{` is a literal, as in JavaScript without u). */
  const braces = (): { min: number; max: number } | null => {
    const rest = String.fromCodePoint(...cps.slice(at, at + 16));
    const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!m) return null;
    at += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    if (min > max) fail('numbers out of order in {} quantifier');
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) {
      fail(`repetition counts above ${MAX_REPEAT} are not supported`);
    }
    return { min, max };
  };

  const quantifier = (): { min: number; max: number } | null => {
    const c = peek();
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Number.POSITIVE_INFINITY };
    else if (c === '+') q = { min: 1, max: Number.POSITIVE_INFINITY };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) at++;
    else if (c === '{') q = braces();
    if (q && peek() === '?') at++; // lazy: same set of matches
    return q;
  };

  const parseAtom = (): RegexNode => {
    const c = peek();
    if (c === '(') {
      at++;
      if (peek() === '?') {
        const next = peek(1);
        if (next === ':') at += 2;
        else if (next === '=' || next === '!') fail('lookahead is not supported');
        else if (next === '<' && (peek(2) === '=' || peek(2) === '!')) fail('lookbehind is not supported');
        else if (next === '<') {
          const end = cps.indexOf(0x3e, at);
          if (end === -1) fail('unterminated group name');
          at = end + 1;
        } else fail('unknown group type');
      }
      const inner = parseAlt();
      if (peek() !== ')') fail('unterminated group');
      at++;
      return inner;
    }
    if (c === '[') {
      at++;
      return parseClass();
    }
    at++;
    if (c === '.') return { type: 'any' };
    if (c === '^' || c === '$') return { type: 'assert', kind: c === '^' ? 'line-start' : 'line-end' };
    if (c === '*' || c === '+' || c === '?') fail('nothing to repeat');
    if (c === '\\') {
      if (peek() === 'b' || peek() === 'B') {
        const kind: AssertKind = peek() === 'b' ? 'word-boundary' : 'not-word-boundary';
        at++;
        return { type: 'assert', kind };
      }
      const e = charEscape(false);
      return typeof e === 'number' ? { type: 'char', cp: e } : { type: 'class', negated: false, items: [e] };
    }
    if (c === '{') {
      at--;
      if (braces()) fail('nothing to repeat');
      at++;
    }
    return { type: 'char', cp: c.codePointAt(0)! };
  };

  const parseSeq = (): RegexNode => {
    const items: RegexNode[] = [];
    while (at < cps.length && peek() !== '|' && peek() !== ')') {
      let node = parseAtom();
      const q = quantifier();
      if (q) {
        if (node.type === 'assert') fail('nothing to repeat');
        node = { type: 'repeat', node, ...q };
        if (quantifier()) fail('nothing to repeat');
      }
      items.push(node);
    }
    return items.length === 1 ? items[0]! : { type: 'seq', items };
  };

  function parseAlt(): RegexNode {
    const options = [parseSeq()];
    while (peek() === '|') {
      at++;
      options.push(parseSeq());
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options };
  }

  const tree = parseAlt();
  if (at < cps.length) fail('unmatched )');
  return tree;
}
