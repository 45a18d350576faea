import type { Locale, Logger, Memory, Reflection, ScheduleItem, Store } from '../../core/index.ts';
import { addDays, mapWithConcurrency } from '../../core/index.ts';
import { expiryFor } from '../../memory/index.ts';
import { type PairJobData, runAt } from '../../nightly/index.ts';
import { errorLine } from '../common/error-line.ts';
import type { Judge } from '../common/judge.ts';
import { addUsage, type CallUsage, NO_USAGE } from '../common/usage.ts';
import { type MetricJudgement, worldJudgeSchema } from '../prompts/world-judge.schema.ts';
import { CONTINUITY_METRICS, type ContinuityMetric, continuityJudgePrompt } from './continuity-prompt.ts';
import type { PreparedSample } from './sample-setup.ts';

const DAY_MS = 86_400_000;
/** A title repeats when it was one of the previous days' titles, this many days back at most. */
export const REPEAT_WINDOW_DAYS = 3;

export interface MultiDayDeps {
  store: Pick<Store, 'pets' | 'worlds' | 'memories' | 'reflections' | 'friends'>;
  /**
   * Runs the pair's nightly job for `job.date` with the clock at `at`: the product's own night (pet
   * memories of the day lived, reflections, the new day with its continuity inputs, planned messages).
   */
  night(job: PairJobData, at: Date): Promise<unknown>;
  judge: Judge;
  logger: Logger;
}

export interface MultiDayInput {
  samples: readonly PreparedSample[];
  /** Consecutive days per sample (at least 2). */
  days: number;
  concurrency: number;
  onSampleDone?: (record: MultiDayRecord) => void;
}

/** One sample's run of consecutive days, rated for continuity and variety, with the repetition figure. */
export interface MultiDayRecord {
  sampleId: string;
  locale: Locale;
  pet: string;
  from: string;
  to: string;
  status: 'ok' | 'failed';
  error: string | null;
  days: Array<{ date: string; titles: string[]; degraded: boolean }>;
  reflections: number;
  /** Share of schedule titles (days 2..N) that repeat a title of the previous three days; null below 2 days. */
  repetition: number | null;
  scores: Partial<Record<ContinuityMetric, MetricJudgement>>;
  usage: { generation: CallUsage; judge: CallUsage };
}

/** A title compared by its lower-cased words, punctuation and spacing ignored ("Walk in park!" = "walk in park"). */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The deterministic repetition figure: of all schedule titles of days 2..N, the share equal (normalised) to a
 * title of one of the previous `window` days. 0 = every day new; 1 = the same day over and over.
 */
export function repetitionShare(
  days: ReadonlyArray<{ titles: readonly string[] }>,
  window = REPEAT_WINDOW_DAYS,
): number | null {
  let total = 0;
  let repeated = 0;
  for (let d = 1; d < days.length; d++) {
    const earlier = new Set(
      days.slice(Math.max(0, d - window), d).flatMap((day) => day.titles.map(normalizeTitle)),
    );
    for (const title of days[d]!.titles) {
      total++;
      if (earlier.has(normalizeTitle(title))) repeated++;
    }
  }
  return total === 0 ? null : repeated / total;
}

/**
 * `ipet eval world --days N`: for each sample, N consecutive nights of the product's nightly job in the
 * evaluation store (its pet remembers its own days, reflects, and plans the next day from them), then one
 * analyze-rate judge call per continuity metric over the whole run, and the repetition figure.
 */
export async function runMultiDayEval(deps: MultiDayDeps, input: MultiDayInput): Promise<MultiDayRecord[]> {
  return mapWithConcurrency([...input.samples], input.concurrency, async (sample) => {
    const record = await runSample(deps, sample, input.days);
    input.onSampleDone?.(record);
    return record;
  });
}

