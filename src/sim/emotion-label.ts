import type { Rng } from './rng.ts';

const INSTRUCTION = /in square brackets[^:\n]*:\s*([A-Za-z_ ,|]+)/;

/**
 * The labels offered by an instruction such as "Begin your reply with one emotion label in square brackets,
 * chosen from: joy, sadness, anger", or undefined when `system` has no such instruction.
 */
export function findLabelChoices(system: string): string[] | undefined {
  const match = INSTRUCTION.exec(system);
  if (!match?.[1]) return undefined;
  const labels = match[1]
    .split(/\s*(?:,|\||\bor\b)\s*/)
    .map((label) => label.trim().replace(/^and\s+/, ''))
    .filter((label) => label.length > 0);
  return labels.length > 0 ? labels : undefined;
}

/** "[label] " when one of the system texts asks for a bracketed label, else the empty string. */
export function labelPrefix(systemTexts: readonly string[], rng: Rng): string {
  for (const text of systemTexts) {
    const labels = findLabelChoices(text);
    if (labels) return `[${rng.pick(labels)}] `;
  }
  return '';
}
