import { ConfigError, parseHhMm } from '../core/index.ts';

/** Knobs of the world simulation. Defaults follow the paper (about 8 events a day, temperature 0.9). */
export interface WorldOptions {
  /** Local times (HH:MM) between which schedule items may start. */
  wakingHours: { start: string; end: string };
  /** How many schedule items to ask for (`target`) and accept (`min`..`max`). */
  items: { target: number; min: number; max: number };
  /** Detail calls in flight at once. */
  concurrency: number;
  /** Attempts per structured call before it fails with ModelOutputError. */
  maxAttempts: number;
  temperature: number;
}

export interface WorldOptionsInput {
  wakingHours?: Partial<WorldOptions['wakingHours']>;
  items?: Partial<WorldOptions['items']>;
  concurrency?: number;
  maxAttempts?: number;
  temperature?: number;
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  wakingHours: { start: '07:00', end: '22:30' },
  items: { target: 8, min: 6, max: 10 },
  concurrency: 4,
  maxAttempts: 3,
  temperature: 0.9,
};

/** Fills defaults and rejects inconsistent settings with a ConfigError naming the option. */
export function resolveWorldOptions(input: WorldOptionsInput = {}): WorldOptions {
  const d = DEFAULT_WORLD_OPTIONS;
  const options: WorldOptions = {
    wakingHours: { ...d.wakingHours, ...input.wakingHours },
    items: { ...d.items, ...input.items },
    concurrency: input.concurrency ?? d.concurrency,
    maxAttempts: input.maxAttempts ?? d.maxAttempts,
    temperature: input.temperature ?? d.temperature,
  };
  const start = parseHhMm(options.wakingHours.start);
  const end = parseHhMm(options.wakingHours.end);
  if (start === null || end === null || start >= end) {
    throw new ConfigError(
      `world.wakingHours must be two HH:MM times with start before end (got ${options.wakingHours.start}-${options.wakingHours.end})`,
    );
  }
  const { target, min, max } = options.items;
  if (![target, min, max].every(Number.isInteger) || min < 1 || min > target || target > max) {
    throw new ConfigError(
      `world.items needs integers 1 <= min <= target <= max (got ${min}/${target}/${max})`,
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new ConfigError(`world.concurrency must be a positive integer (got ${options.concurrency})`);
  }
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new ConfigError(`world.maxAttempts must be a positive integer (got ${options.maxAttempts})`);
  }
  return options;
}
