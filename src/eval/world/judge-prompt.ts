import type {
  Locale,
  PetProfile,
  ScheduleItem,
  UserProfile,
  WorldMethod,
  WorldMode,
} from '../../core/index.ts';
import { quoteData, renderPrompt } from '../../core/index.ts';
import { JUDGE_LABELS } from '../common/labels.ts';
import { ownerLines, petLines } from '../common/profile-text.ts';
import { evalPrompt, tidy } from '../prompts/templates.ts';
import { metricDefinition, type WorldMetric } from './metrics.ts';

/** What the judge sees of one generated day. */
export interface JudgedDay {
  date: string;
  method: WorldMethod;
  /** For Basic Information: the profile text the app shows. Other methods' outlines are not shown to judges. */
  outline: string;
  schedule: readonly ScheduleItem[];
}

export interface WorldJudgeInput {
  metric: WorldMetric;
  locale: Locale;
  mode: WorldMode;
  pet: PetProfile;
  owner: Pick<UserProfile, 'name' | 'callName' | 'interests'>;
  /** Shown in memory mode only. */
  memories: readonly string[];
  day: JudgedDay;
}

export interface JudgePrompt {
  system: string;
  prompt: string;
  /** Template ids, recorded with the scores. */
  promptVersion: string;
}

/**
 * The analyze-rate prompt of one metric for one day. The judge reads what the owner would read: the schedule
 * with its details (T2 + T3) for the generating methods, and only the profile card for Basic Information.
 * The outline (T1) is internal to generation and is not shown, so methods with and without one are judged on
 * the same kind of content.
 */
export function worldJudgePrompt(input: WorldJudgeInput): JudgePrompt {
  const { locale } = input;
  const labels = JUDGE_LABELS[locale];
  const def = metricDefinition(input.metric, locale);
  const withMemories = input.mode === 'memory' && input.memories.length > 0;
  const systemTemplate = evalPrompt('world-judge', locale);
  const sampleTemplate = evalPrompt('world-judge-sample', locale);
  const metricsTemplate = evalPrompt('world-metrics', locale);
  const system = renderPrompt(systemTemplate, {
    memoryClause: withMemories ? labels.memoryClause : '',
    metricName: def.name,
    definition: def.definition,
    scale: def.scale,
  });
  const basic = input.day.method === 'basic-info';
  const contentLines = basic
    ? input.day.outline.split('\n').filter((line) => line.trim() !== '')
    : input.day.schedule.length > 0
      ? input.day.schedule.map((item) => `${item.time} ${item.title} — ${item.detail}`)
      : [labels.emptySchedule];
  const prompt = tidy(
    renderPrompt(sampleTemplate, {
      pet: quoteData('pet', petLines(input.pet, locale)),
      owner: quoteData('owner', ownerLines(input.owner, locale)),
      memories: withMemories
        ? `\n${labels.memoriesHeading}\n${quoteData('memories', [...input.memories])}\n`
        : '',
      contentNote: basic ? labels.basicInfoNote : labels.scheduleNote(input.day.date),
      content: quoteData('content', contentLines),
      metricName: def.name,
    }),
  );
  return {
    system: tidy(system),
    prompt,
    promptVersion: [systemTemplate.id, sampleTemplate.id, metricsTemplate.id].join('+'),
  };
}
