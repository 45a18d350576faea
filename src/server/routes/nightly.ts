import { z } from 'zod';
import { localDate } from '../../core/index.ts';
import type { NightStatus } from '../../nightly/index.ts';
import type { ServerContext } from '../context.ts';
import { nightlyQuery } from '../schemas.ts';

/** Reads where the nightly batch of some dates stands (jobs and their reports). */
export type NightlyStatusSource = (dates: readonly string[]) => Promise<NightStatus>;

const totals = z.object({
  calls: z.number(),
  failures: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  ms: z.number(),
});

export const nightStatusJson = z.object({
  dates: z.array(z.string()),
  pairs: z.number().int(),
  deferred: z.number().int(),
  queued: z.number().int(),
  active: z.number().int(),
  retrying: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  dead: z.number().int(),
  degraded: z.number().int(),
  daysGenerated: z.number().int(),
  sessionsExtracted: z.number().int(),
  memoriesAdded: z.number().int(),
  sweep: z.object({ state: z.string(), removed: z.number().nullable() }).nullable(),
  steps: z.object({ extract: totals, world: totals, reflect: totals }),
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  failures: z.array(
    z.object({
      userId: z.string().nullable(),
      petId: z.string().nullable(),
      date: z.string(),
      state: z.string(),
      step: z.string(),
      reason: z.string(),
      attempts: z.number().int(),
    }),
  ),
  settled: z.boolean(),
});

export function registerNightlyRoutes(ctx: ServerContext, status: NightlyStatusSource): void {
  ctx.router.route({
    method: 'GET',
    url: '/api/v1/nightly/status',
    operationId: 'nightlyStatus',
    tag: 'nightly',
    summary: 'Where the nightly batch (memory extraction, next days) of a date stands (operator)',
    description:
      'Jobs are per (user, pet, date); `date` defaults to the current UTC date. Failures name ids, steps ' +
      'and reasons, never user text.',
    access: 'operator',
    query: nightlyQuery,
    response: nightStatusJson,
    async handler({ query }) {
      return status([query.date ?? localDate(ctx.rt.clock.now(), 'UTC')]);
    },
  });
}
