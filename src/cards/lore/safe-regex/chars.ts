import type { ClassEscape, ClassItem } from './ast.ts';

const WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

export function isWhitespace(cp: number): boolean {
  return WHITESPACE.has(cp) || (cp >= 0x2000 && cp <= 0x200a);
}

export function isWordChar(cp: number): boolean {
  return (
    (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f
  );
}

export function isLineTerminator(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029;
}

function escapeMatches(kind: ClassEscape, cp: number): boolean {
  switch (kind) {
    case 'd':
      return cp >= 0x30 && cp <= 0x39;
    case 'D':
      return !(cp >= 0x30 && cp <= 0x39);
    case 'w':
      return isWordChar(cp);
    case 'W':
      return !isWordChar(cp);
    case 's':
      return isWhitespace(cp);
    case 'S':
      return !isWhitespace(cp);
  }
}

export function classMatches(items: readonly ClassItem[], cp: number): boolean {
  return items.some((item) =>
    'escape' in item ? escapeMatches(item.escape, cp) : cp >= item.lo && cp <= item.hi,
  );
}

/** Simple case folding (one code point to one code point), as `i` matching needs. */
export function lower(cp: number): number {
  const s = String.fromCodePoint(cp).toLowerCase();
  return s.length === String.fromCodePoint(cp).length ? s.codePointAt(0)! : cp;
}

export function upper(cp: number): number {
  const s = String.fromCodePoint(cp).toUpperCase();
  return s.length === String.fromCodePoint(cp).length ? s.codePointAt(0)! : cp;
}
