import { estimateTokens } from '../../core/index.ts';
import { type Lorebook, type LoreEntry, type ScanText, scanText } from './book.ts';

/** Characters of each recent message that are scanned (its end), and of the whole window. */
export const MAX_SCAN_CHARS_PER_MESSAGE = 2000;
export const MAX_SCAN_CHARS = 8000;
/** Extra passes when the book enables recursive scanning (entries triggered by other entries' text). */
const RECURSION_PASSES = 2;

/** The last `depth` texts, each cut to its end, newest kept first when the window is full. */
export function scanWindow(recentTexts: readonly string[], depth: number): string {
  const picked: string[] = [];
  let used = 0;
  for (const text of recentTexts.slice(-depth).reverse()) {
    const room = Math.min(MAX_SCAN_CHARS_PER_MESSAGE, MAX_SCAN_CHARS - used);
    if (room <= 0) break;
    const part = text.slice(-room);
    picked.unshift(part);
    used += part.length + 1;
  }
  return picked.join('\n');
}

function triggered(entry: LoreEntry, text: ScanText): boolean {
  if (!entry.keys.some((k) => k.test(text))) return false;
  if (entry.selective && entry.secondaryKeys.length > 0) return entry.secondaryKeys.some((k) => k.test(text));
  return true;
}

/** Budget order: higher `priority` first, then (V3: "remove the lowest insertion_order first") higher order. */
function importance(a: LoreEntry, b: LoreEntry): number {
  return (b.priority ?? 0) - (a.priority ?? 0) || b.insertionOrder - a.insertionOrder || a.index - b.index;
}

/**
 * World info for one turn, pure. An enabled entry with content applies when it is `constant`, or when one
 * of its keys occurs in the last `book.scanDepth` texts (plain keys: substring, case-insensitive unless
 * `case_sensitive`; regex keys: the safe subset) and, for `selective` entries, one of its secondary keys
 * too. With `recursive_scanning`, applied entries' text can trigger others (two passes). Entries are
 * then admitted by importance until `budget` tokens are used (one that does not fit is skipped, a smaller
 * one may still fit) and returned in prompt order: `insertion_order` ascending.
 */
export function selectLore(
  book: Lorebook,
  recentTexts: readonly string[],
  budget = book.tokenBudget,
): LoreEntry[] {
  const candidates = book.entries.filter((e) => e.enabled && e.text !== '');
  const window = scanText(scanWindow(recentTexts, book.scanDepth));
  const active = new Set(candidates.filter((e) => e.constant || triggered(e, window)));
  if (book.recursive) {
    let fresh = [...active];
    for (let pass = 0; pass < RECURSION_PASSES && fresh.length > 0; pass++) {
      const text = scanText(
        scanWindow(
          fresh.map((e) => e.text),
          fresh.length,
        ),
      );
      fresh = candidates.filter((e) => !active.has(e) && triggered(e, text));
      for (const e of fresh) active.add(e);
    }
  }
  const chosen: LoreEntry[] = [];
  let left = budget;
  for (const entry of [...active].sort(importance)) {
    const cost = estimateTokens(entry.text);
    if (cost > left) continue;
    chosen.push(entry);
    left -= cost;
  }
  return chosen.sort((a, b) => a.insertionOrder - b.insertionOrder || a.index - b.index);
}
