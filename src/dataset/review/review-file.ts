import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../core/index.ts';
import { readItems, writeAtomic, writeItems } from '../files.ts';
import { DATASET_FILES, type DatasetItem, type Review } from '../record.ts';
import { csvLine, parseCsv } from './csv.ts';

/** What a person writes in the `decision` column. */
export const DECISIONS = ['accept', 'reject', 'pending'] as const;
export type Decision = (typeof DECISIONS)[number];

const STATUS: Record<Decision, Review['status']> = {
  accept: 'accepted',
  reject: 'rejected',
  pending: 'pending',
};
const DECISION: Record<Review['status'], Decision> = {
  accepted: 'accept',
  rejected: 'reject',
  pending: 'pending',
};

/** One line of the review file; the person edits `decision` and may edit `reasons` and add a `note`. */
export interface ReviewRow {
  id: string;
  decision: Decision;
  reasons: string[];
  by: Review['by'] | null;
  kind: string;
  pet: string;
  locale: string;
  /** The item, one turn a line ("user: ...", "pet [joy]: ..."), to read while deciding. */
  text: string;
}

export function reviewRow(item: DatasetItem): ReviewRow {
  return {
    id: item.id,
    decision: DECISION[item.review?.status ?? 'pending'],
    reasons: item.review?.reasons ?? [],
    by: item.review?.by ?? null,
    kind: item.kind,
    pet: item.petName,
    locale: item.locale,
    text: item.messages
      .map((m) => (m.role === 'user' ? `user: ${m.content}` : `pet [${m.emotion ?? '-'}]: ${m.content}`))
      .join('\n'),
  };
}

export const REVIEW_FORMATS = ['jsonl', 'csv'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

/** Columns of the CSV review file; `reasons` joined by `; `. */
const CSV_COLUMNS = ['id', 'decision', 'reasons', 'by', 'kind', 'pet', 'locale', 'text', 'note'] as const;

/**
 * Writes the review file, one row per item in the items' order: `<dir>/review.jsonl` (default) or
 * `<dir>/review.csv` (for a spreadsheet); returns its path.
 */
export async function writeReviewFile(
  dir: string,
  items: readonly DatasetItem[],
  format: ReviewFormat = 'jsonl',
): Promise<string> {
  if (format === 'csv') {
    const path = join(dir, DATASET_FILES.review.replace(/\.jsonl$/, '.csv'));
    const rows = items
      .map(reviewRow)
      .map((r) =>
        csvLine([r.id, r.decision, r.reasons.join('; '), r.by ?? '', r.kind, r.pet, r.locale, r.text, '']),
      );
    await writeAtomic(path, `${[csvLine(CSV_COLUMNS), ...rows].join('\r\n')}\r\n`);
    return path;
  }
  const path = join(dir, DATASET_FILES.review);
  await writeAtomic(path, items.map((i) => `${JSON.stringify(reviewRow(i))}\n`).join(''));
  return path;
}

/** The rows of a review file as read, with their line numbers; what could not be read goes to `problems`. */
function readRows(text: string, csv: boolean, problems: string[]): Array<{ line: number; value: unknown }> {
  if (!csv) {
    return text.split('\n').flatMap((raw, i) => {
      if (raw.trim() === '') return [];
      try {
        return [{ line: i + 1, value: JSON.parse(raw) as unknown }];
      } catch {
        problems.push(`line ${i + 1}: not JSON`);
        return [];
      }
    });
  }
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push((error as Error).message);
    return [];
  }
  const [header, ...body] = records;
  const columns = (header?.fields ?? []).map((c) => c.trim().toLowerCase());
  if (!columns.includes('id') || !columns.includes('decision')) {
    problems.push('line 1: the header must name the columns id and decision');
    return [];
  }
  return body.map((record) => {
    const get = (name: string) => {
      const at = columns.indexOf(name);
      return at < 0 ? undefined : (record.fields[at] ?? '').trim();
    };
    const reasons = get('reasons');
    const note = get('note');
    return {
      line: record.line,
      value: {
        id: get('id'),
        decision: get('decision')?.toLowerCase(),
        ...(reasons === undefined
          ? {}
          : {
              reasons: reasons
                .split(';')
                .map((r) => r.trim())
                .filter(Boolean),
            }),
        ...(note ? { note } : {}),
      },
    };
  });
}

