import { SIMULATOR_WARNING, simulatorSubject } from '../common/simulator.ts';
import type { Summary } from '../common/stats.ts';
import type { PersonaReport } from './report.ts';

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ms = (s: Summary, digits = 2) => (s.n === 0 ? '—' : `${f(s.mean, digits)} ± ${f(s.std, digits)}`);

/** `table.md` of `ipet eval persona`: APC per persona and overall. */
export function renderPersonaTable(report: PersonaReport): string {
  const { setup, table } = report;
  const lines = ['# Persona faithfulness — APC score', ''];
  if (report.simulator) {
    lines.push(
      `> **${SIMULATOR_WARNING}.** ${simulatorSubject({ companion: setup.companion.simulator, judge: setup.judge.simulator })} the ipet simulator: replies and labels are filler, so these scores test the pipeline, not a model.`,
      '',
    );
  }
  lines.push(
    `- companion model: \`${setup.companion.model}\`${setup.companion.simulator ? ' (SIMULATOR)' : ''}`,
    `- judge (statements, relevance, NLI): \`${setup.judge.model}\`${setup.judge.simulator ? ' (SIMULATOR)' : ''}`,
    `- ${setup.personas} personas, ${setup.queries} queries; prompts ${setup.promptVersion}`,
    `- ${setup.formula}`,
    '',
    '| Persona | Lang | Statements | Queries | APC (sum) | APC / statements | Active statements | Contradicted |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of table.rows) {
    lines.push(
      `| ${row.persona} | ${row.locale} | ${row.statements} | ${row.n}${row.failed ? ` (+${row.failed} failed)` : ''} | ${ms(row.apc)} | ${ms(row.normalized, 3)} | ${ms(row.active, 1)} | ${ms(row.contradictions, 1)} |`,
    );
  }
  const o = table.overall;
  lines.push(
    `| **Overall** | | | ${o.n}${o.failed ? ` (+${o.failed} failed)` : ''} | ${ms(o.apc)} | **${ms(o.normalized, 3)}** | ${ms(o.active, 1)} | ${ms(o.contradictions, 1)} |`,
    '',
    `Mean ± sample std over queries. APC (sum) ranges over 0..statements; APC / statements over 0..1 ` +
      `(1: every relevant statement expressed and no statement contradicted). Overall pools every query; ` +
      `the macro average of APC / statements over personas is ${f(table.macroNormalized, 3)}. ` +
      `Judge cost: ${o.judge.calls} calls, ${o.judge.inputTokens} / ${o.judge.outputTokens} tokens (in / out).`,
  );
  if (o.failed > 0)
    lines.push('', `${o.failed} quer(ies) failed (see \`results.json\`); rerun to retry them.`);
  return `${lines.join('\n')}\n`;
}
