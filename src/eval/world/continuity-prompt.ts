import type { Locale, PetProfile, ScheduleItem, UserProfile } from '../../core/index.ts';
import { quoteData, renderPrompt } from '../../core/index.ts';
import { JUDGE_LABELS } from '../common/labels.ts';
import { ownerLines, petLines } from '../common/profile-text.ts';
import { evalPrompt, tidy } from '../prompts/templates.ts';
import type { JudgePrompt } from './judge-prompt.ts';
import { sectionOf } from './metrics.ts';

/** The multi-day metrics of `ipet eval world --days N`, rated 1-5 over the whole run. */
export const CONTINUITY_METRICS = ['continuity', 'variety'] as const;
export type ContinuityMetric = (typeof CONTINUITY_METRICS)[number];
export const CONTINUITY_LABELS: Record<ContinuityMetric, string> = {
  continuity: 'Continuity',
  variety: 'Non-repetition',
};

export interface ContinuityJudgeInput {
  metric: ContinuityMetric;
  locale: Locale;
  pet: PetProfile;
  owner: Pick<UserProfile, 'name' | 'callName' | 'interests'>;
  memories: readonly string[];
  days: ReadonlyArray<{ date: string; schedule: readonly ScheduleItem[] }>;
}

/**
 * The analyze-rate prompt of one continuity metric over a run of consecutive days: what the owner saw, day
 * after day (schedules with details), beside the profiles and the owner's memories.
 */
export function continuityJudgePrompt(input: ContinuityJudgeInput): JudgePrompt {
  const { locale } = input;
  const labels = JUDGE_LABELS[locale];
  const metricsTemplate = evalPrompt('continuity-metrics', locale);
  const def = sectionOf(metricsTemplate, input.metric);
  const systemTemplate = evalPrompt('continuity-judge', locale);
  const sampleTemplate = evalPrompt('continuity-judge-sample', locale);
  const content = input.days.flatMap((day) => [
    `## ${day.date}`,
    ...(day.schedule.length > 0
      ? day.schedule.map((item) => `${item.time} ${item.title} — ${item.detail}`)
      : [labels.emptySchedule]),
  ]);
  const system = renderPrompt(systemTemplate, {
    metricName: def.name,
    definition: def.definition,
    scale: def.scale,
  });
  const prompt = renderPrompt(sampleTemplate, {
    pet: quoteData('pet', petLines(input.pet, locale)),
    owner: quoteData('owner', ownerLines(input.owner, locale)),
    memories:
      input.memories.length > 0
        ? `\n${labels.memoriesHeading}\n${quoteData('memories', [...input.memories])}\n`
        : '',
    count: input.days.length,
    content: quoteData('days', content),
    metricName: def.name,
  });
  return {
    system: tidy(system),
    prompt: tidy(prompt),
    promptVersion: [systemTemplate.id, sampleTemplate.id, metricsTemplate.id].join('+'),
  };
}
