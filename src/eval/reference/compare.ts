import { createHash } from 'node:crypto';
import { type Logger, mapWithConcurrency, quoteData, renderPrompt } from '../../core/index.ts';
import type { ChatDeps } from '../../dialogue/index.ts';
import { errorLine } from '../common/error-line.ts';
import type { JsonStore } from '../common/json-store.ts';
import type { Judge } from '../common/judge.ts';
import { petLines } from '../common/profile-text.ts';
import { type Summary, summarize } from '../common/stats.ts';
import { type ApcResult, apcScore, labelProbabilities } from '../persona/apc.ts';
import { apcJudgePrompt, splitPrompt } from '../persona/prompts.ts';
import { personaJudgeSchema } from '../prompts/persona-judge.schema.ts';
import { personaStatementsSchema } from '../prompts/persona-split.schema.ts';
import { type Preference, preferenceSchema } from '../prompts/preference.schema.ts';
import { evalPrompt, tidy } from '../prompts/templates.ts';
import type { ReferenceItem } from './dataset.ts';
import {
  type KindSummary,
  type ReferenceRecord,
  runReferenceEval,
  summarizeByKind,
} from './run-reference-eval.ts';

/** One of the two endpoints compared (base vs fine-tuned). */
export interface CompareSide {
  label: string;
  /** The model id and where it is served: responses are cached per side under this. */
  companionId: string;
  chat: ChatDeps;
}

export interface CompareDeps {
  a: CompareSide;
  b: CompareSide;
  judge: Judge;
  cache: JsonStore;
  logger: Logger;
}

export interface ComparisonItem {
  id: string;
  kind: string | null;
  character: string;
  /** Per side: ROUGE-L F and normalised APC (null when it failed). */
  rouge: { a: number | null; b: number | null };
  apc: { a: number | null; b: number | null };
  /** Which side the judge preferred; null when the judge failed or a response is missing. */
  preferred: 'a' | 'b' | 'tie' | null;
  /** Whether side A was shown as "Response 1" (the order is random per line, fixed by its id). */
  aFirst: boolean;
  analysis: string | null;
}

export interface SideSummary {
  label: string;
  companionId: string;
  rougeL: Summary;
  byKind: KindSummary[];
  apc: Summary;
  failed: number;
}

export interface Comparison {
  a: SideSummary;
  b: SideSummary;
  preference: { a: number; b: number; tie: number; failed: number; bWinRate: number | null };
  items: ComparisonItem[];
  records: { a: ReferenceRecord[]; b: ReferenceRecord[] };
}

/**
 * A side-by-side of two endpoints on the same reference lines: each answers every query through the dialogue
 * pipeline; both are scored with ROUGE-L against the reference (per RoleCraft kind), with APC (the persona
 * split into statements once, each response labelled by the judge), and the judge says which response plays
 * the character better (order randomised per line, ties allowed).
 */
export async function runComparison(
  deps: CompareDeps,
  input: { items: readonly ReferenceItem[]; concurrency: number; onItemDone?: () => void },
): Promise<Comparison> {
  const responses = async (side: CompareSide) =>
    runReferenceEval(
      { chat: side.chat, companionId: side.companionId, cache: deps.cache, logger: deps.logger },
      {
        items: input.items.map(({ response: _r, ...rest }) => ({ ...rest, response: undefined })),
        concurrency: input.concurrency,
      },
    );
  const [recordsA, recordsB] = [await responses(deps.a), await responses(deps.b)];

  const statements = new Map<string, Promise<string[] | null>>();
  const statementsOf = (item: ReferenceItem) => {
    const key = JSON.stringify([item.locale, item.profile]);
    let hit = statements.get(key);
    if (!hit) {
      const prompt = splitPrompt(item.profile, item.locale);
      hit = deps.judge
        .ask({
          schema: personaStatementsSchema,
          schemaName: 'persona_statements',
          system: prompt.system,
          prompt: prompt.prompt,
        })
        .then((a) => a.object.statements)
        .catch((error) => {
          deps.logger.warn('eval: could not split a persona into statements', { error });
          return null;
        });
      statements.set(key, hit);
    }
    return hit;
  };

  const apcOf = async (item: ReferenceItem, response: string | null): Promise<ApcResult | null> => {
    const list = response === null ? null : await statementsOf(item);
    if (!list || response === null) return null;
    const prompt = apcJudgePrompt({
      name: item.character,
      locale: item.locale,
      statements: list,
      query: item.query,
      response,
    });
    try {
      const answer = await deps.judge.ask({
        schema: personaJudgeSchema(list.length),
        schemaName: 'persona_apc',
        system: prompt.system,
        prompt: prompt.prompt,
      });
      return apcScore(answer.object.judgements.map(labelProbabilities));
    } catch (error) {
      deps.logger.warn('eval: APC judgement failed', { id: item.id, error: errorLine(error) });
      return null;
    }
  };

  const items = await mapWithConcurrency(input.items, input.concurrency, async (item, i) => {
    const ra = recordsA[i]!;
    const rb = recordsB[i]!;
    const [apcA, apcB] = [await apcOf(item, ra.response), await apcOf(item, rb.response)];
    const aFirst = createHash('sha256').update(item.id).digest()[0]! % 2 === 0;
    let preferred: ComparisonItem['preferred'] = null;
    let analysis: string | null = null;
    if (ra.response !== null && rb.response !== null) {
      try {
        const verdict = await prefer(
          deps.judge,
          item,
          aFirst ? [ra.response, rb.response] : [rb.response, ra.response],
        );
        analysis = verdict.analysis;
        preferred = verdict.winner === 'tie' ? 'tie' : (verdict.winner === '1') === aFirst ? 'a' : 'b';
      } catch (error) {
        deps.logger.warn('eval: preference judgement failed', { id: item.id, error: errorLine(error) });
      }
    }
    input.onItemDone?.();
    return {
      id: item.id,
      kind: item.kind ?? null,
      character: item.character,
      rouge: { a: ra.rougeL?.f ?? null, b: rb.rougeL?.f ?? null },
      apc: { a: apcA?.normalized ?? null, b: apcB?.normalized ?? null },
      preferred,
      aFirst,
      analysis,
    } satisfies ComparisonItem;
  });

  const side = (s: CompareSide, records: ReferenceRecord[], pick: 'a' | 'b'): SideSummary => ({
    label: s.label,
    companionId: s.companionId,
    rougeL: summarize(records.flatMap((r) => (r.rougeL ? [r.rougeL.f] : []))),
    byKind: summarizeByKind(records),
    apc: summarize(
      items.flatMap((x) =>
        x.apc[pick] === null || Number.isNaN(x.apc[pick]) ? [] : [x.apc[pick] as number],
      ),
    ),
    failed: records.filter((r) => r.status === 'failed').length,
  });
  const count = (w: ComparisonItem['preferred']) => items.filter((x) => x.preferred === w).length;
  const decided = count('a') + count('b');
  return {
    a: side(deps.a, recordsA, 'a'),
    b: side(deps.b, recordsB, 'b'),
    preference: {
      a: count('a'),
      b: count('b'),
      tie: count('tie'),
      failed: count(null),
      // Ties count half, as in pairwise win rates.
      bWinRate:
        decided + count('tie') === 0 ? null : (count('b') + count('tie') / 2) / (decided + count('tie')),
    },
    items,
    records: { a: recordsA, b: recordsB },
  };
}

