import type { CounterBuffer } from '../app/index.ts';
import type { CounterSample } from '../core/index.ts';
import type { ModelsHandle } from '../llm/index.ts';

/**
 * Counters for `GET /metrics`, in Prometheus text format. Request counts are labelled by the route pattern
 * (`/api/v1/pets/:petId`), never by the concrete URL, so ids do not explode the label space.
 *
 * The counters are shared: each process counts into its runtime's counter buffer (`countersFor`), which adds
 * its deltas to the store's (or Redis's) counters every few seconds, and `render` shows every process's
 * totals after flushing this one's. Circuit breaker state is this process's own (each has its breakers).
 */
export interface Metrics {
  request(method: string, route: string, status: number): void;
  chatTurn(api: 'rest' | 'openai', outcome: 'ok' | 'error' | 'aborted'): void;
  rateLimited(scope: string): void;
  render(models: Pick<ModelsHandle, 'circuits'>): Promise<string>;
}

type Labels = Readonly<Record<string, string>>;

/** Labels in name order, whatever order the shared counters keep them in. */
function labelText(labels: Labels): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** The shared counter families, in the order they are shown. */
const COUNTERS: ReadonlyArray<readonly [name: string, help: string]> = [
  ['ipet_http_requests_total', 'HTTP requests by route and status'],
  ['ipet_chat_turns_total', 'chat turns by API and outcome'],
  ['ipet_rate_limited_total', 'requests refused by a rate limit'],
  ['ipet_safety_events_total', 'safety events (crisis, concern, injection, quota) by kind'],
  ['ipet_model_calls_total', 'model calls by purpose'],
  ['ipet_model_failures_total', 'failed model calls by purpose'],
  ['ipet_model_input_tokens_total', 'prompt tokens by purpose'],
  ['ipet_model_output_tokens_total', 'completion tokens by purpose'],
  ['ipet_model_cached_input_tokens_total', 'prompt tokens served from a cache, by purpose'],
  ['ipet_model_latency_ms_sum', 'total model call latency in milliseconds, by purpose'],
];

export function createMetrics(counters: CounterBuffer): Metrics {
  return {
    request(method, route, status) {
      counters.add('ipet_http_requests_total', { method, route, status: String(status) });
    },
    chatTurn(api, outcome) {
      counters.add('ipet_chat_turns_total', { api, outcome });
    },
    rateLimited(scope) {
      counters.add('ipet_rate_limited_total', { scope });
    },
    async render(models) {
      const totals = await counters.totals();
      const out: string[] = [];
      const family = (
        name: string,
        type: 'counter' | 'gauge',
        help: string,
        samples: ReadonlyArray<{ labels: Labels; value: number }>,
      ) => {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const s of samples) out.push(`${name}${labelText(s.labels)} ${s.value}`);
      };
      const byName = new Map<string, CounterSample[]>();
      for (const t of totals) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
      for (const [name, help] of COUNTERS) {
        const samples = (byName.get(name) ?? []).sort((a, b) =>
          labelText(a.labels) < labelText(b.labels) ? -1 : 1,
        );
        family(name, 'counter', help, samples);
      }

      const circuits = models.circuits();
      family(
        'ipet_model_circuit_state',
        'gauge',
        'circuit breaker state per model provider in this process (1 for the current state)',
        circuits.flatMap((c) =>
          (['closed', 'open', 'half-open'] as const).map((state) => ({
            labels: { provider: c.name, state },
            value: c.state === state ? 1 : 0,
          })),
        ),
      );
      family(
        'ipet_model_circuit_opened_total',
        'counter',
        'times each circuit of this process opened since it started',
        circuits.map((c) => ({ labels: { provider: c.name }, value: c.opened })),
      );
      return `${out.join('\n')}\n`;
    },
  };
}
