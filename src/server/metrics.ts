import type { ModelsHandle } from '../llm/index.ts';

/**
 * Counters for `GET /metrics`, in Prometheus text format. Request counts are labelled by the route pattern
 * (`/api/v1/pets/:petId`), never by the concrete URL, so ids do not explode the label space.
 */
export interface Metrics {
  request(method: string, route: string, status: number): void;
  chatTurn(api: 'rest' | 'openai', outcome: 'ok' | 'error' | 'aborted'): void;
  rateLimited(scope: string): void;
  render(models: Pick<ModelsHandle, 'usage' | 'circuits'>): string;
}

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

function createCounter() {
  const values = new Map<string, { labels: Labels; value: number }>();
  return {
    inc(labels: Labels, by = 1) {
      const key = labelText(labels);
      const entry = values.get(key) ?? { labels, value: 0 };
      entry.value += by;
      values.set(key, entry);
    },
    entries: () => [...values.values()],
  };
}

export function createMetrics(): Metrics {
  const requests = createCounter();
  const turns = createCounter();
  const limited = createCounter();
  return {
    request(method, route, status) {
      requests.inc({ method, route, status: String(status) });
    },
    chatTurn(api, outcome) {
      turns.inc({ api, outcome });
    },
    rateLimited(scope) {
      limited.inc({ scope });
    },
    render(models) {
      const out: string[] = [];
      const family = (
        name: string,
        type: 'counter' | 'gauge',
        help: string,
        samples: Array<{ labels: Labels; value: number }>,
      ) => {
        out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
        for (const s of samples) out.push(`${name}${labelText(s.labels)} ${s.value}`);
      };
      family('ipet_http_requests_total', 'counter', 'HTTP requests by route and status', requests.entries());
      family('ipet_chat_turns_total', 'counter', 'chat turns by API and outcome', turns.entries());
      family('ipet_rate_limited_total', 'counter', 'requests refused by a rate limit', limited.entries());

      const usage = Object.entries(models.usage());
      const perPurpose = (pick: (u: NonNullable<(typeof usage)[number][1]>) => number) =>
        usage.map(([purpose, u]) => ({ labels: { purpose }, value: u ? pick(u) : 0 }));
      family(
        'ipet_model_calls_total',
        'counter',
        'model calls by purpose',
        perPurpose((u) => u.calls),
      );
      family(
        'ipet_model_failures_total',
        'counter',
        'failed model calls by purpose',
        perPurpose((u) => u.failures),
      );
      family(
        'ipet_model_input_tokens_total',
        'counter',
        'prompt tokens by purpose',
        perPurpose((u) => u.inputTokens),
      );
      family(
        'ipet_model_output_tokens_total',
        'counter',
        'completion tokens by purpose',
        perPurpose((u) => u.outputTokens),
      );
      family(
        'ipet_model_cached_input_tokens_total',
        'counter',
        'prompt tokens served from a cache, by purpose',
        perPurpose((u) => u.cachedInputTokens),
      );
      family(
        'ipet_model_latency_ms_sum',
        'counter',
        'total model call latency in milliseconds, by purpose',
        perPurpose((u) => u.totalLatencyMs),
      );

      const circuits = models.circuits();
      family(
        'ipet_model_circuit_state',
        'gauge',
        'circuit breaker state per model provider (1 for the current state)',
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
        'times each circuit opened since start',
        circuits.map((c) => ({ labels: { provider: c.name }, value: c.opened })),
      );
      return `${out.join('\n')}\n`;
    },
  };
}
