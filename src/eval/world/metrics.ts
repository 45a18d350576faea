import type { Locale, WorldMethod, WorldMode } from '../../core/index.ts';
import { evalPrompt } from '../prompts/templates.ts';

/** The paper's Table 1 metrics (section 3.2), in its column order. */
export const WORLD_METRICS = ['realism', 'consistency', 'richness', 'attraction'] as const;
export type WorldMetric = (typeof WORLD_METRICS)[number];

/** The paper's row order and names. */
export const METHOD_ORDER: readonly WorldMethod[] = ['basic-info', 'direct', 'world-sim', 'no-outline'];
export const METHOD_LABELS: Record<WorldMethod, string> = {
  'basic-info': 'Basic Information',
  direct: 'Direct Generation',
  'world-sim': 'World Simulation',
  'no-outline': '- w/o outline',
};
export const MODE_ORDER: readonly WorldMode[] = ['normal', 'memory'];
export const MODE_LABELS: Record<WorldMode, string> = { normal: 'Normal', memory: 'Memory' };
export const METRIC_LABELS: Record<WorldMetric, string> = {
  realism: 'Realism',
  consistency: 'Consistency',
  richness: 'Richness',
  attraction: 'Attraction',
};

/** The paper's Table 1, printed under ours for comparison. */
export const PAPER_TABLE_1: Record<WorldMode, Record<WorldMethod, Record<WorldMetric, number>>> = {
  normal: {
    'basic-info': { realism: 0.74, consistency: 3.12, richness: 3.19, attraction: 2.14 },
    direct: { realism: 4.45, consistency: 4.55, richness: 4.55, attraction: 3.05 },
    'world-sim': { realism: 4.57, consistency: 4.84, richness: 4.78, attraction: 3.39 },
    'no-outline': { realism: 4.21, consistency: 4.8, richness: 4.62, attraction: 3.17 },
  },
  memory: {
    'basic-info': { realism: 0.9, consistency: 3.3, richness: 1.85, attraction: 2.15 },
    direct: { realism: 4.62, consistency: 4.6, richness: 4.15, attraction: 2.65 },
    'world-sim': { realism: 4.68, consistency: 4.9, richness: 4.58, attraction: 2.9 },
    'no-outline': { realism: 4.5, consistency: 4.75, richness: 4.6, attraction: 2.76 },
  },
};

export interface MetricDefinition {
  metric: WorldMetric;
  /** Display name in the prompt's language. */
  name: string;
  definition: string;
  scale: string;
}

/**
 * The metric's definition and rating scale from `world-metrics.v1.<locale>.md`: one `## key | Name` section per
 * metric, the definition, then `Scale:` and one line per rating.
 */
export function metricDefinition(metric: WorldMetric, locale: Locale): MetricDefinition {
  return { ...sectionOf(evalPrompt('world-metrics', locale), metric), metric };
}

/** One `## key | Name` section of a metrics file (`world-metrics`, `continuity-metrics`). */
export function sectionOf(
  template: ReturnType<typeof evalPrompt>,
  metric: string,
): { metric: string; name: string; definition: string; scale: string } {
  const sections = template.text.split(/^## /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const [key, name] = section
      .slice(0, newline)
      .split('|')
      .map((s) => s.trim());
    if (key !== metric || !name) continue;
    const [definition, scale] = section.slice(newline + 1).split(/^Scale:\s*$/m);
    if (!definition?.trim() || !scale?.trim()) break;
    return { metric, name, definition: definition.trim(), scale: scale.trim() };
  }
  throw new Error(`${template.id} has no complete section for ${metric}`);
}
