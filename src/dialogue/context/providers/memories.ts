import type { Memory } from '../../../core/index.ts';
import { localDate, renderPrompt } from '../../../core/index.ts';
import { pastPeriodIn, type RecallPeriod } from '../../../memory/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import {
  type ContextItem,
  type ContextProvider,
  type ContextSection,
  inBand,
  PRIORITY,
  type Turn,
} from '../types.ts';

/**
 * Memory retrieval as the memory module offers it (hybrid retrieval over the pair's memories, the user's
 * and the pet's own); with `period`, the pet's memories of that past period come too. `signal` is the
 * turn's (the client's): the lookup stops when it aborts. `priority` is interactive: a turn waits for it.
 */
export type RetrieveMemories = (query: {
  userId: string;
  petId: string;
  query: string;
  now: Date;
  k: number;
  priority: 'interactive';
  signal?: AbortSignal;
  period?: { from: Date; to: Date };
}) => Promise<Array<{ memory: Memory; score: number }>>;

type Found = { memory: Memory; score: number };

/**
 * M: memories related to the user's message, quoted as data in the per-turn part, in two blocks: what the
 * pet did and said (its own memories, oldest first) and what it remembers about the user (best first). Low
 * scores are dropped first under budget pressure. When the message asks about a past period ("yesterday",
 * 上周), the pet's memories of it are fetched in the same search and kept longest, and a line says whether
 * there are any - so the pet says it does not remember rather than invent that day.
 */
export function memoriesProvider(retrieve: RetrieveMemories, k: number): ContextProvider {
  return {
    name: 'memories',
    async provide(turn) {
      const period = pastPeriodIn(turn.text, turn.now, turn.user.timezone);
      const found = await retrieve({
        userId: turn.user.id,
        petId: turn.pet.id,
        query: turn.text,
        now: turn.now,
        k,
        priority: 'interactive',
        ...(turn.signal ? { signal: turn.signal } : {}),
        ...(period ? { period: { from: period.from, to: period.to } } : {}),
      });
      const within = (m: Memory) =>
        period !== null &&
        m.subject === 'pet' &&
        m.occurredAt.getTime() >= period.from.getTime() &&
        m.occurredAt.getTime() < period.to.getTime();
      const own = found
        .filter((f) => f.memory.subject === 'pet')
        .sort((a, b) => a.memory.occurredAt.getTime() - b.memory.occurredAt.getTime());
      const aboutUser = found.filter((f) => f.memory.subject !== 'pet').sort((a, b) => b.score - a.score);

      const sections: ContextSection[] = [];
      if (period)
        sections.push(
          recallSection(
            turn,
            period,
            own.some((f) => within(f.memory)),
          ),
        );
      if (own.length > 0) {
        sections.push({
          key: 'pet-memories',
          text: renderPrompt(dialoguePrompt('pet-memories', turn.locale), {}),
          stable: false,
          priority: PRIORITY.memory,
          quote: 'pet-memories',
          items: own.map((f) => memoryItem(turn, f, within(f.memory))),
        });
      }
      if (aboutUser.length > 0) {
        sections.push({
          key: 'memories',
          text: renderPrompt(dialoguePrompt('memories', turn.locale), { userName: turn.userName }),
          stable: false,
          priority: PRIORITY.memory,
          quote: 'memories',
          items: aboutUser.map((f) => memoryItem(turn, f, false)),
        });
      }
      return sections;
    },
  };
}

function memoryItem(turn: Turn, { memory, score }: Found, asked: boolean): ContextItem {
  return {
    key: `memory:${memory.id}`,
    text: `(${localDate(memory.occurredAt, turn.user.timezone)}) ${memory.text}`,
    // The memories of the period the user asks about are what the reply is about: kept longest.
    priority: asked ? PRIORITY.recall : inBand(PRIORITY.memory, score, 20),
    ref: { type: 'memory', id: memory.id, text: memory.text, score, subject: memory.subject },
  };
}

function recallSection(turn: Turn, period: RecallPeriod, remembered: boolean): ContextSection {
  const span = period.start === period.end ? period.start : `${period.start} – ${period.end}`;
  return {
    key: remembered ? 'recall:found' : 'recall:none',
    text: renderPrompt(dialoguePrompt(remembered ? 'recall-found' : 'recall-none', turn.locale), {
      userName: turn.userName,
      period: span,
    }),
    stable: false,
    priority: PRIORITY.recall,
  };
}
