import type { ModelMessage } from 'ai';
import { estimateTokens, quoteData } from '../../core/index.ts';
import { type ContextRef, type ContextSection, type HistoryEntry, inBand, PRIORITY } from './types.ts';

export type { HistoryEntry };

/** The words around the turn context, from the prompt files (see `promptFrame`). */
export interface PromptFrame {
  /** Wraps the rendered per-turn sections into the block that opens the final user turn. */
  turnContext(text: string): string;
  /** A user turn that opens a history whose first kept message is the pet's (the first-session greeting). */
  conversationStart: string;
}

export interface PromptPlan {
  /** In prompt order; stable ones go to the system message, the others to the turn context. */
  sections: ContextSection[];
  /** Oldest first. */
  history: HistoryEntry[];
  userText: string;
  frame: PromptFrame;
}

export interface SectionTokens {
  key: string;
  tokens: number;
  stable: boolean;
}

export interface BuiltPrompt {
  /** system, then user and assistant strictly alternating, ending with the user turn. */
  messages: ModelMessage[];
  /** Kept sections, in prompt order. */
  sections: SectionTokens[];
  /** Where kept list items came from (memories, schedule lines, details, lore). */
  refs: ContextRef[];
  /** Tokens of the system message: identical across the pair's turns. */
  systemTokens: number;
  /**
   * Tokens of everything before the final user turn (the system message and the history): what the next
   * turn's prompt starts with, so a prefix cache can serve it.
   */
  stablePrefixTokens: number;
  historyTokens: number;
  historyMessages: number;
  /** The turn-context block at the start of the final user turn. */
  turnContextTokens: number;
  /** The rest of the final user turn: the user's words (and earlier unanswered ones). */
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

const CONTEXT_TAG = /<(\/?)(turn-context)/gi;

/**
 * User text never opens a turn-context block of its own: the tag is defused (a look-alike bracket), so only
 * the block ipet writes reads as context.
 */
export function defuseUserText(text: string): string {
  return text.replace(CONTEXT_TAG, '\u2039$1$2');
}

function renderSection(section: ContextSection, dropped: ReadonlySet<string>): string | null {
  if (dropped.has(section.key)) return null;
  if (!section.items) return section.text;
  const kept = section.items.filter((i) => !dropped.has(i.key));
  if (kept.length === 0) return null;
  const lines = kept.map((i) => i.text);
  return `${section.text}\n${section.quote ? quoteData(section.quote, lines) : lines.join('\n')}`;
}

type Turned = { role: 'user' | 'assistant'; content: string };

/** Assistant turns carry their label, so the history shows the model the format it must follow. */
function historyMessage(entry: HistoryEntry): Turned {
  return entry.role === 'user'
    ? { role: 'user', content: defuseUserText(entry.content) }
    : { role: 'assistant', content: entry.emotion ? `[${entry.emotion}] ${entry.content}` : entry.content };
}

/**
 * History as strictly alternating turns: consecutive messages of one role (a user message whose reply
 * failed, then the next one) are merged, and a history that starts with the pet (its greeting) is opened
 * by the frame's conversation-start turn.
 */
function alternate(history: readonly HistoryEntry[], frame: PromptFrame): Turned[] {
  const out: Turned[] = [];
  for (const message of history.map(historyMessage)) {
    const last = out.at(-1);
    if (last?.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else out.push({ ...message });
  }
  if (out[0]?.role === 'assistant') out.unshift({ role: 'user', content: frame.conversationStart });
  return out;
}

/**
 * Renders the plan without the `dropped` keys: ONE system message (the stable sections), the history, and
 * the final user turn - the turn context block first, the user's own words last. Roles alternate strictly
 * (system, user, assistant, ..., user), as strict chat templates require.
 */
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
  const kept = plan.history.filter((h) => !dropped.has(`history:${h.id}`));
  // A reply whose message was left out goes with it (only the history's own first message may be the pet's).
  while (kept[0]?.role === 'pet' && kept[0] !== plan.history[0]) kept.shift();
  const history = alternate(kept, plan.frame);
  // Unanswered user messages at the end of the history join the final user turn, after the context block.
  const own: string[] = [];
  while (history.at(-1)?.role === 'user') own.unshift(history.pop()!.content);
  own.push(defuseUserText(plan.userText));
  const ownText = own.join('\n\n');
  const turnText = turnTexts.length > 0 ? plan.frame.turnContext(turnTexts.join('\n\n')) : '';

  const messages: ModelMessage[] = [];
  const stableText = stableTexts.join('\n\n');
  if (stableText) messages.push({ role: 'system', content: stableText });
  messages.push(...history);
  messages.push({ role: 'user', content: turnText ? `${turnText}\n\n${ownText}` : ownText });

  const systemTokens = stableText ? messageTokens(stableText) : 0;
  const historyTokens = history.reduce((sum, m) => sum + messageTokens(m.content), 0);
  const turnContextTokens = turnText ? estimateTokens(`${turnText}\n\n`) : 0;
  const userTokens = messageTokens(ownText);
  return {
    messages,
    sections,
    refs,
    systemTokens,
    stablePrefixTokens: systemTokens + historyTokens,
    historyTokens,
    historyMessages: kept.length,
    turnContextTokens,
    userTokens,
    totalTokens: systemTokens + historyTokens + turnContextTokens + userTokens,
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
