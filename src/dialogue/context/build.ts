import type { Locale, Logger, Message } from '../../core/index.ts';
import { renderPrompt } from '../../core/index.ts';
import { dialoguePrompt } from '../prompt-files.ts';
import { type BuiltPrompt, fitPlan, type PromptFrame } from './assemble.ts';
import { type DayContextSource, dayProvider } from './providers/day.ts';
import { guardrailsProvider } from './providers/guardrails.ts';
import { instructionsProvider } from './providers/instructions.ts';
import { type LoreSource, loreProvider } from './providers/lore.ts';
import { memoriesProvider, type RetrieveMemories } from './providers/memories.ts';
import { moodProvider } from './providers/mood.ts';
import { nowProvider } from './providers/now.ts';
import { personaProvider } from './providers/persona.ts';
import { userProfileProvider } from './providers/user-profile.ts';
import type { ContextProvider, ContextSection, HistoryEntry, Turn } from './types.ts';

/** The always-present providers, in prompt order: I_R, guardrails, P, U (stable), then time and mood. */
export const CORE_PROVIDERS: readonly ContextProvider[] = [
  instructionsProvider,
  guardrailsProvider,
  personaProvider,
  userProfileProvider,
  nowProvider,
  moodProvider,
];

/** Providers backed by other modules; each is optional and a failure only leaves its part out. */
export function optionalProviders(sources: {
  dayContext?: DayContextSource;
  retrieveMemories?: RetrieveMemories;
  lore?: LoreSource;
  providers?: ContextProvider[];
  memoryCount: number;
}): ContextProvider[] {
  return [
    ...(sources.dayContext ? [dayProvider(sources.dayContext)] : []),
    ...(sources.retrieveMemories ? [memoriesProvider(sources.retrieveMemories, sources.memoryCount)] : []),
    ...(sources.lore ? [loreProvider(sources.lore)] : []),
    ...(sources.providers ?? []),
  ];
}

export async function collectSections(
  turn: Turn,
  providers: { core: readonly ContextProvider[]; optional: readonly ContextProvider[] },
  logger: Logger,
): Promise<ContextSection[]> {
  const optional = providers.optional.map(async (p) => {
    try {
      return await p.provide(turn);
    } catch (error) {
      logger.warn('context provider failed; answering without it', {
        provider: p.name,
        error: error as Error,
      });
      return [];
    }
  });
  const results = await Promise.all([...providers.core.map((p) => p.provide(turn)), ...optional]);
  return results.flat();
}

/**
 * H for a turn: of the pair's `count` messages before this turn (`recent` are the last of them, oldest
 * first), the window that starts at a multiple of half the limit - so it keeps the same first message for
 * many turns (a prefix cache keeps serving the history) and moves on half a window at a time - without
 * failed, pending or empty messages.
 */
export function historyWindow(recent: readonly Message[], count: number, limit: number): HistoryEntry[] {
  const step = Math.max(1, Math.floor(limit / 2));
  const start = count <= limit ? 0 : (Math.floor((count - limit) / step) + 1) * step;
  const firstIndex = count - recent.length;
  const window = recent.filter(
    (m, i) => firstIndex + i >= start && m.status === 'ok' && m.content.trim() !== '',
  );
  // A window that starts mid-conversation starts with the user (a reply without its message is cut).
  if (start > 0) while (window[0]?.role === 'pet') window.shift();
  return window.map((m) => ({ id: m.id, role: m.role, content: m.content, emotion: m.emotion }));
}

/** The words around the turn context, in the user's language. */
export function promptFrame(locale: Locale, userName: string): PromptFrame {
  const wrap = dialoguePrompt('turn-context', locale);
  return {
    turnContext: (context) => renderPrompt(wrap, { context, userName }),
    conversationStart: renderPrompt(dialoguePrompt('conversation-start', locale), { userName }),
  };
}

/** Fits the gathered sections, the history and the user's message into the budget (see `fitPlan`). */
export function assemblePrompt(input: {
  turn: Turn;
  sections: ContextSection[];
  budgetTokens: number;
  keepRecentTurns: number;
  logger: Logger;
}): BuiltPrompt {
  const built = fitPlan(
    {
      sections: input.sections,
      history: [...input.turn.history],
      userText: input.turn.text,
      frame: promptFrame(input.turn.locale, input.turn.userName),
    },
    input.budgetTokens,
    input.keepRecentTurns,
  );
  if (built.overBudget) {
    input.logger.warn('prompt exceeds the budget even after dropping everything optional', {
      userId: input.turn.user.id,
      petId: input.turn.pet.id,
      tokens: built.totalTokens,
      budget: input.budgetTokens,
    });
  }
  return built;
}
