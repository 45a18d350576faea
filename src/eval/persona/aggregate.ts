import type { Locale } from '../../core/index.ts';
import { type Summary, summarize } from '../common/stats.ts';
import { addUsage, type CallUsage } from '../common/usage.ts';
import type { PersonaEvalResult } from './run-persona-eval.ts';

export interface PersonaRow {
  persona: string;
  locale: Locale;
  statements: number;
  /** Queries scored. */
  n: number;
  failed: number;
  /** APC (sum over statements) per query. */
  apc: Summary;
  /** APC / statements per query. */
  normalized: Summary;
  active: Summary;
  contradictions: Summary;
  judge: CallUsage;
}

export interface PersonaTable {
  rows: PersonaRow[];
  /** Every scored query pooled (micro average). */
  overall: Omit<PersonaRow, 'persona' | 'locale' | 'statements'>;
  /** Mean of the personas' mean normalized APC (macro average). */
  macroNormalized: number;
}

export function aggregatePersonas(result: PersonaEvalResult): PersonaTable {
  const rows = result.statements.map((s): PersonaRow => {
    const mine = result.items.filter((i) => i.persona === s.persona);
    const ok = mine.filter((i) => i.status === 'ok' && i.apc !== null);
    const pick = (f: (a: NonNullable<(typeof ok)[number]['apc']>) => number) =>
      summarize(ok.map((i) => f(i.apc as NonNullable<typeof i.apc>)));
    return {
      persona: s.persona,
      locale: s.locale,
      statements: s.statements.length,
      n: ok.length,
      failed: mine.length - ok.length,
      apc: pick((a) => a.apc),
      normalized: pick((a) => a.normalized),
      active: pick((a) => a.active),
      contradictions: pick((a) => a.contradictions),
      judge: addUsage(s.usage, ...mine.map((i) => i.usage.judge)),
    };
  });
  const ok = result.items.filter((i) => i.status === 'ok' && i.apc !== null);
  const all = (f: (a: NonNullable<(typeof ok)[number]['apc']>) => number) =>
    summarize(ok.map((i) => f(i.apc as NonNullable<typeof i.apc>)));
  const scored = rows.filter((r) => r.n > 0);
  return {
    rows,
    overall: {
      n: ok.length,
      failed: result.items.length - ok.length,
      apc: all((a) => a.apc),
      normalized: all((a) => a.normalized),
      active: all((a) => a.active),
      contradictions: all((a) => a.contradictions),
      judge: addUsage(...rows.map((r) => r.judge)),
    },
    macroNormalized:
      scored.length === 0 ? Number.NaN : scored.reduce((a, r) => a + r.normalized.mean, 0) / scored.length,
  };
}
