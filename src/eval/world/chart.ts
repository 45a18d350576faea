import type { WorldMethod } from '../../core/index.ts';
import { SIMULATOR_WARNING } from '../common/simulator.ts';
import type { WorldCell } from './aggregate.ts';
import {
  METHOD_LABELS,
  METHOD_ORDER,
  METRIC_LABELS,
  MODE_LABELS,
  MODE_ORDER,
  WORLD_METRICS,
} from './metrics.ts';
import type { WorldReport } from './report.ts';

const COLORS: Record<WorldMethod, string> = {
  'basic-info': '#9ca3af',
  direct: '#f59e0b',
  'world-sim': '#0f766e',
  'no-outline': '#60a5fa',
};

const WIDTH = 920;
const PANEL_HEIGHT = 310;
const PLOT = { left: 56, right: 20, top: 48, bottom: 40 };
const MAX_RATING = 5;

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * `chart.svg`: one panel per type (Normal, Memory), four metric groups per panel, one bar per method with its
 * mean and a ±1 std whisker, on the 0-5 rating scale. Plain SVG, no library.
 */
export function renderWorldChart(report: WorldReport): string {
  const modes = MODE_ORDER.filter((m) => report.table.some((c) => c.mode === m));
  const methods = METHOD_ORDER.filter((m) => report.table.some((c) => c.method === m));
  const header = report.simulator ? 96 : 72;
  const height = header + modes.length * PANEL_HEIGHT + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(`${report.simulator ? `${SIMULATOR_WARNING}. ` : ''}iPET Table 1: judge ratings per metric and method`)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="26" font-size="17" font-weight="bold" text-anchor="middle">${escapeXml('Table 1 — world simulation, judge ratings (mean ± std)')}</text>`,
  ];
  let y = 46;
  if (report.simulator) {
    out.push(
      `<text x="${WIDTH / 2}" y="${y + 4}" font-size="16" font-weight="bold" fill="#b91c1c" text-anchor="middle">${escapeXml(SIMULATOR_WARNING)}</text>`,
    );
    y += 24;
  }
  // legend
  const legendWidth = methods.length * 170;
  let x = (WIDTH - legendWidth) / 2;
  for (const method of methods) {
    out.push(
      `<rect x="${x}" y="${y}" width="14" height="14" fill="${COLORS[method]}"/>`,
      `<text x="${x + 20}" y="${y + 12}" font-size="13">${escapeXml(METHOD_LABELS[method].replace(/^- /, 'World Simulation '))}</text>`,
    );
    x += 170;
  }
  modes.forEach((mode, i) => {
    out.push(
      panel(
        report.table.filter((c) => c.mode === mode),
        methods,
        header + i * PANEL_HEIGHT,
        MODE_LABELS[mode],
      ),
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function panel(
  cells: readonly WorldCell[],
  methods: readonly WorldMethod[],
  top: number,
  title: string,
): string {
  const out: string[] = [`<g class="panel">`];
  const plotTop = top + PLOT.top;
  const plotBottom = top + PANEL_HEIGHT - PLOT.bottom;
  const plotLeft = PLOT.left;
  const plotRight = WIDTH - PLOT.right;
  const yOf = (v: number) =>
    plotBottom - (Math.max(0, Math.min(MAX_RATING, v)) / MAX_RATING) * (plotBottom - plotTop);
  out.push(
    `<text x="${plotLeft}" y="${top + 20}" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  );
  for (let r = 0; r <= MAX_RATING; r++) {
    const gy = yOf(r);
    out.push(
      `<line x1="${plotLeft}" y1="${gy}" x2="${plotRight}" y2="${gy}" stroke="${r === 0 ? '#374151' : '#e5e7eb'}" stroke-width="1"/>`,
      `<text x="${plotLeft - 8}" y="${gy + 4}" font-size="11" text-anchor="end" fill="#4b5563">${r}</text>`,
    );
  }
  const groupWidth = (plotRight - plotLeft) / WORLD_METRICS.length;
  const barWidth = Math.min(36, (groupWidth * 0.8) / Math.max(1, methods.length));
  WORLD_METRICS.forEach((metric, g) => {
    const centre = plotLeft + groupWidth * (g + 0.5);
    out.push(
      `<text x="${centre}" y="${plotBottom + 22}" font-size="13" text-anchor="middle">${escapeXml(METRIC_LABELS[metric])}</text>`,
    );
    methods.forEach((method, b) => {
      const s = cells.find((c) => c.method === method)?.metrics[metric];
      if (!s || s.n === 0 || !Number.isFinite(s.mean)) return;
      const bx = centre - (methods.length * barWidth) / 2 + b * barWidth;
      const top = yOf(s.mean);
      out.push(
        `<rect x="${num(bx + 2)}" y="${num(top)}" width="${num(barWidth - 4)}" height="${num(plotBottom - top)}" fill="${COLORS[method]}"><title>${escapeXml(`${METHOD_LABELS[method]}, ${METRIC_LABELS[metric]}: ${s.mean.toFixed(2)} ± ${s.std.toFixed(2)} (n=${s.n})`)}</title></rect>`,
      );
      if (s.std > 0) {
        const cx = num(bx + barWidth / 2);
        out.push(
          `<line x1="${cx}" y1="${num(yOf(s.mean + s.std))}" x2="${cx}" y2="${num(yOf(s.mean - s.std))}" stroke="#111827" stroke-width="1.2"/>`,
        );
      }
      out.push(
        `<text x="${num(bx + barWidth / 2)}" y="${num(Math.min(top, yOf(s.mean + s.std)) - 4)}" font-size="10" text-anchor="middle" fill="#111827">${s.mean.toFixed(2)}</text>`,
      );
    });
  });
  out.push('</g>');
  return out.join('\n');
}
