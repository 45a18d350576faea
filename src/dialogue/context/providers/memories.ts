import type { Memory } from '../../../core/index.ts';
import { localDate, renderPrompt } from '../../../core/index.ts';
import { dialoguePrompt } from '../../prompt-files.ts';
import { type ContextProvider, inBand, PRIORITY } from '../types.ts';

/**
 * Memory retrieval as the memory module offers it (dense retrieval over the pair's memories). `signal` is the
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
}) => Promise<Array<{ memory: Memory; score: number }>>;

/**
 * M: memories related to the user's message, quoted as data in the per-turn part, best first. Low scores
 * are dropped first under budget pressure.
 */
export function memoriesProvider(retrieve: RetrieveMemories, k: number): ContextProvider {
  return {
    name: 'memories',
    async provide(turn) {
      const found = await retrieve({
        userId: turn.user.id,
        petId: turn.pet.id,
        query: turn.text,
        now: turn.now,
        k,
        priority: 'interactive',
        ...(turn.signal ? { signal: turn.signal } : {}),
      });
      if (found.length === 0) return [];
      const sorted = [...found].sort((a, b) => b.score - a.score);
      return [
        {
          key: 'memories',
          text: renderPrompt(dialoguePrompt('memories', turn.locale), { userName: turn.userName }),
          stable: false,
          priority: PRIORITY.memory,
          quote: 'memories',
          items: sorted.map(({ memory, score }) => ({
            key: `memory:${memory.id}`,
            text: `(${localDate(memory.occurredAt, turn.user.timezone)}) ${memory.text}`,
            priority: inBand(PRIORITY.memory, score, 20),
            ref: { type: 'memory', id: memory.id, text: memory.text, score },
          })),
        },
      ];
    },
  };
}
