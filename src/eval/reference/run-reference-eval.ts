import { type Locale, type Logger, mapWithConcurrency } from '../../core/index.ts';
import type { ChatDeps } from '../../dialogue/index.ts';
import { errorLine } from '../common/error-line.ts';
import { hashOf, type JsonStore } from '../common/json-store.ts';
import { respondAs } from '../common/respond.ts';
import { type Summary, summarize } from '../common/stats.ts';
import { EVAL_PROMPT_VERSION } from '../prompts/templates.ts';
import type { ReferenceItem } from './dataset.ts';
import { type RougeL, rougeL } from './rouge.ts';

export interface ReferenceEvalDeps {
  /** Needed only for lines without a `response`. */
  chat: ChatDeps | null;
  companionId: string | null;
  cache: JsonStore;
  logger: Logger;
}

export interface ReferenceRecord {
  id: string;
  character: string;
  locale: Locale;
  query: string;
  reference: string;
  response: string | null;
  /** `given` in the dataset, or `generated` by the companion model. */
  source: 'given' | 'generated';
  status: 'ok' | 'failed';
  error: string | null;
  rougeL: RougeL | null;
  cached: boolean;
  /** The line's kind (raw, cus, spe, dialogue) when known. */
  kind: string | null;
}

export interface ReferenceSummary {
  character: string;
  n: number;
  failed: number;
  f: Summary;
  precision: Summary;
  recall: Summary;
}

/** ROUGE-L of each line's response (given, or generated through the dialogue pipeline) against its reference. */
export async function runReferenceEval(
  deps: ReferenceEvalDeps,
  input: { items: readonly ReferenceItem[]; concurrency: number; onItemDone?: (r: ReferenceRecord) => void },
): Promise<ReferenceRecord[]> {
  return mapWithConcurrency(input.items, input.concurrency, async (item) => {
    const record = await evaluate(deps, item);
    input.onItemDone?.(record);
    return record;
  });
}

async function evaluate(deps: ReferenceEvalDeps, item: ReferenceItem): Promise<ReferenceRecord> {
  const base = {
    id: item.id,
    character: item.character,
    locale: item.locale,
    query: item.query,
    reference: item.reference,
    source: item.response === undefined ? ('generated' as const) : ('given' as const),
    kind: item.kind ?? null,
  };
  try {
    const { response, cached } =
      item.response === undefined ? await generated(deps, item) : { response: item.response, cached: false };
    return { ...base, response, status: 'ok', error: null, rougeL: rougeL(response, item.reference), cached };
  } catch (error) {
    deps.logger.warn('eval: could not get a response for a reference line', { id: item.id, error });
    return {
      ...base,
      response: null,
      status: 'failed',
      error: errorLine(error),
      rougeL: null,
      cached: false,
    };
  }
}

async function generated(
  deps: ReferenceEvalDeps,
  item: ReferenceItem,
): Promise<{ response: string; cached: boolean }> {
  if (!deps.chat || !deps.companionId)
    throw new Error('this line has no response and no companion model is set');
  const hash = hashOf(
    'reference-response',
    EVAL_PROMPT_VERSION,
    deps.companionId,
    item.locale,
    item.profile,
    item.query,
  );
  const key = `ref.${hash.slice(0, 24)}`;
  const hit = (await deps.cache.read('responses', key)) as { response?: unknown } | undefined;
  if (typeof hit?.response === 'string') return { response: hit.response, cached: true };
  const response = await respondAs(deps.chat, {
    key: `ref_${hash.slice(0, 16)}`,
    locale: item.locale,
    persona: item.profile,
    query: item.query,
  });
  await deps.cache.write('responses', key, { id: item.id, query: item.query, response });
  return { response, cached: false };
}

/** RoleCraft-GLM's Table 2 columns: the kinds in this order, then any other kind, then `avg` (mean of the kinds). */
export const KIND_ORDER = ['raw', 'cus', 'spe', 'dialogue'] as const;

export interface KindSummary {
  kind: string;
  n: number;
  failed: number;
  f: Summary;
}

/**
 * ROUGE-L F per kind (RAW, CUS, SPE as in RoleCraft-GLM Table 2, and dialogue), then `avg`: the mean of the
 * RAW, CUS and SPE means (the paper's Avg column; of all kinds when none of those is present), so a kind with
 * many lines does not outweigh the others. Empty when no line has a kind.
 */
export function summarizeByKind(records: readonly ReferenceRecord[]): KindSummary[] {
  const kinds = [...new Set(records.flatMap((r) => (r.kind ? [r.kind] : [])))].sort((a, b) => {
    const ia = (KIND_ORDER as readonly string[]).indexOf(a);
    const ib = (KIND_ORDER as readonly string[]).indexOf(b);
    return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib) || a.localeCompare(b);
  });
  if (kinds.length === 0) return [];
  const rows = kinds.map((kind) => {
    const group = records.filter((r) => r.kind === kind);
    const ok = group.filter((r) => r.rougeL !== null);
    return { kind, n: ok.length, failed: group.length - ok.length, f: summarize(ok.map((r) => r.rougeL!.f)) };
  });
  const paper = rows.filter((r) => ['raw', 'cus', 'spe'].includes(r.kind));
  const averaged = paper.length > 0 ? paper : rows;
  return [
    ...rows,
    {
      kind: 'avg',
      n: averaged.reduce((a, r) => a + r.n, 0),
      failed: averaged.reduce((a, r) => a + r.failed, 0),
      f: summarize(averaged.filter((r) => r.n > 0).map((r) => r.f.mean)),
    },
  ];
}

/** Per character, then `all` last. */
export function summarizeReference(records: readonly ReferenceRecord[]): ReferenceSummary[] {
  const groups = [...new Set(records.map((r) => r.character))].map((c) =>
    records.filter((r) => r.character === c),
  );
  return [...groups, [...records]].map((group, i) => {
    const ok = group.filter((r) => r.rougeL !== null);
    const pick = (f: (x: RougeL) => number) => summarize(ok.map((r) => f(r.rougeL as RougeL)));
    return {
      character: i === groups.length ? 'all' : (group[0]?.character ?? ''),
      n: ok.length,
      failed: group.length - ok.length,
      f: pick((x) => x.f),
      precision: pick((x) => x.precision),
      recall: pick((x) => x.recall),
    };
  });
}
