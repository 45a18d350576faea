import type { LocomoLoadNotes } from './locomo.ts';
import { MEMORY_EVAL_MODES, type MemoryEvalResult } from './run-memory-eval.ts';

/** What `ipet eval memory` reports: the run's result, the file it read and what loading it repaired. */
export interface MemoryEvalReport extends MemoryEvalResult {
  kind: 'ipet-eval-memory';
  version: 1;
  file: string;
  load: LocomoLoadNotes;
}

export function memoryEvalReport(
  result: MemoryEvalResult,
  file: string,
  load: LocomoLoadNotes,
): MemoryEvalReport {
  return { kind: 'ipet-eval-memory', version: 1, file, ...result, load };
}

const num = (x: number) => x.toFixed(3);

/** The result for a person: the modes side by side, then the same per question category. */
export function renderMemoryEval(result: MemoryEvalReport): string {
  const k = result.k;
  const skipped = result.skippedQuestions.noEvidence + result.skippedQuestions.evidenceNotFound;
  const lines = [
    `Evidence retrieval, top ${k}: ${result.questions} questions over ${result.turns} turns in ${result.samples} conversation${result.samples === 1 ? '' : 's'}`,
    `file: ${result.file}`,
    `embedder: ${result.embedder.id}${result.embedder.kind === 'lexical' ? ' (the offline fallback: dense ranks hashed words, not meanings; configure an embedding model for a real one)' : ` (${result.embedder.kind})`}`,
    '',
    table(
      ['mode', `recall@${k}`, `MRR@${k}`],
      MEMORY_EVAL_MODES.map((mode) => [
        mode,
        num(result.modes[mode]['recall@k']),
        num(result.modes[mode].mrr),
      ]),
    ),
  ];
  const categories = Object.entries(result.categories);
  if (categories.length > 1) {
    lines.push(
      '',
      `recall@${k} / MRR@${k} per question category:`,
      table(
        ['category', 'questions', ...MEMORY_EVAL_MODES],
        categories.map(([category, c]) => [
          category,
          String(c.questions),
          ...MEMORY_EVAL_MODES.map((mode) => `${num(c.modes[mode]['recall@k'])} / ${num(c.modes[mode].mrr)}`),
        ]),
      ),
    );
  }
  const notes = [
    skipped > 0
      ? `${skipped} question(s) skipped: ${result.skippedQuestions.noEvidence} without evidence, ${result.skippedQuestions.evidenceNotFound} whose evidence names no turn of the conversation`
      : '',
    result.droppedEvidence > 0
      ? `${result.droppedEvidence} evidence id(s) of scored questions name no turn and were left out`
      : '',
    result.screenedTurns > 0
      ? `${result.screenedTurns} turn(s) left out: they read as instructions to the pet (the import's screening)`
      : '',
    result.truncatedTurns > 0 ? `${result.truncatedTurns} turn(s) cut to 2000 characters` : '',
    result.load.malformedEvidence > 0
      ? `${result.load.malformedEvidence} evidence entr${result.load.malformedEvidence === 1 ? 'y was' : 'ies were'} not one turn id ("D1:3; D2:4" is read as two)`
      : '',
    result.load.undatedSessions > 0
      ? `${result.load.undatedSessions} session(s) without a readable date, dated a day after the one before`
      : '',
    result.load.emptyTurns + result.load.duplicateTurns > 0
      ? `${result.load.emptyTurns} empty and ${result.load.duplicateTurns} repeated turn(s) left out`
      : '',
    result.hybridDegraded > 0
      ? `${result.hybridDegraded} hybrid ranking(s) had no dense half (the embedder failed)`
      : '',
  ].filter(Boolean);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `note: ${n}`));
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
