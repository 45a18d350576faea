import type { Locale, WorldMethod, WorldMode } from '../../core/index.ts';
import { SIMULATOR_WARNING } from '../common/simulator.ts';
import { aggregateWorld, type WorldCell } from './aggregate.ts';
import { renderWorldChart } from './chart.ts';
import { type ContinuityReport, renderContinuityTable } from './continuity-report.ts';
import type { WorldEvalRecord } from './run-world-eval.ts';
import { renderWorldTable } from './table.ts';

/** `results.json` of `ipet eval world`. */
export interface WorldReport {
  kind: 'ipet-eval-world';
  version: 1;
  /** True when the companion model or the judge is the ipet simulator. */
  simulator: boolean;
  warning: string | null;
  createdAt: string;
  setup: {
    companion: { model: string; simulator: boolean };
    judge: { model: string; simulator: boolean };
    samples: number;
    seed: string;
    modes: WorldMode[];
    methods: WorldMethod[];
    /** The reference instant the days are generated around. */
    now: string;
    promptVersions: { world: string; eval: string };
    /** Friends in the pool F per language. */
    friendPools: Partial<Record<Locale, number>>;
  };
  table: WorldCell[];
  records: WorldEvalRecord[];
  /** `--days N`: the multi-day continuity table. */
  continuity?: ContinuityReport;
}

/** Aggregates the records into the report; the simulator flag comes from the setup. */
export function buildWorldReport(
  records: WorldEvalRecord[],
  setup: WorldReport['setup'],
  createdAt: Date,
  continuity?: ContinuityReport,
): WorldReport {
  const simulator = setup.companion.simulator || setup.judge.simulator;
  return {
    kind: 'ipet-eval-world',
    version: 1,
    simulator,
    warning: simulator ? SIMULATOR_WARNING : null,
    createdAt: createdAt.toISOString(),
    setup,
    table: aggregateWorld(records, setup.modes, setup.methods),
    records,
    ...(continuity ? { continuity } : {}),
  };
}

/** The files `ipet eval world` writes into its output directory. */
export function worldOutputFiles(report: WorldReport): Record<string, string> {
  return {
    'table.md': report.continuity
      ? `${renderWorldTable(report)}\n${renderContinuityTable(report.continuity, report.simulator)}`
      : renderWorldTable(report),
    'results.json': `${JSON.stringify(report, null, 2)}\n`,
    'chart.svg': renderWorldChart(report),
  };
}
