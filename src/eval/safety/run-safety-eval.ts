import type { LanguageModel } from 'ai';
import type { Clock, Logger } from '../../core/index.ts';
import { assessTurn, type CrisisLevel, classifierLevel, detectCrisisPatterns } from '../../safety/index.ts';
import type { SafetyItem } from './safety-set.ts';

export const SAFETY_LAYERS = ['patterns', 'classifier', 'combined'] as const;
export type SafetyLayer = (typeof SAFETY_LAYERS)[number];

/** What one layer made of one item. */
export interface ItemOutcome {
  id: string;
  label: CrisisLevel;
  category: string;
  locale: SafetyItem['locale'];
  patterns: CrisisLevel;
  /** null when no classifier ran. */
  classifier: CrisisLevel | null;
  combined: CrisisLevel;
  /** The classifier failed on this item (counted as `none`, as a turn falls back to the patterns). */
  classifierFailed: boolean;
}

/**
 * One layer's figures. `recall`: crisis lines rated `crisis` (the full notice); `falseAlarmRate`: ordinary
 * lines (label `none`) rated anything but `none` (a notice or a resource line where none belongs);
 * `flaggedRecall`: crisis lines rated at least `concern`; `concernRecall`: concern lines rated at least
 * `concern`. Null when the set has no line to divide by.
 */
export interface LayerFigures {
  recall: number | null;
  falseAlarmRate: number | null;
  flaggedRecall: number | null;
  concernRecall: number | null;
}

export interface SafetyEvalCounts {
  items: number;
  crisis: number;
  concern: number;
  none: number;
}

export interface SafetyEvalResult {
  counts: SafetyEvalCounts;
  layers: { patterns: LayerFigures; classifier: LayerFigures | null; combined: LayerFigures };
  categories: Record<
    string,
    SafetyEvalCounts & {
      patterns: LayerFigures;
      classifier: LayerFigures | null;
      combined: LayerFigures;
    }
  >;
  locales: Record<string, SafetyEvalCounts & { patterns: LayerFigures; combined: LayerFigures }>;
  /** Ids of crisis lines a layer did not rate `crisis`, and of ordinary lines it flagged. */
  misses: Record<SafetyLayer, string[]>;
  falseAlarms: Record<SafetyLayer, string[]>;
  classifierFailures: number;
  outcomes: ItemOutcome[];
}

export interface SafetyEvalDeps {
  /** The classifier's model; null: the patterns alone (the classifier layer is null). */
  classifier: LanguageModel | null;
  clock: Clock;
  logger: Logger;
}

export interface SafetyEvalInput {
  items: readonly SafetyItem[];
  concurrency?: number;
  /** Per classifier call (default 60 s): an evaluation waits longer than a chat turn does. */
  classifierTimeoutMs?: number;
  onProgress?: (done: number) => void;
}

/**
 * Scores the deterministic layer, the model classifier and the two combined as the chat turn combines them
 * (`assessTurn`: the higher level, the classifier on every turn) on a labelled set. The patterns see each
 * line's history as the user's previous turns, as the chat turn passes them.
 */
export async function runSafetyEval(deps: SafetyEvalDeps, input: SafetyEvalInput): Promise<SafetyEvalResult> {
  const outcomes: ItemOutcome[] = new Array(input.items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < input.items.length) {
      const at = next++;
      const item = input.items[at]!;
      outcomes[at] = await assessItem(deps, item, input.classifierTimeoutMs ?? 60_000);
      input.onProgress?.(++done);
    }
  };
  const workers = Math.max(1, Math.min(input.concurrency ?? 4, input.items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return summarize(outcomes, deps.classifier !== null);
}

async function assessItem(deps: SafetyEvalDeps, item: SafetyItem, timeoutMs: number): Promise<ItemOutcome> {
  const previous = item.history ?? [];
  const patterns = detectCrisisPatterns(item.text, item.locale, { previous }).level;
  const base = { id: item.id, label: item.label, category: item.category, locale: item.locale, patterns };
  if (!deps.classifier) {
    return { ...base, classifier: null, combined: patterns, classifierFailed: false };
  }
  const assessment = await assessTurn(
    { model: deps.classifier, clock: deps.clock, logger: deps.logger },
    {
      text: item.text,
      locale: item.locale,
      recentUserTurns: previous,
      userId: 'eval',
      classifyWhen: 'always',
      abortSignal: AbortSignal.timeout(timeoutMs),
    },
  );
  return {
    ...base,
    classifier: classifierLevel(assessment.classifier),
    combined: assessment.level,
    classifierFailed: assessment.classifier.status === 'failed',
  };
}

function summarize(outcomes: ItemOutcome[], withClassifier: boolean): SafetyEvalResult {
  const group = (list: ItemOutcome[]) => ({
    ...counts(list),
    patterns: figures(list, 'patterns'),
    classifier: withClassifier ? figures(list, 'classifier') : null,
    combined: figures(list, 'combined'),
  });
  const by = (key: 'category' | 'locale') => {
    const groups = new Map<string, ItemOutcome[]>();
    for (const o of outcomes) groups.set(o[key], [...(groups.get(o[key]) ?? []), o]);
    return groups;
  };
  const categories = Object.fromEntries([...by('category')].map(([name, list]) => [name, group(list)]));
  const locales = Object.fromEntries(
    [...by('locale')].map(([name, list]) => [
      name,
      { ...counts(list), patterns: figures(list, 'patterns'), combined: figures(list, 'combined') },
    ]),
  );
  const ids = (pick: (o: ItemOutcome) => boolean) => outcomes.filter(pick).map((o) => o.id);
  const misses = {} as Record<SafetyLayer, string[]>;
  const falseAlarms = {} as Record<SafetyLayer, string[]>;
  for (const layer of SAFETY_LAYERS) {
    if (layer === 'classifier' && !withClassifier) {
      misses[layer] = [];
      falseAlarms[layer] = [];
      continue;
    }
    misses[layer] = ids((o) => o.label === 'crisis' && o[layer] !== 'crisis');
    falseAlarms[layer] = ids((o) => o.label === 'none' && (o[layer] ?? 'none') !== 'none');
  }
  return {
    counts: counts(outcomes),
    layers: {
      patterns: figures(outcomes, 'patterns'),
      classifier: withClassifier ? figures(outcomes, 'classifier') : null,
      combined: figures(outcomes, 'combined'),
    },
    categories,
    locales,
    misses,
    falseAlarms,
    classifierFailures: outcomes.filter((o) => o.classifierFailed).length,
    outcomes,
  };
}

function counts(list: readonly ItemOutcome[]): SafetyEvalCounts {
  const of = (label: CrisisLevel) => list.filter((o) => o.label === label).length;
  return { items: list.length, crisis: of('crisis'), concern: of('concern'), none: of('none') };
}

function figures(list: readonly ItemOutcome[], layer: SafetyLayer): LayerFigures {
  const level = (o: ItemOutcome) => o[layer] ?? 'none';
  const share = (label: CrisisLevel, hit: (l: CrisisLevel) => boolean) => {
    const lines = list.filter((o) => o.label === label);
    return lines.length === 0 ? null : round(lines.filter((o) => hit(level(o))).length / lines.length);
  };
  return {
    recall: share('crisis', (l) => l === 'crisis'),
    falseAlarmRate: share('none', (l) => l !== 'none'),
    flaggedRecall: share('crisis', (l) => l !== 'none'),
    concernRecall: share('concern', (l) => l !== 'none'),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
