import type { WorldMethod, WorldMode } from '../../core/index.ts';
import { type Summary, summarize } from '../common/stats.ts';
import { addUsage, type CallUsage } from '../common/usage.ts';
import { METHOD_ORDER, MODE_ORDER, WORLD_METRICS, type WorldMetric } from './metrics.ts';
import type { WorldEvalRecord } from './run-world-eval.ts';

/** One row of Table 1: a (type, method) with each metric's mean and standard deviation over its samples. */
export interface WorldCell {
  mode: WorldMode;
  method: WorldMethod;
  /** Samples rated on every metric. */
  n: number;
  failed: number;
  metrics: Record<WorldMetric, Summary>;
  /** Generating the days (the companion model). */
  generation: CallUsage;
  /** Rating them (the judge). */
  judge: CallUsage;
}

/** Rows in the paper's order (Normal then Memory; Basic Information, Direct, World Simulation, w/o outline). */
export function aggregateWorld(
  records: readonly WorldEvalRecord[],
  modes: readonly WorldMode[],
  methods: readonly WorldMethod[],
): WorldCell[] {
  const cells: WorldCell[] = [];
  for (const mode of MODE_ORDER.filter((m) => modes.includes(m))) {
    for (const method of METHOD_ORDER.filter((m) => methods.includes(m))) {
      const mine = records.filter((r) => r.mode === mode && r.method === method);
      const ok = mine.filter((r) => r.status === 'ok');
      const metrics = Object.fromEntries(
        WORLD_METRICS.map((metric) => [
          metric,
          summarize(ok.map((r) => r.scores[metric]?.rating).filter((v): v is number => v !== undefined)),
        ]),
      ) as Record<WorldMetric, Summary>;
      cells.push({
        mode,
        method,
        n: ok.length,
        failed: mine.length - ok.length,
        metrics,
        generation: addUsage(...mine.map((r) => r.usage.generation)),
        judge: addUsage(...mine.map((r) => r.usage.judge)),
      });
    }
  }
  return cells;
}
