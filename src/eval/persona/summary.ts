import { SIMULATOR_WARNING } from '../common/simulator.ts';
import type { PersonaReport } from './report.ts';

/** What `ipet eval persona --json` prints. */
export function personaResultJson(report: PersonaReport, out: string, files: Record<string, string>) {
  return {
    out,
    files,
    simulator: report.simulator,
    warning: report.warning,
    overall: report.table.overall,
    macroNormalized: report.table.macroNormalized,
    personas: report.table.rows,
  };
}

/** What `ipet eval persona` prints for a person. */
export function renderPersonaSummary(report: PersonaReport, files: Record<string, string>): string {
  const o = report.table.overall;
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '—');
  return [
    ...(report.simulator ? [`*** ${SIMULATOR_WARNING} ***`, ''] : []),
    ...report.table.rows.map(
      (r) =>
        `${r.persona.padEnd(14)} APC ${f(r.apc.mean).padStart(7)} / ${r.statements} statements  (normalized ${f(r.normalized.mean)}, n=${r.n})`,
    ),
    `${'overall'.padEnd(14)} APC/statements ${f(o.normalized.mean)} ± ${f(o.normalized.std)} over ${o.n} queries (${o.failed} failed)`,
    `wrote ${Object.values(files).join(', ')}`,
  ].join('\n');
}