async function runSample(deps: MultiDayDeps, job: PreparedSample, count: number): Promise<MultiDayRecord> {
  const { sample, user } = job;
  const from = job.date;
  const to = addDays(from, count - 1);
  const petId = `pet_eval_${job.slug}_days`;
  const record: MultiDayRecord = {
    sampleId: sample.id,
    locale: sample.locale,
    pet: petId,
    from,
    to,
    status: 'ok',
    error: null,
    days: [],
    reflections: 0,
    repetition: null,
    scores: {},
    usage: { generation: { ...NO_USAGE }, judge: { ...NO_USAGE } },
  };
  try {
    const pet =
      (await deps.store.pets.get(petId)) ??
      (await deps.store.pets.create({
        id: petId,
        ownerId: user.id,
        profile: sample.pet.profile,
        extensions: {},
        createdAt: job.instant,
        updatedAt: job.instant,
      }));
    if (job.friends.length > 0)
      await deps.store.friends.assign(
        pet.id,
        job.friends.map((f) => f.id),
      );
    const stored = await deps.store.memories.list({ userId: user.id, petId: pet.id, now: job.instant });
    if (stored.length === 0) await deps.store.memories.insert(ownerMemories(job, pet.id));

    for (let d = 0; d < count; d++) {
      const date = addDays(from, d);
      if (await deps.store.worlds.getDay(pet.id, date)) continue;
      await deps.night({ userId: user.id, petId: pet.id, date }, runAt(date, user.timezone));
    }
    const days = await deps.store.worlds.listDays(pet.id, from, to);
    if (days.length < count) throw new Error(`only ${days.length} of ${count} days were built`);
    for (const day of days) {
      record.usage.generation = addUsage(record.usage.generation, {
        calls: day.usage.calls,
        inputTokens: day.usage.inputTokens,
        outputTokens: day.usage.outputTokens,
      });
    }
    record.days = days.map((day) => ({
      date: day.date,
      titles: day.schedule.map((item) => item.title),
      degraded: day.degraded != null,
    }));
    record.repetition = repetitionShare(record.days);
    const reflections: Reflection[] = await deps.store.reflections.list({ petId: pet.id, userId: user.id });
    record.reflections = reflections.length;

    const settled = await Promise.allSettled(
      CONTINUITY_METRICS.map(async (metric) => {
        const prompt = continuityJudgePrompt({
          metric,
          locale: sample.locale,
          pet: sample.pet.profile,
          owner: user,
          memories: sample.owner.memories.map((m) => m.text),
          days: days.map((day) => ({ date: day.date, schedule: day.schedule as ScheduleItem[] })),
        });
        const answer = await deps.judge.ask({
          schema: worldJudgeSchema('consistency'),
          schemaName: `judge_${metric}`,
          system: prompt.system,
          prompt: prompt.prompt,
        });
        return { metric, answer };
      }),
    );
    for (const result of settled) {
      if (result.status === 'rejected') continue;
      record.scores[result.value.metric] = result.value.answer.object;
      record.usage.judge = addUsage(record.usage.judge, result.value.answer.usage);
    }
    const failure = settled.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (error) {
    record.status = 'failed';
    record.error = errorLine(error);
    deps.logger.warn('eval: a multi-day run failed; rerun to retry it', { sample: sample.id, error });
  }
  return record;
}

/** The owner's sample memories, stored so that the nightly job reads them as it reads a real user's. */
function ownerMemories(job: PreparedSample, petId: string): Array<{ memory: Memory; embedding: null }> {
  return job.sample.owner.memories.map((m, i) => {
    const at = new Date(job.instant.getTime() - m.daysAgo * DAY_MS);
    return {
      memory: {
        id: `mem_eval_${petId}_${i}`,
        userId: job.user.id,
        petId,
        text: m.text,
        category: m.category,
        occurredAt: at,
        createdAt: at,
        expiresAt: expiryFor(m.category, { recordedAt: at, occurredAt: at }),
        supersededAt: null,
        supersededById: null,
        sourceSessionId: null,
        externalId: null,
        embeddingModel: null,
        subject: 'user',
        kind: null,
        dueOn: null,
      },
      embedding: null,
    };
  });
}
