import { UnsupportedRegexError } from './ast.ts';
import { compileRegex, MAX_PROGRAM } from './compile.ts';
import { runProgram } from './match.ts';
import { parseRegex } from './parse.ts';

export { UnsupportedRegexError } from './ast.ts';
export { MAX_PROGRAM };

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_CHARS = 300;

export interface SafeRegex {
  source: string;
  flags: string;
  /** Program length: the matcher's work per character of text is at most this. */
  size: number;
  test(text: string): boolean;
}

const LITERAL = /^\/([\s\S]+)\/([a-z]*)$/;

/**
 * Compiles a lorebook regex key: `/pattern/flags` (SillyTavern style) or a bare pattern, in which case
 * matching is case-insensitive unless the entry is case-sensitive. Flags `i m s` apply; `g y u` are
 * accepted and have no effect on a yes/no match; anything else is refused. Throws UnsupportedRegexError
 * for patterns outside the linear-time subset (see parse.ts).
 */
export function compileSafeRegex(key: string, options: { caseSensitive: boolean }): SafeRegex {
  if (key.length > MAX_PATTERN_CHARS) {
    throw new UnsupportedRegexError(`the pattern is longer than ${MAX_PATTERN_CHARS} characters`);
  }
  const literal = LITERAL.exec(key);
  const source = literal ? literal[1]! : key;
  const flags = literal ? literal[2]! : options.caseSensitive ? '' : 'i';
  const bad = flags.replace(/[gimsuy]/g, '');
  if (bad) throw new UnsupportedRegexError(`unsupported flag ${bad[0]}`);
  const matchFlags = {
    ignoreCase: flags.includes('i'),
    multiline: flags.includes('m'),
    dotAll: flags.includes('s'),
  };
  const prog = compileRegex(parseRegex(source), { ignoreCase: matchFlags.ignoreCase });
  return { source, flags, size: prog.length, test: (text) => runProgram(prog, text, matchFlags) };
}
