import type { ModelMessage } from 'ai';
import { estimateTokens, quoteData } from '../../core/index.ts';
import { type ContextRef, type ContextSection, inBand, PRIORITY } from './types.ts';

/** A stored message of the pair, as history H. */
export interface HistoryEntry {
  id: string;
  role: 'user' | 'pet';
  content: string;
  emotion: string | null;
}

export interface PromptPlan {
  /** In prompt order; stable ones go to the first system message, the others to the second. */
  sections: ContextSection[];
  /** Oldest first. */
  history: HistoryEntry[];
  userText: string;
}

export interface SectionTokens {
  key: string;
  tokens: number;
  stable: boolean;
}

export interface BuiltPrompt {
  messages: ModelMessage[];
  /** Kept sections, in prompt order. */
  sections: SectionTokens[];
  /** Where kept list items came from (memories, schedule lines, details, lore). */
  refs: ContextRef[];
  /** Tokens of the first system message: identical across the pair's turns, cacheable. */
  stablePrefixTokens: number;
  historyTokens: number;
  historyMessages: number;
  userTokens: number;
  totalTokens: number;
  /** Keys of sections, items and history messages left out to fit the budget. */
  dropped: string[];
  /** True when even the parts that are never dropped exceed the budget. */
  overBudget: boolean;
}

/** Per-message framing (role markers, separators) that chat templates add around each message. */
const MESSAGE_OVERHEAD_TOKENS = 4;
const messageTokens = (content: string) => estimateTokens(content) + MESSAGE_OVERHEAD_TOKENS;

function renderSection(section: ContextSection, dropped: ReadonlySet<string>): string | null {
  if (dropped.has(section.key)) return null;
  if (!section.items) return section.text;
  const kept = section.items.filter((i) => !dropped.has(i.key));
  if (kept.length === 0) return null;
  const lines = kept.map((i) => i.text);
  return `${section.text}\n${section.quote ? quoteData(section.quote, lines) : lines.join('\n')}`;
}

/** Assistant turns carry their label, so the history shows the model the format it must follow. */
function historyMessage(entry: HistoryEntry): ModelMessage {
  return entry.role === 'user'
    ? { role: 'user', content: entry.content }
    : { role: 'assistant', content: entry.emotion ? `[${entry.emotion}] ${entry.content}` : entry.content };
}

/** Renders the plan without the `dropped` keys: stable system message, per-turn system message, H, user turn. */
export function renderPlan(plan: PromptPlan, dropped: ReadonlySet<string> = new Set()): BuiltPrompt {
  const stableTexts: string[] = [];
  const turnTexts: string[] = [];
  const sections: SectionTokens[] = [];
  const refs: ContextRef[] = [];
  for (const section of plan.sections) {
    const text = renderSection(section, dropped);
    if (text === null) continue;
    (section.stable ? stableTexts : turnTexts).push(text);
    sections.push({ key: section.key, tokens: estimateTokens(text), stable: section.stable });
    for (const item of section.items ?? []) if (item.ref && !dropped.has(item.key)) refs.push(item.ref);
  }
  const messages: ModelMessage[] = [];
  const stableText = stableTexts.join('\n\n');
  if (stableText) messages.push({ role: 'system', content: stableText });
  const turnText = turnTexts.join('\n\n');
  if (turnText) messages.push({ role: 'system', content: turnText });
  const history = plan.history.filter((h) => !dropped.has(`history:${h.id}`));
  messages.push(...history.map(historyMessage));
  messages.push({ role: 'user', content: plan.userText });

  const historyTokens = history.reduce(
    (sum, h) => sum + messageTokens(historyMessage(h).content as string),
    0,
  );
  const stablePrefixTokens = stableText ? messageTokens(stableText) : 0;
  const userTokens = messageTokens(plan.userText);
  return {
    messages,
    sections,
    refs,
    stablePrefixTokens,
    historyTokens,
    historyMessages: history.length,
    userTokens,
    totalTokens: stablePrefixTokens + (turnText ? messageTokens(turnText) : 0) + historyTokens + userTokens,
    dropped: [...dropped],
    overBudget: false,
  };
}

/** Everything the budget may leave out, least useful first (ties: earlier in the prompt first). */
function droppable(plan: PromptPlan, keepRecentMessages: number): Array<{ key: string; priority: number }> {
  const units: Array<{ key: string; priority: number }> = [];
  for (const section of plan.sections) {
    if (section.items) {
      for (const item of section.items) units.push({ key: item.key, priority: item.priority });
    } else {
      units.push({ key: section.key, priority: section.priority });
    }
  }
  const n = plan.history.length;
  plan.history.forEach((h, i) => {
    const recent = i >= n - keepRecentMessages;
    const age = n > 1 ? i / (n - 1) : 1;
    units.push({
      key: `history:${h.id}`,
      priority: recent ? inBand(PRIORITY.recentHistory, age) : inBand(PRIORITY.olderHistory, age),
    });
  });
  return units
    .map((u, order) => ({ ...u, order }))
    .filter((u) => Number.isFinite(u.priority))
    .sort((a, b) => a.priority - b.priority || a.order - b.order);
}

/**
 * Fits the plan into `budgetTokens` by leaving out the least useful parts one at a time: older history
 * beyond the last `keepRecentTurns` turns, then lore, low-score memories, far schedule details, the persona's
 * story, the day... The instructions, persona core, user profile, time and the user's message always stay.
 */
export function fitPlan(plan: PromptPlan, budgetTokens: number, keepRecentTurns: number): BuiltPrompt {
  let built = renderPlan(plan);
  if (built.totalTokens <= budgetTokens) return built;
  const dropped = new Set<string>();
  for (const unit of droppable(plan, keepRecentTurns * 2)) {
    dropped.add(unit.key);
    built = renderPlan(plan, dropped);
    if (built.totalTokens <= budgetTokens) return built;
  }
  return { ...built, overBudget: true };
}
