import type { Clock, EventRepository, Logger, ProductEventKind } from '../core/index.ts';
import { assignVariant } from './assign-variant.ts';
import { recordEvent } from './product-events.ts';

/** An A/B experiment that users are assigned to (the operator configures it; the apps pass it in). */
export interface Experiment {
  /** e.g. `world-sim` (the only experiment that changes what users get). */
  name: string;
  /** A new salt reshuffles users between variants. */
  salt: string;
  variants: readonly string[];
}

/** The user's arm of the experiment, or null when none runs. */
export function experimentOf(
  experiment: Experiment | null,
  userId: string,
): { experiment: string; variant: string } | null {
  if (!experiment) return null;
  return {
    experiment: experiment.name,
    variant: assignVariant(userId, experiment.name, experiment.variants, experiment.salt),
  };
}

/**
 * Whether the user gets world simulation: everyone, except the `control` arm of the `world-sim` experiment
 * (the paper's dialogue-only system: no day in chat, and the day routes answer 404).
 */
export function worldSimFor(experiment: Experiment | null, userId: string): boolean {
  if (experiment?.name !== 'world-sim') return true;
  return experimentOf(experiment, userId)?.variant !== 'control';
}

export interface ProductEventDeps {
  events: Pick<EventRepository, 'record'>;
  clock: Clock;
  logger: Logger;
  /** The running experiment, whose arm goes on every event; null: none. */
  experiment: Experiment | null;
}

/**
 * Records one anonymous product event (ids and kinds only) with the user's experiment and variant, at the
 * clock's now unless `at` is given. Fire and forget: the promise never rejects (a failure is logged), so
 * analytics can never fail a request; callers may pass it to a tracker to wait on it.
 */
export function recordProductEvent(
  deps: ProductEventDeps,
  event: { userId: string; kind: ProductEventKind; sessionId?: string; petId?: string; at?: Date },
): Promise<void> {
  return Promise.resolve()
    .then(() =>
      recordEvent(deps.events, {
        at: deps.clock.now(),
        ...event,
        ...experimentOf(deps.experiment, event.userId),
      }),
    )
    .then(
      () => undefined,
      (error: unknown) => deps.logger.warn('product event not recorded', { kind: event.kind, error }),
    );
}
