import type { FetchFunction } from '@ai-sdk/provider-utils';
import { raceAbort, startDeadline, type Timer } from '../policy/signals.ts';

export interface ServerListing {
  /** Something answered HTTP at the base URL. */
  reachable: boolean;
  /** Nothing answered within the deadline. */
  timedOut: boolean;
  status: number | null;
  /** The ipet simulator (`owned_by: 'ipet-simulator'` or an `x-ipet-simulator` header). */
  simulator: boolean;
  models: string[];
  error: unknown;
}

/** GET `<baseURL>/models`: is the server there, is it the simulator, which models does it serve. */
export async function listServerModels(options: {
  baseURL: string;
  apiKey: string | undefined;
  fetch: FetchFunction;
  timer: Timer;
  timeoutMs: number;
}): Promise<ServerListing> {
  const deadline = startDeadline(options.timeoutMs, options.timer, () => new Error('no answer in time'));
  try {
    const response = await raceAbort(
      options.fetch(`${options.baseURL.replace(/\/+$/, '')}/models`, {
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: deadline.signal,
      }),
      deadline.signal,
    );
    const body = (await raceAbort(response.json(), deadline.signal).catch(() => null)) as {
      data?: Array<{ id?: unknown; owned_by?: unknown }>;
    } | null;
    const entries = Array.isArray(body?.data) ? body.data : [];
    return {
      reachable: true,
      timedOut: false,
      status: response.status,
      simulator:
        response.headers.get('x-ipet-simulator') !== null ||
        entries.some((entry) => entry?.owned_by === 'ipet-simulator'),
      models: entries.map((entry) => entry?.id).filter((id): id is string => typeof id === 'string'),
      error: response.ok ? null : new Error(`GET /models answered ${response.status}`),
    };
  } catch (error) {
    return {
      reachable: false,
      timedOut: deadline.expired,
      status: null,
      simulator: false,
      models: [],
      error,
    };
  } finally {
    deadline.clear();
  }
}