async function prefer(judge: Judge, item: ReferenceItem, [one, two]: [string, string]): Promise<Preference> {
  const system = evalPrompt('preference', item.locale);
  const sample = evalPrompt('preference-sample', item.locale);
  const answer = await judge.ask({
    schema: preferenceSchema,
    schemaName: 'preference',
    system: tidy(renderPrompt(system, { name: item.character })),
    prompt: tidy(
      renderPrompt(sample, {
        persona: quoteData('persona', petLines(item.profile, item.locale)),
        query: quoteData('query', [item.query]),
        reference: quoteData('reference', [item.reference]),
        response1: quoteData('response_1', [one]),
        response2: quoteData('response_2', [two]),
        name: item.character,
      }),
    ),
  });
  return answer.object;
}

const f4 = (s: Summary) => (s.n === 0 ? '—' : s.mean.toFixed(4));

/** `comparison.md`: the two endpoints side by side. */
export function renderComparison(c: Comparison, simulator: boolean): string {
  const kinds = [...new Set([...c.a.byKind, ...c.b.byKind].map((k) => k.kind))];
  const kindOf = (s: SideSummary, k: string) => s.byKind.find((x) => x.kind === k)?.f;
  const p = c.preference;
  return [
    '# Base vs fine-tuned: two endpoints side by side',
    '',
    ...(simulator
      ? [
          '> **SIMULATOR**: at least one endpoint or the judge is the ipet simulator; the numbers test the pipeline, not a model.',
          '',
        ]
      : []),
    `- A: ${c.a.label} (\`${c.a.companionId}\`)`,
    `- B: ${c.b.label} (\`${c.b.companionId}\`)`,
    `- lines: ${c.items.length}`,
    '',
    `| Endpoint | ROUGE-L F | ${kinds.map((k) => k.toUpperCase()).join(' | ')}${kinds.length ? ' | ' : ''}APC (normalised) | preferred by the judge | failed |`,
    `|---|---:|${kinds.map(() => '---:|').join('')}---:|---:|---:|`,
    ...[
      [c.a, p.a],
      [c.b, p.b],
    ].map(([s, wins]) => {
      const side = s as SideSummary;
      return `| ${side.label} | ${f4(side.rougeL)} | ${kinds
        .map((k) => {
          const f = kindOf(side, k);
          return f ? f4(f) : '—';
        })
        .join(' | ')}${kinds.length ? ' | ' : ''}${f4(side.apc)} | ${wins} | ${side.failed} |`;
    }),
    '',
    `Judge preference: A ${p.a}, B ${p.b}, tie ${p.tie}${p.failed ? `, not judged ${p.failed}` : ''}; B's win rate (ties count half): ${p.bWinRate === null ? '—' : p.bWinRate.toFixed(3)}.`,
    '',
    'ROUGE-L F per RoleCraft-GLM kind (RAW generic, CUS customised, SPE character knowledge; AVG = mean of RAW, CUS and SPE). APC: Peng & Shang 2024, statements from the persona. The judge compares speaking style/personality and character knowledge, the responses in random order per line.',
    '',
  ].join('\n');
}
