/** What every output of an evaluation says when the companion model or the judge is the ipet simulator. */
export const SIMULATOR_WARNING = 'SIMULATOR — these numbers measure nothing';

export interface ModelEndpoint {
  baseURL: string;
  apiKey?: string;
}

/**
 * True when `GET <baseURL>/models` answers like the ipet simulator (an `x-ipet-simulator` header, or a
 * model `owned_by: "ipet-simulator"`), the rule `ipet doctor` uses. Unreachable servers are not simulators.
 */
export async function isSimulator(
  endpoint: ModelEndpoint,
  fetchFn: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<boolean> {
  try {
    const response = await fetchFn(`${endpoint.baseURL.replace(/\/+$/, '')}/models`, {
      headers: endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.headers.get('x-ipet-simulator') !== null) return true;
    const body = (await response.json().catch(() => null)) as { data?: Array<{ owned_by?: unknown }> } | null;
    return Array.isArray(body?.data) && body.data.some((m) => m?.owned_by === 'ipet-simulator');
  } catch {
    return false;
  }
}

/** "The companion model is", "The judge is", or "The companion model and the judge are". */
export function simulatorSubject(flags: { companion: boolean; judge: boolean }): string {
  if (flags.companion && flags.judge) return 'The companion model and the judge are';
  return flags.companion ? 'The companion model is' : 'The judge is';
}