const rowSchema = z.object({
  id: z.string().min(1),
  decision: z.enum(DECISIONS),
  reasons: z.array(z.string()).optional(),
  note: z.string().optional(),
});

export interface ApplySummary {
  /** Items whose review the file changed (now `by: person`). */
  changed: number;
  unchanged: number;
  accepted: number;
  rejected: number;
  pending: number;
}

/**
 * `ipet dataset review --apply FILE --in DIR`: reads a review file a person edited (JSONL, or CSV with a
 * header naming at least `id` and `decision` when the name ends in `.csv`) and records each changed decision
 * on its item (`by: person`; the filter never overrides it). All or nothing: every bad line (not JSON, an
 * unclosed quote, unknown or repeated id, a decision other than accept/reject/pending) is reported with its
 * line number and nothing is changed. Items the file does not list keep their review.
 */
export async function applyReviewFile(input: { file: string; dir: string }): Promise<ApplySummary> {
  const { items } = await readItems(input.dir);
  const byId = new Map(items.map((i) => [i.id, i]));
  let text: string;
  try {
    text = await readFile(input.file, 'utf8');
  } catch {
    throw new ValidationError(`cannot read ${input.file}`, [{ path: 'apply', message: 'unreadable' }]);
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows: Array<z.infer<typeof rowSchema>> = [];
  for (const { line: n, value } of readRows(text, input.file.toLowerCase().endsWith('.csv'), problems)) {
    const parsed = rowSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'line';
      problems.push(
        field === 'decision'
          ? `line ${n}: decision must be ${DECISIONS.join(', ')}`
          : `line ${n}: ${field}: ${issue?.message ?? 'invalid'}`,
      );
      continue;
    }
    const row = parsed.data;
    if (!byId.has(row.id)) problems.push(`line ${n}: no item ${row.id} in ${input.dir}`);
    else if (seen.has(row.id))
      problems.push(`line ${n}: item ${row.id} is already on line ${seen.get(row.id)}`);
    else {
      seen.set(row.id, n);
      rows.push(row);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `${input.file}: ${problems.length} bad line(s), nothing applied:\n  ${problems.slice(0, 30).join('\n  ')}`,
      problems.slice(0, 30).map((p) => ({ path: 'apply', message: p })),
      { hint: 'fix the lines above and apply again' },
    );
  }
  let changed = 0;
  for (const row of rows) {
    const item = byId.get(row.id) as DatasetItem;
    const status = STATUS[row.decision];
    const current = item.review?.reasons ?? [];
    const edited = row.reasons !== undefined && JSON.stringify(row.reasons) !== JSON.stringify(current);
    // Unedited reasons follow the decision: kept when it stands, dropped on accept, `person` on reject.
    const reasons = edited
      ? (row.reasons as string[])
      : status === item.review?.status
        ? current
        : status === 'rejected'
          ? ['person']
          : [];
    const same = item.review?.status === status && JSON.stringify(current) === JSON.stringify(reasons);
    if (same) continue;
    byId.set(row.id, { ...item, review: { status, reasons, by: 'person' } });
    changed++;
  }
  const next = items.map((i) => byId.get(i.id) as DatasetItem);
  if (changed > 0) await writeItems(input.dir, next);
  const count = (s: Review['status']) => next.filter((i) => (i.review?.status ?? 'pending') === s).length;
  return {
    changed,
    unchanged: rows.length - changed,
    accepted: count('accepted'),
    rejected: count('rejected'),
    pending: count('pending'),
  };
}
