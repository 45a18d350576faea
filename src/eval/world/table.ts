import { SIMULATOR_WARNING, simulatorSubject } from '../common/simulator.ts';
import type { Summary } from '../common/stats.ts';
import type { WorldCell } from './aggregate.ts';
import { METHOD_LABELS, METRIC_LABELS, MODE_LABELS, PAPER_TABLE_1, WORLD_METRICS } from './metrics.ts';
import type { WorldReport } from './report.ts';

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const int = (n: number) => n.toLocaleString('en-US');

function cellText(s: Summary, best: boolean): string {
  if (s.n === 0) return '—';
  const text = `${fixed(s.mean)} ± ${fixed(s.std)}`;
  return best ? `**${text}**` : text;
}

/** Per type and metric, the highest mean (bold in the table, as in the paper). */
function bestMeans(cells: readonly WorldCell[]): Map<string, number> {
  const best = new Map<string, number>();
  for (const cell of cells) {
    for (const metric of WORLD_METRICS) {
      const s = cell.metrics[metric];
      if (s.n === 0) continue;
      const key = `${cell.mode}/${metric}`;
      best.set(key, Math.max(best.get(key) ?? Number.NEGATIVE_INFINITY, s.mean));
    }
  }
  return best;
}

/** `table.md`: the paper's Table 1 layout (type x method x metric), mean ± std and n, then token cost. */
export function renderWorldTable(report: WorldReport): string {
  const { setup, table } = report;
  const lines: string[] = ['# Table 1 — world simulation, LLM-as-judge (analyze-rate)', ''];
  if (report.simulator) {
    lines.push(
      `> **${SIMULATOR_WARNING}.** ${simulatorSubject({ companion: setup.companion.simulator, judge: setup.judge.simulator })} the ipet simulator: its replies are schema-valid filler, so the ratings below test the pipeline, not a model.`,
      '',
    );
  }
  lines.push(
    `- companion model: \`${setup.companion.model}\`${setup.companion.simulator ? ' (SIMULATOR)' : ''}`,
    `- judge: \`${setup.judge.model}\`${setup.judge.simulator ? ' (SIMULATOR)' : ''}`,
    `- samples: ${setup.samples} (seed ${setup.seed}), days around ${setup.now.slice(0, 10)}`,
    `- prompts: world ${setup.promptVersions.world}, evaluation ${setup.promptVersions.eval}; friend pool: ${
      Object.entries(setup.friendPools)
        .map(([locale, n]) => `${n} (${locale})`)
        .join(', ') || 'none'
    }`,
    '',
  );
  const best = bestMeans(table);
  const multiple = new Set(table.map((c) => c.method)).size > 1;
  lines.push(
    `| Type | Method | ${WORLD_METRICS.map((m) => METRIC_LABELS[m]).join(' | ')} | n |`,
    `|---|---|${WORLD_METRICS.map(() => '---:').join('|')}|---:|`,
  );
  let previousMode = '';
  for (const cell of table) {
    const type = cell.mode === previousMode ? '' : MODE_LABELS[cell.mode];
    previousMode = cell.mode;
    const values = WORLD_METRICS.map((metric) => {
      const s = cell.metrics[metric];
      return cellText(s, multiple && s.n > 0 && s.mean === best.get(`${cell.mode}/${metric}`));
    });
    lines.push(`| ${type} | ${METHOD_LABELS[cell.method]} | ${values.join(' | ')} | ${cell.n} |`);
  }
  lines.push(
    '',
    "Mean ± sample standard deviation of the judge's integer ratings over n samples; the best mean per type is in bold. " +
      'Ratings are 1-5; Realism also allows 0, "no schedule at all to check", which is what Basic Information ' +
      '(the profile card, no schedule) should get (the paper reports 0.74 and 0.90 there).',
  );
  const failed = table.reduce((a, c) => a + c.failed, 0);
  if (failed > 0) {
    lines.push(
      '',
      `${failed} job(s) failed and are not counted (see \`results.json\`); rerun the same command to retry them.`,
    );
  }

  lines.push(
    '',
    '## Token cost per method',
    '',
    '| Type | Method | generation calls | generation tokens (in / out) | judge calls | judge tokens (in / out) |',
    '|---|---|---:|---:|---:|---:|',
  );
  previousMode = '';
  for (const cell of table) {
    const type = cell.mode === previousMode ? '' : MODE_LABELS[cell.mode];
    previousMode = cell.mode;
    lines.push(
      `| ${type} | ${METHOD_LABELS[cell.method]} | ${int(cell.generation.calls)} | ${int(cell.generation.inputTokens)} / ${int(cell.generation.outputTokens)} | ${int(cell.judge.calls)} | ${int(cell.judge.inputTokens)} / ${int(cell.judge.outputTokens)} |`,
    );
  }
  lines.push(
    '',
    'Totals over all samples, counting work reused from an earlier run at what it cost then.',
    '',
    "## The paper's Table 1, for comparison",
    '',
    '(Qwen2-family companion model fine-tuned by the authors, GPT-4o judge, 50 samples; means only.)',
    '',
    `| Type | Method | ${WORLD_METRICS.map((m) => METRIC_LABELS[m]).join(' | ')} |`,
    `|---|---|${WORLD_METRICS.map(() => '---:').join('|')}|`,
  );
  previousMode = '';
  for (const cell of table) {
    const type = cell.mode === previousMode ? '' : MODE_LABELS[cell.mode];
    previousMode = cell.mode;
    const paper = PAPER_TABLE_1[cell.mode][cell.method];
    lines.push(
      `| ${type} | ${METHOD_LABELS[cell.method]} | ${WORLD_METRICS.map((m) => fixed(paper[m])).join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
