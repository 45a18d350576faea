import type { StatementLabel } from '../prompts/persona-judge.schema.ts';

/**
 * The Active-Passive-Constraint score (Peng & Shang 2024, "Quantifying and Optimizing Global Faithfulness in
 * Persona-driven Role-playing"). For persona statements s, a query q and a response r:
 *
 *   APC(q, r) = Σ_s [ P(s relevant to q) · P(s entails r) + (1 − P(s relevant to q)) · (1 − P(s contradicts r)) ]
 *
 * A relevant (active) statement must be expressed by the response; an irrelevant (passive) one only must not
 * be contradicted. The sum ranges over 0..|S|; `normalized` divides it by |S| so personas of different sizes
 * compare. With a judge that answers labels, the probabilities are one-hot (as in the paper's GPT-4 path).
 */
export interface ConstraintProbabilities {
  /** P(the statement is relevant to the query) */
  relevance: number;
  entailed: number;
  neutral: number;
  contradicted: number;
}

export interface ApcResult {
  apc: number;
  statements: number;
  /** apc / statements, in 0..1 */
  normalized: number;
  /** Expected number of active statements (Σ relevance). */
  active: number;
  /** Expected number of statements the response contradicts. */
  contradictions: number;
}

export function labelProbabilities(label: Pick<StatementLabel, 'relevant' | 'nli'>): ConstraintProbabilities {
  return {
    relevance: label.relevant === 'yes' ? 1 : 0,
    entailed: label.nli === 'entailed' ? 1 : 0,
    neutral: label.nli === 'neutral' ? 1 : 0,
    contradicted: label.nli === 'contradicted' ? 1 : 0,
  };
}

export function constraintScore(p: ConstraintProbabilities): number {
  return p.relevance * p.entailed + (1 - p.relevance) * (1 - p.contradicted);
}

export function apcScore(constraints: readonly ConstraintProbabilities[]): ApcResult {
  const apc = constraints.reduce((sum, p) => sum + constraintScore(p), 0);
  const n = constraints.length;
  return {
    apc,
    statements: n,
    normalized: n === 0 ? Number.NaN : apc / n,
    active: constraints.reduce((sum, p) => sum + p.relevance, 0),
    contradictions: constraints.reduce((sum, p) => sum + p.contradicted, 0),
  };
}
