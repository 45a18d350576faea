import { classMatches, isLineTerminator, isWordChar, lower, upper } from './chars.ts';
import type { Inst } from './compile.ts';

export interface MatchFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

/**
 * Does the program match anywhere in `text`? A Pike VM: all threads advance in lockstep over the text and
 * a program counter is never queued twice per position, so the work is at most O(program x text) whatever
 * the pattern - `(a+)+$` on a long run of `a`s costs the same as `a`. No timeouts needed.
 */
export function runProgram(prog: readonly Inst[], text: string, flags: MatchFlags): boolean {
  const input = Array.from(text, (c) => (flags.ignoreCase ? lower(c.codePointAt(0)!) : c.codePointAt(0)!));
  const n = input.length;
  const seen = new Int32Array(prog.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  let found = false;
  const stack: number[] = [];

  /** Follows jumps, splits and assertions from `pc` at position `i`, queueing consuming instructions. */
  const add = (list: number[], start: number, i: number) => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen[pc] === i) continue;
      seen[pc] = i;
      const inst = prog[pc]!;
      switch (inst.op) {
        case 'match':
          found = true;
          break;
        case 'jmp':
          stack.push(inst.x);
          break;
        case 'split':
          stack.push(inst.y, inst.x);
          break;
        case 'assert':
          if (holds(inst.kind, input, i, flags)) stack.push(pc + 1);
          break;
        default:
          list.push(pc);
      }
    }
  };

  for (let i = 0; ; i++) {
    add(current, 0, i);
    if (found) return true;
    if (i === n) return false;
    const cp = input[i]!;
    next = [];
    for (const pc of current) {
      if (consumes(prog[pc]!, cp, flags)) add(next, pc + 1, i + 1);
    }
    if (found) return true;
    current = next;
  }
}

function consumes(inst: Inst, cp: number, flags: MatchFlags): boolean {
  switch (inst.op) {
    case 'char':
      return inst.cp === cp;
    case 'any':
      return flags.dotAll || !isLineTerminator(cp);
    case 'class': {
      const hit = classMatches(inst.items, cp) || (flags.ignoreCase && classMatches(inst.items, upper(cp)));
      return hit !== inst.negated;
    }
    default:
      return false;
  }
}

function holds(kind: string, input: readonly number[], i: number, flags: MatchFlags): boolean {
  const before = i > 0 ? input[i - 1]! : -1;
  const after = i < input.length ? input[i]! : -1;
  switch (kind) {
    case 'line-start':
      return i === 0 || (flags.multiline && isLineTerminator(before));
    case 'line-end':
      return i === input.length || (flags.multiline && isLineTerminator(after));
    case 'word-boundary':
      return isWordChar(before) !== isWordChar(after);
    default:
      return isWordChar(before) === isWordChar(after);
  }
}
