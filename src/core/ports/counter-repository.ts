/** One labelled counter (a Prometheus sample): a metric name, its labels and a value. */
export interface CounterSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * Operator counters shared by every process (`/metrics`): each process adds what it counted since its
 * last flush, and any of them reads the totals. Labels never hold ids or text (bounded label space).
 */
export interface CounterRepository {
  /** Adds each sample's value to its counter (created at 0); one round trip for the batch. */
  add(deltas: readonly CounterSample[]): Promise<void>;
  /** Every counter's total. */
  totals(): Promise<CounterSample[]>;
}
