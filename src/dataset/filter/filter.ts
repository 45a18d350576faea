import { mapWithConcurrency } from '../../core/index.ts';
import { readItems, writeItems } from '../files.ts';
import type { DatasetItem, Review } from '../record.ts';
import { type ReviewFormat, writeReviewFile } from '../review/review-file.ts';
import { DEFAULT_LENGTH_LIMITS, deterministicReasons, type LengthLimits } from './checks.ts';
import { duplicateFinder } from './dedupe.ts';
import { type DatasetJudge, judgeReasons } from './judge.ts';

export interface FilterInput {
  dir: string;
  /** Absent: the judge checks are skipped (`--no-judge`). */
  judge?: DatasetJudge;
  concurrency: number;
  limits?: LengthLimits;
  /** Jaccard similarity from which an item is a near-duplicate of an earlier one. */
  duplicateThreshold?: number;
  /** The review file to write (default jsonl). */
  reviewFormat?: ReviewFormat;
  onPlan?: (judged: number) => void;
  onJudged?: (item: DatasetItem, outcome: 'ok' | 'failed') => void;
}

export interface FilterSummary {
  items: number;
  accepted: number;
  rejected: number;
  /** Left pending: the judge could not answer (a rerun asks again). */
  pending: number;
  /** Decided by a person in an applied review file: kept as they are. */
  byPerson: number;
  /** Items rejected for each reason (an item may count under several). */
  reasons: Record<string, number>;
  reviewFile: string;
}

/**
 * `ipet dataset filter`: the deterministic checks (safety with the crisis protocol, sexual content, minors
 * rules; structure, emotion labels, language, length), near-duplicate removal, then the judge (persona
 * consistency, emotion label fits) on what is left. Sets `review` on each item (`by: filter`) - never on an
 * item a person decided - rewrites items.jsonl and writes the review file for a person to edit.
 */
export async function filterDataset(input: FilterInput): Promise<FilterSummary> {
  const { items } = await readItems(input.dir);
  const reasonsOf = new Map<string, string[]>();
  const dupes = duplicateFinder(input.duplicateThreshold ?? 0.8);
  for (const item of items) {
    const reasons = deterministicReasons(item, input.limits ?? DEFAULT_LENGTH_LIMITS);
    if (reasons.length === 0) {
      const text = item.messages.map((m) => m.content).join('\n');
      if (dupes.add(text) >= 0) reasons.push('duplicate');
    }
    reasonsOf.set(item.id, reasons);
  }

  const pendingJudge = new Set<string>();
  const toJudge = input.judge
    ? items.filter((i) => i.review?.by !== 'person' && (reasonsOf.get(i.id) ?? []).length === 0)
    : [];
  input.onPlan?.(toJudge.length);
  if (input.judge) {
    const judge = input.judge;
    await mapWithConcurrency(toJudge, input.concurrency, async (item) => {
      try {
        const { reasons } = await judgeReasons(judge, item);
        reasonsOf.get(item.id)?.push(...reasons);
        input.onJudged?.(item, 'ok');
      } catch {
        pendingJudge.add(item.id);
        input.onJudged?.(item, 'failed');
      }
    });
  }

  const reviewed = items.map((item): DatasetItem => {
    if (item.review?.by === 'person') return item;
    const reasons = reasonsOf.get(item.id) ?? [];
    const review: Review = pendingJudge.has(item.id)
      ? { status: 'pending', reasons: ['judge:unavailable'], by: 'filter' }
      : { status: reasons.length > 0 ? 'rejected' : 'accepted', reasons, by: 'filter' };
    return { ...item, review };
  });
  await writeItems(input.dir, reviewed);
  const reviewFile = await writeReviewFile(input.dir, reviewed, input.reviewFormat ?? 'jsonl');
  return { ...summarize(reviewed), reviewFile };
}

export function summarize(items: readonly DatasetItem[]): Omit<FilterSummary, 'reviewFile'> {
  const reasons: Record<string, number> = {};
  let accepted = 0;
  let rejected = 0;
  let pending = 0;
  let byPerson = 0;
  for (const item of items) {
    const status = item.review?.status ?? 'pending';
    if (item.review?.by === 'person') byPerson++;
    if (status === 'accepted') accepted++;
    else if (status === 'rejected') {
      rejected++;
      for (const r of item.review?.reasons ?? []) reasons[r] = (reasons[r] ?? 0) + 1;
    } else pending++;
  }
  return { items: items.length, accepted, rejected, pending, byPerson, reasons };
}
