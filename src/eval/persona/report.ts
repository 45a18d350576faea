import type { UsageSnapshot } from '../../core/index.ts';
import type { PersonaTable } from './aggregate.ts';
import type { PersonaItemRecord, PersonaStatementsRecord } from './run-persona-eval.ts';

/** `results.json` of `ipet eval persona`. */
export interface PersonaReport {
  kind: 'ipet-eval-persona';
  version: 1;
  simulator: boolean;
  warning: string | null;
  createdAt: string;
  setup: {
    companion: { model: string; simulator: boolean };
    judge: { model: string; simulator: boolean };
    personas: number;
    queries: number;
    promptVersion: string;
    formula: string;
  };
  table: PersonaTable;
  /** Calls and tokens of this run's model calls by purpose (chat = the companion), from the model guard. */
  usageThisRun: UsageSnapshot;
  statements: PersonaStatementsRecord[];
  items: PersonaItemRecord[];
}

export const APC_FORMULA =
  'APC(q, r) = Σ_s [ P(rel s,q) · P(s ⊨ r) + (1 − P(rel s,q)) · (1 − P(s ⊨ ¬r)) ]; normalized = APC / |S|';
