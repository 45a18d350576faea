import type { ChatRepository, Logger } from '../../core/index.ts';
import { type BuiltPrompt, fitPlan, type HistoryEntry } from './assemble.ts';
import { type DayContextSource, dayProvider } from './providers/day.ts';
import { guardrailsProvider } from './providers/guardrails.ts';
import { instructionsProvider } from './providers/instructions.ts';
import { type LoreSource, loreProvider } from './providers/lore.ts';
import { memoriesProvider, type RetrieveMemories } from './providers/memories.ts';
import { moodProvider } from './providers/mood.ts';
import { nowProvider } from './providers/now.ts';
import { personaProvider } from './providers/persona.ts';
import { userProfileProvider } from './providers/user-profile.ts';
import type { ContextProvider, ContextSection, Turn } from './types.ts';

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
 * H: the pair's messages before `userMessageId` (across sessions), without failed or pending replies.
 * Messages after it (when a turn is retried late) are not part of its history.
 */
export async function loadHistory(
  chats: ChatRepository,
  pair: { userId: string; petId: string },
  userMessage: { id: string; createdAt: Date },
  limit: number,
): Promise<HistoryEntry[]> {
  const recent = await chats.recentMessages(pair.userId, pair.petId, limit + 2);
  const at = recent.findIndex((m) => m.id === userMessage.id);
  const before =
    at === -1
      ? recent.filter((m) => m.createdAt.getTime() < userMessage.createdAt.getTime())
      : recent.slice(0, at);
  return before
    .filter((m) => m.status === 'ok' && m.content.trim() !== '')
    .slice(-limit)
    .map((m) => ({ id: m.id, role: m.role, content: m.content, emotion: m.emotion }));
}

export async function buildPrompt(input: {
  turn: Turn;
  history: HistoryEntry[];
  providers: { core: readonly ContextProvider[]; optional: readonly ContextProvider[] };
  budgetTokens: number;
  keepRecentTurns: number;
  logger: Logger;
}): Promise<BuiltPrompt> {
  const sections = await collectSections(input.turn, input.providers, input.logger);
  const built = fitPlan(
    { sections, history: input.history, userText: input.turn.text },
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
