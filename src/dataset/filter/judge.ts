import type { z } from 'zod';
import { quoteData, renderPrompt } from '../../core/index.ts';
import { type ItemJudgement, itemJudgeSchema } from '../prompts/judge.schema.ts';
import { datasetPrompt } from '../prompts/templates.ts';
import type { DatasetItem } from '../record.ts';

/**
 * The judge the filter asks (shaped like the evaluation's `Judge`, which the apps pass in: cached, at
 * temperature 0, configured apart from the companion model when the user does so).
 */
export interface DatasetJudge {
  readonly modelId: string;
  ask<T>(call: { schema: z.ZodType<T>; schemaName: string; system: string; prompt: string }): Promise<{
    object: T;
  }>;
}

/** A pet persona score at or below this rejects the item (`judge:persona`). */
export const MIN_PERSONA_SCORE = 3;

/** The item as the judge reads it: numbered turns, every pet reply with its label. */
export function itemText(item: DatasetItem): string {
  let reply = 0;
  const lines = item.messages.map((m) =>
    m.role === 'user'
      ? `user: ${m.content}`
      : `pet reply ${++reply} [${m.emotion ?? 'no label'}]: ${m.content}`,
  );
  return quoteData('item', lines);
}

/** Judge reasons for one item: `judge:persona`, `judge:emotion` (empty when it passes). */
export async function judgeReasons(
  judge: DatasetJudge,
  item: DatasetItem,
): Promise<{ reasons: string[]; judgement: ItemJudgement }> {
  const replies = item.messages.filter((m) => m.role === 'assistant').length;
  const { object } = await judge.ask({
    schema: itemJudgeSchema(replies),
    schemaName: 'dataset_judge',
    system: datasetPrompt('judge-system', item.locale).text,
    prompt: renderPrompt(datasetPrompt('judge', item.locale), {
      persona: item.system,
      item: itemText(item),
      replies,
    }),
  });
  const reasons: string[] = [];
  if (object.persona < MIN_PERSONA_SCORE) reasons.push('judge:persona');
  const labelled = item.messages.filter((m) => m.role === 'assistant').map((m) => m.emotion !== undefined);
  if (object.emotionFits.some((fits, i) => !fits && labelled[i])) reasons.push('judge:emotion');
  return { reasons, judgement: object };
}
