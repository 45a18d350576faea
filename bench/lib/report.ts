/** What every sub-benchmark returns: markdown tables, goal verdicts, notes, and the raw data for the JSON. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

export interface GoalCheck {
  goal: string;
  measured: string;
  /** null: no verdict (no numeric goal, not applicable, or not measured in this run). */
  met: boolean | null;
}

export interface BenchOutput {
  tables: Table[];
  goals: GoalCheck[];
  notes: string[];
  data: unknown;
}

export interface BenchContext {
  quick: boolean;
  /** Admin URL of a PostgreSQL server where throw-away databases may be created; null: skip PostgreSQL. */
  postgresUrl: string | null;
  /** The repository root (for `bin/ipet.js`). */
  root: string;
  log(message: string): void;
}

export interface Bench {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}

export function renderTable(table: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `**${table.title}**`,
    '',
    line(table.columns),
    line(table.columns.map(() => '---')),
    ...table.rows.map(line),
  ].join('\n');
}

export function renderGoals(goals: GoalCheck[]): string {
  if (goals.length === 0) return '';
  const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : 'MISSED');
  return renderTable({
    title: 'Goals',
    columns: ['goal', 'measured', 'verdict'],
    rows: goals.map((g) => [g.goal, g.measured, verdict(g.met)]),
  });
}
