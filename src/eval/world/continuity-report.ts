import { type Summary, summarize } from '../common/stats.ts';
import { addUsage, type CallUsage, NO_USAGE } from '../common/usage.ts';
import { CONTINUITY_LABELS, CONTINUITY_METRICS, type ContinuityMetric } from './continuity-prompt.ts';
import type { MultiDayRecord } from './multi-day.ts';
import { REPEAT_WINDOW_DAYS } from './multi-day.ts';

/** The multi-day continuity table of `ipet eval world --days N` (in `results.json` as `continuity`). */
export interface ContinuityReport {
  days: number;
  samples: number;
  failed: number;
  metrics: Record<ContinuityMetric, Summary>;
  /** Share of titles repeated from the previous three days, over the samples (lower is better). */
  repetition: Summary;
  /** Reflections stored per sample over the run. */
  reflections: Summary;
  generation: CallUsage;
  judge: CallUsage;
  records: MultiDayRecord[];
}

export function buildContinuityReport(records: MultiDayRecord[], days: number): ContinuityReport {
  const ok = records.filter((r) => r.status === 'ok');
  const metrics = Object.fromEntries(
    CONTINUITY_METRICS.map((metric) => [
      metric,
      summarize(ok.flatMap((r) => (r.scores[metric] ? [r.scores[metric].rating] : []))),
    ]),
  ) as Record<ContinuityMetric, Summary>;
  return {
    days,
    samples: records.length,
    failed: records.length - ok.length,
    metrics,
    repetition: summarize(ok.flatMap((r) => (r.repetition === null ? [] : [r.repetition]))),
    reflections: summarize(ok.map((r) => r.reflections)),
    generation: addUsage(NO_USAGE, ...records.map((r) => r.usage.generation)),
    judge: addUsage(NO_USAGE, ...records.map((r) => r.usage.judge)),
    records,
  };
}

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const cell = (s: Summary) => (s.n === 0 ? '—' : `${fixed(s.mean)} ± ${fixed(s.std)}`);

/** The markdown section placed under Table 1 in `table.md`. */
export function renderContinuityTable(report: ContinuityReport, simulator: boolean): string {
  const lines = [`## Multi-day continuity (${report.days} consecutive days per sample)`, ''];
  if (simulator) {
    lines.push(
      '> **SIMULATOR**: the days and ratings below come from the ipet simulator; they show that the multi-day pipeline runs, not how a model does.',
      '',
    );
  }
  lines.push(
    `Each sample's pet lives ${report.days} nights of the product's nightly job in the evaluation store: it records its own day as memories, reflects, and builds the next day from the last days, its reflections and open promises. The judge then rates the whole run (analyze-then-rate, 1-5).`,
    '',
    `| Method | ${CONTINUITY_METRICS.map((m) => CONTINUITY_LABELS[m]).join(' | ')} | repeated titles | reflections | n |`,
    `|---|${CONTINUITY_METRICS.map(() => '---:').join('|')}|---:|---:|---:|`,
    `| World Simulation, memory mode | ${CONTINUITY_METRICS.map((m) => cell(report.metrics[m])).join(' | ')} | ${
      report.repetition.n === 0 ? '—' : `${(report.repetition.mean * 100).toFixed(1)}%`
    } | ${fixed(report.reflections.mean)} | ${report.samples - report.failed} |`,
    '',
    `"Repeated titles": of the schedule titles of days 2-${report.days}, the share equal (case and punctuation ignored) to a title of one of the previous ${REPEAT_WINDOW_DAYS} days; deterministic, lower is better. "Reflections": reflections stored per sample over the run.`,
    '',
    `Cost: generation ${report.generation.calls} calls (${report.generation.inputTokens} / ${report.generation.outputTokens} tokens in / out), judge ${report.judge.calls} calls.`,
  );
  if (report.failed > 0) {
    lines.push(
      '',
      `${report.failed} sample(s) failed and are not counted; rerun the same command to retry them.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
