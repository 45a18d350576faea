import { type AssertKind, type ClassItem, type RegexNode, UnsupportedRegexError } from './ast.ts';
import { lower } from './chars.ts';

/** Instructions of the Pike VM (Russ Cox, "Regular Expression Matching: the Virtual Machine Approach"). */
export type Inst =
  | { op: 'char'; cp: number }
  | { op: 'any' }
  | { op: 'class'; negated: boolean; items: ClassItem[] }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'match' };

/** Largest program accepted for one pattern: counted repeats copy their body, so this bounds the work. */
export const MAX_PROGRAM = 1000;

export function compileRegex(tree: RegexNode, options: { ignoreCase: boolean }): Inst[] {
  const prog: Inst[] = [];
  const push = (inst: Inst): number => {
    if (prog.length >= MAX_PROGRAM)
      throw new UnsupportedRegexError(`the pattern is too complex (over ${MAX_PROGRAM} steps)`);
    prog.push(inst);
    return prog.length - 1;
  };
  const patch = (at: number, inst: Inst) => {
    prog[at] = inst;
  };

  const emit = (node: RegexNode): void => {
    switch (node.type) {
      case 'char':
        push({ op: 'char', cp: options.ignoreCase ? lower(node.cp) : node.cp });
        return;
      case 'any':
        push({ op: 'any' });
        return;
      case 'class':
        push({ op: 'class', negated: node.negated, items: node.items });
        return;
      case 'assert':
        push({ op: 'assert', kind: node.kind });
        return;
      case 'seq':
        for (const item of node.items) emit(item);
        return;
      case 'alt': {
        // split L1, next; L1: option; jmp end; next: split L2, ... ; last option; end:
        const jumps: number[] = [];
        node.options.forEach((option, i) => {
          if (i < node.options.length - 1) {
            const split = push({ op: 'jmp', x: -1 });
            emit(option);
            jumps.push(push({ op: 'jmp', x: -1 }));
            patch(split, { op: 'split', x: split + 1, y: prog.length });
          } else emit(option);
        });
        for (const j of jumps) patch(j, { op: 'jmp', x: prog.length });
        return;
      }
      case 'repeat': {
        for (let i = 0; i < node.min; i++) emit(node.node);
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = push({ op: 'jmp', x: -1 });
          emit(node.node);
          push({ op: 'jmp', x: loop });
          patch(loop, { op: 'split', x: loop + 1, y: prog.length });
          return;
        }
        const exits: number[] = [];
        for (let i = node.min; i < node.max; i++) {
          exits.push(push({ op: 'jmp', x: -1 }));
          emit(node.node);
        }
        for (const e of exits) patch(e, { op: 'split', x: e + 1, y: prog.length });
        return;
      }
    }
  };

  emit(tree);
  push({ op: 'match' });
  return prog;
}
