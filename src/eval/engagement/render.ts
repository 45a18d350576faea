import type { EngagementReport } from './engagement.ts';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const pp = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pp` : '—');
const min = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const signed = (x: number, f: (n: number) => string) => (Number.isFinite(x) && x >= 0 ? `+${f(x)}` : f(x));

/** The human rendering of `ipet report engagement` (Table 2 layout, one column per variant). */
export function renderEngagement(report: EngagementReport): string {
  const lines = [
    `Engagement ${report.from} .. ${report.to} (UTC)${report.experiment ? `, experiment ${report.experiment}` : ''}: ${report.events} events`,
    '',
    `${'variant'.padEnd(14)}${'users'.padStart(7)}${'chatting'.padStart(10)}  ${'dialogue engagement rate (95% CI)'.padEnd(36)}usage min/day (95% CI)`,
  ];
  for (const v of report.variants) {
    lines.push(
      `${v.variant.padEnd(14)}${String(v.users).padStart(7)}${String(v.chatters).padStart(10)}  ${`${pct(v.engagementRate)} (${pct(v.engagementInterval.low)} to ${pct(v.engagementInterval.high)})`.padEnd(36)}${min(v.usageMinutes.mean)} (${min(v.usageInterval.low)} to ${min(v.usageInterval.high)})`,
    );
  }
  for (const c of report.comparisons) {
    lines.push(
      '',
      `${c.variant} vs ${c.baseline}:`,
      `  engagement rate ${pp(c.engagement.diff)} (95% CI ${pp(c.engagement.low)} to ${pp(c.engagement.high)}, Newcombe), relative ${signed(c.engagement.relative, pct)}`,
      `  usage time ${signed(c.usage.diff, min)} min/day (95% CI ${min(c.usage.low)} to ${min(c.usage.high)}, Welch df ${min(c.usage.df)}), relative ${signed(c.usage.relative, pct)}`,
    );
  }
  if (report.variants.length === 0) lines.push('(no events in this window)');
  if (report.excludedUsers > 0) {
    lines.push('', `${report.excludedUsers} user(s) were seen in more than one variant and are left out.`);
  }
  return lines.join('\n');
}
