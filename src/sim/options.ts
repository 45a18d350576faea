import { FAULT_KINDS, type FaultKind } from './faults.ts';

/**
 * A scripted answer, as a test kit's fake model gives: any chat completion whose last user message contains
 * every string of `contains` is answered with `reply` (sent as is, JSON for a structured call), whatever the
 * rest of the prompt says. When several match, the one with the most strings, then the longest, wins. The
 * simulator never reads the caller's prompt wording: the caller chooses the strings (e.g. the user's own
 * message and the turns before it).
 */
export interface SimScript {
  contains: string[];
  reply: string;
}

/** At most this many scripted answers. */
export const MAX_SIM_SCRIPTS = 10_000;

export interface SimOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port; 0 picks a free one (default 0). */
  port?: number;
  /** Time to first token / to the response, in ms (default 0). */
  latencyMs?: number;
  /** Generation speed; 0 or Infinity means instant (default 0). */
  tokensPerSecond?: number;
  /** Requests served at once (default 8); more wait in a FIFO queue or get 429 (`overCapacity`). */
  capacity?: number;
  overCapacity?: 'queue' | 'reject';
  /** Share of requests (0..1) that get an injected fault (default 0). */
  failRate?: number;
  /** Fault kinds drawn from when a fault is injected (default: all). */
  faults?: FaultKind[];
  /** Retry-After on 429 answers (default 1). */
  retryAfterSeconds?: number;
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** Chat models listed in /v1/models (default ['ipet-sim']). */
  models?: string[];
  /** Embedding model listed in /v1/models (default 'ipet-sim-embed'). */
  embeddingModel?: string;
  /** Length of embedding vectors (default 256). */
  embeddingDimensions?: number;
  /**
   * Answer structured calls with arbitrary schema-valid instances and plain chat with generic filler,
   * never reading the prompt (like a guided-decoding server with a weak model); default false.
   */
  schemaOnly?: boolean;
  /** Scripted answers (`SimScript`), tried before anything is generated; default none. */
  scripts?: SimScript[];
}

export type ResolvedSimOptions = Required<SimOptions>;

export const DEFAULT_SIM_OPTIONS: ResolvedSimOptions = {
  host: '127.0.0.1',
  port: 0,
  latencyMs: 0,
  tokensPerSecond: 0,
  capacity: 8,
  overCapacity: 'queue',
  failRate: 0,
  faults: [...FAULT_KINDS],
  retryAfterSeconds: 1,
  seed: 1,
  models: ['ipet-sim'],
  embeddingModel: 'ipet-sim-embed',
  embeddingDimensions: 256,
  schemaOnly: false,
  scripts: [],
};

/** An option value out of range or of the wrong type (answered with HTTP 400 by /sim/config). */
export class SimOptionsError extends RangeError {
  override readonly name = 'SimOptionsError';
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new SimOptionsError(message);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

function isScript(v: unknown): v is SimScript {
  if (typeof v !== 'object' || v === null) return false;
  const { contains, reply } = v as Record<string, unknown>;
  return (
    typeof reply === 'string' &&
    Array.isArray(contains) &&
    contains.length > 0 &&
    contains.every((s) => typeof s === 'string' && s.length > 0)
  );
}

/** Applies `patch` to `base` after validating every field present in it; unknown keys are rejected. */
export function resolveOptions(base: ResolvedSimOptions, patch: Partial<SimOptions>): ResolvedSimOptions {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    switch (key as keyof SimOptions) {
      case 'host':
      case 'embeddingModel':
        check(typeof value === 'string' && value.length > 0, `${key} must be a non-empty string`);
        break;
      case 'port':
        check(
          isNumber(value) && Number.isInteger(value) && value >= 0 && value <= 65535,
          'port must be 0..65535',
        );
        break;
      case 'latencyMs':
      case 'tokensPerSecond':
      case 'retryAfterSeconds':
        check(isNumber(value) && value >= 0, `${key} must be a number >= 0`);
        break;
      case 'capacity':
        check(isNumber(value) && Number.isInteger(value) && value >= 1, 'capacity must be an integer >= 1');
        break;
      case 'embeddingDimensions':
        check(
          isNumber(value) && Number.isInteger(value) && value >= 1 && value <= 65536,
          'embeddingDimensions must be an integer in 1..65536',
        );
        break;
      case 'failRate':
        check(isNumber(value) && value >= 0 && value <= 1, 'failRate must be in 0..1');
        break;
      case 'schemaOnly':
        check(typeof value === 'boolean', 'schemaOnly must be true or false');
        break;
      case 'seed':
        check(isNumber(value) && Number.isFinite(value), 'seed must be a finite number');
        break;
      case 'overCapacity':
        check(value === 'queue' || value === 'reject', "overCapacity must be 'queue' or 'reject'");
        break;
      case 'faults':
        check(
          Array.isArray(value) && value.every((kind) => (FAULT_KINDS as readonly unknown[]).includes(kind)),
          `faults must be a list of ${FAULT_KINDS.join(', ')}`,
        );
        break;
      case 'scripts':
        check(
          Array.isArray(value) && value.length <= MAX_SIM_SCRIPTS && value.every(isScript),
          `scripts must be a list of at most ${MAX_SIM_SCRIPTS} { contains: [non-empty strings], reply: string }`,
        );
        break;
      case 'models':
        check(
          Array.isArray(value) &&
            value.length > 0 &&
            value.every((m) => typeof m === 'string' && m.length > 0),
          'models must be a non-empty list of names',
        );
        break;
      default:
        throw new SimOptionsError(`unknown simulator option: ${key}`);
    }
  }
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}
