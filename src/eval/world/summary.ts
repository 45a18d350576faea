import { SIMULATOR_WARNING } from '../common/simulator.ts';
import { METHOD_LABELS, WORLD_METRICS } from './metrics.ts';
import type { WorldReport } from './report.ts';

/** What `ipet eval world --json` prints: where the files are, the flags, the table, what was reused. */
export function worldResultJson(report: WorldReport, out: string, files: Record<string, string>) {
  const records = report.records;
  return {
    out,
    files,
    simulator: report.simulator,
    warning: report.warning,
    jobs: records.length,
    failed: records.filter((r) => r.status === 'failed').length,
    reused: {
      days: records.filter((r) => r.cached.day).length,
      judgements: records.reduce((a, r) => a + r.cached.judgements, 0),
    },
    table: report.table,
    ...(report.continuity
      ? {
          continuity: {
            days: report.continuity.days,
            samples: report.continuity.samples,
            failed: report.continuity.failed,
            metrics: report.continuity.metrics,
            repetition: report.continuity.repetition,
            reflections: report.continuity.reflections,
          },
        }
      : {}),
  };
}

/** What `ipet eval world` prints for a person. */
export function renderWorldSummary(report: WorldReport, files: Record<string, string>): string {
  const lines: string[] = [];
  if (report.simulator) lines.push(`*** ${SIMULATOR_WARNING} ***`, '');
  lines.push(
    `${'type'.padEnd(8)}${'method'.padEnd(20)}${WORLD_METRICS.map((m) => m.padStart(13)).join('')}${'n'.padStart(5)}`,
  );
  for (const cell of report.table) {
    const values = WORLD_METRICS.map((m) => {
      const s = cell.metrics[m];
      return (s.n === 0 ? '—' : `${s.mean.toFixed(2)}±${s.std.toFixed(2)}`).padStart(13);
    });
    lines.push(
      `${cell.mode.padEnd(8)}${METHOD_LABELS[cell.method].padEnd(20)}${values.join('')}${String(cell.n).padStart(5)}`,
    );
  }
  const c = report.continuity;
  if (c) {
    const show = (s: { n: number; mean: number }) => (s.n === 0 ? '—' : s.mean.toFixed(2));
    lines.push(
      '',
      `multi-day (${c.days} days, ${c.samples - c.failed} of ${c.samples} samples): continuity ${show(c.metrics.continuity)}, non-repetition ${show(c.metrics.variety)}, repeated titles ${c.repetition.n === 0 ? '—' : `${(c.repetition.mean * 100).toFixed(1)}%`}`,
    );
  }
  const { jobs, failed, reused } = worldResultJson(report, '', files);
  lines.push(
    '',
    `${jobs} jobs, ${failed} failed, ${reused.days} days reused from an earlier run`,
    `wrote ${Object.values(files).join(', ')}`,
  );
  if (failed > 0) lines.push('rerun the same command to retry the failed jobs');
  return lines.join('\n');
}
