import { z } from 'zod';
import { modelBounds } from '../../core/index.ts';
import type { WorldMetric } from '../world/metrics.ts';

/** Output of `world-judge.v1` (analyze-rate): the analysis comes first in the schema, so it is written first. */
export interface MetricJudgement {
  analysis: string;
  rating: number;
}

/** Realism may be 0 ("no schedule at all to check": the Basic Information baseline); other metrics are 1-5. */
export function minRating(metric: WorldMetric): number {
  return metric === 'realism' ? 0 : 1;
}

export function worldJudgeSchema(metric: WorldMetric): z.ZodType<MetricJudgement> {
  const min = minRating(metric);
  return z.object({
    analysis: modelBounds(z.string().trim().min(1), { maxLength: 4000 }).describe(
      'your analysis of this one metric, written before the rating, pointing at the content',
    ),
    rating: z
      .number()
      .int()
      .min(min)
      .max(5)
      .describe(`an integer from ${min} to 5 that follows from the analysis`),
  });
}
