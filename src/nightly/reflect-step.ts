import type { Pet, User } from '../core/index.ts';
import { toFailure } from '../core/index.ts';
import { type ReflectOutcome, reflectNight } from '../memory/index.ts';
import type { NightlyDeps } from './deps.ts';
import type { StepUsage } from './night-steps.ts';

/** The night's reflections: what each scope did (ids of what was stored), or why the step failed. */
export type ReflectStepReport =
  | {
      outcome: 'done';
      ms: number;
      nightly: ReflectOutcome;
      weekly: ReflectOutcome;
      /** Ids of the reflections stored by this run (empty when none was). */
      stored: string[];
      usage: StepUsage;
    }
  | { outcome: 'failed'; reason: string; ms: number; usage: StepUsage };

/**
 * The pair's reflections, between its memories and its new day (which reads them). A failure degrades: it is
 * logged and reported with the pair's ids and its reason, never text, and the day is built with the
 * reflections there were. The model calls are counted from the stored usage records (`attachUsage`).
 */
export async function reflectStep(
  deps: NightlyDeps,
  input: { user: User; pet: Pet; date: string },
  signal: AbortSignal | undefined,
): Promise<ReflectStepReport> {
  const started = Date.now();
  const usage = { calls: 0, failures: 0, inputTokens: 0, outputTokens: 0 };
  try {
    const result = await reflectNight(deps.reflection!(signal), { ...input, ...(signal ? { signal } : {}) });
    const stored = [result.nightly, result.weekly]
      .filter((r) => r.outcome === 'stored')
      .flatMap((r) => r.reflections.map((item) => item.id));
    return {
      outcome: 'done',
      ms: Date.now() - started,
      nightly: result.nightly.outcome,
      weekly: result.weekly.outcome,
      stored,
      usage,
    };
  } catch (error) {
    const { reason } = toFailure(error);
    deps.logger.warn('nightly: reflections not made; the day is built with the earlier ones', {
      userId: input.user.id,
      petId: input.pet.id,
      date: input.date,
      reason,
    });
    return { outcome: 'failed', reason, ms: Date.now() - started, usage };
  }
}
