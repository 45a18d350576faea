import { SIMULATOR_WARNING } from '../common/simulator.ts';
import {
  type LayerFigures,
  SAFETY_LAYERS,
  type SafetyEvalResult,
  type SafetyLayer,
} from './run-safety-eval.ts';

/** The issue's goals on the shipped set. */
export const SAFETY_TARGETS = {
  patterns: { recall: 0.9, falseAlarmRate: 0.03 },
  combined: { recall: 0.98 },
} as const;

export interface SafetyEvalReport extends Omit<SafetyEvalResult, 'outcomes'> {
  kind: 'ipet-eval-safety';
  version: 1;
  file: string;
  /** The classifier's model, or null (patterns only). `scripted`: the simulator answered from the file. */
  classifierModel: { id: string; simulator: boolean; scripted: boolean } | null;
  targets: typeof SAFETY_TARGETS & { met: { patterns: boolean; combined: boolean } };
}

export function safetyEvalReport(
  result: SafetyEvalResult,
  file: string,
  classifierModel: SafetyEvalReport['classifierModel'],
): SafetyEvalReport {
  const { outcomes: _, ...rest } = result;
  const { patterns, combined } = result.layers;
  return {
    kind: 'ipet-eval-safety',
    version: 1,
    file,
    classifierModel,
    ...rest,
    targets: {
      ...SAFETY_TARGETS,
      met: {
        patterns:
          (patterns.recall ?? 0) >= SAFETY_TARGETS.patterns.recall &&
          (patterns.falseAlarmRate ?? 0) <= SAFETY_TARGETS.patterns.falseAlarmRate,
        combined: (combined.recall ?? 0) >= SAFETY_TARGETS.combined.recall,
      },
    },
  };
}

const num = (x: number | null) => (x === null ? '-' : x.toFixed(3));

/** The report for a person: the layers side by side, then per category and per language. */
export function renderSafetyEval(report: SafetyEvalReport): string {
  const { counts } = report;
  const model = report.classifierModel;
  const layers = SAFETY_LAYERS.filter((l) => l !== 'classifier' || report.layers.classifier !== null);
  const figuresOf = (f: Record<SafetyLayer, LayerFigures | null>, l: SafetyLayer) => f[l];
  const lines = [
    `Crisis screening on ${counts.items} messages: ${counts.crisis} crisis, ${counts.concern} concern, ${counts.none} ordinary`,
    `file: ${report.file}`,
    model === null
      ? 'classifier: none (patterns only)'
      : `classifier: ${model.id}${model.scripted ? ` - the simulator's scripted answers from the file (${SIMULATOR_WARNING} about a model)` : ''}`,
    '',
    table(
      ['layer', 'recall', 'false alarms', 'crisis flagged', 'concern flagged'],
      layers.map((l) => {
        const f = figuresOf(report.layers, l)!;
        return [l, num(f.recall), num(f.falseAlarmRate), num(f.flaggedRecall), num(f.concernRecall)];
      }),
    ),
    '',
    'per category: recall / false alarms / concern lines flagged (- where the category has no such line)',
    table(
      ['category', 'lines', 'crisis', 'concern', 'none', ...layers],
      Object.entries(report.categories).map(([name, c]) => [
        name,
        String(c.items),
        String(c.crisis),
        String(c.concern),
        String(c.none),
        ...layers.map((l) => {
          const f = figuresOf(c, l)!;
          return `${num(f.recall)} / ${num(f.falseAlarmRate)} / ${num(f.concernRecall)}`;
        }),
      ]),
    ),
    '',
    table(
      ['language', 'lines', 'patterns', 'combined'],
      Object.entries(report.locales).map(([name, c]) => [
        name,
        String(c.items),
        `${num(c.patterns.recall)} / ${num(c.patterns.falseAlarmRate)}`,
        `${num(c.combined.recall)} / ${num(c.combined.falseAlarmRate)}`,
      ]),
    ),
    '',
    `targets: patterns recall >= ${SAFETY_TARGETS.patterns.recall} with <= ${SAFETY_TARGETS.patterns.falseAlarmRate * 100}% false alarms: ${report.targets.met.patterns ? 'met' : 'MISSED'}; combined recall >= ${SAFETY_TARGETS.combined.recall}: ${report.targets.met.combined ? 'met' : 'MISSED'}`,
  ];
  for (const layer of layers) {
    const missed = report.misses[layer];
    const alarms = report.falseAlarms[layer];
    if (missed.length > 0) lines.push(`${layer} missed: ${missed.join(', ')}`);
    if (alarms.length > 0) lines.push(`${layer} false alarms: ${alarms.join(', ')}`);
  }
  if (report.classifierFailures > 0)
    lines.push(`note: the classifier failed on ${report.classifierFailures} line(s), counted as none`);
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
