import type { LanguageModel } from 'ai';
import type { z } from 'zod';
import type { PromptTemplate, ScheduleItem } from '../core/index.ts';
import {
  type CallTags,
  generateStructured,
  ModelOutputError,
  mapWithConcurrency,
  quoteData,
  type SemanticCheck,
} from '../core/index.ts';
import type { WorldInputs } from './context.ts';
import type { WorldOptions } from './options.ts';
import { formatOutline } from './outline-text.ts';
import { checkDetail, detailSchema } from './prompts/detail.schema.ts';
import { checkDirect, type DirectOutput, directSchema } from './prompts/direct.schema.ts';
import { checkOutline, type DayOutline, outlineSchema } from './prompts/outline.schema.ts';
import { checkSchedule, scheduleSchema } from './prompts/schedule.schema.ts';
import type { TimedItem } from './schedule-rules.ts';
import { renderWorldPrompt, worldPrompt } from './templates.ts';

/**
 * The model calls of one day. Every call is `system` (world rules) + one user message that starts with the
 * day's context (P, U, F, M) and ends with the stage's task, so that all calls of the day share a prefix; the
 * K detail calls share everything up to the item they describe.
 */
export interface StageEnv {
  model: LanguageModel;
  tags: CallTags;
  options: WorldOptions;
  inputs: WorldInputs;
  /** Rendered `world` system prompt. */
  system: string;
  /** Rendered `context` block. */
  context: string;
  ledger: CallLedger;
  signal?: AbortSignal;
}

/** What the calls of one day cost, which templates they used, and what the day had to do without. */
export class CallLedger {
  readonly templateIds: string[] = [];
  readonly prompts: string[] = [];
  /** Why the day is degraded (a stage kept an imperfect answer, an item was dropped); empty when it is not. */
  readonly degraded: string[] = [];
  /** What was repaired in the answers kept, for the log. */
  repairs = 0;
  calls = 0;
  inputTokens = 0;
  outputTokens = 0;

  recordTemplate(id: string): void {
    if (!this.templateIds.includes(id)) this.templateIds.push(id);
  }

  record(prompt: string, result: { attempts: number; usage: { inputTokens: number; outputTokens: number } }) {
    this.prompts.push(prompt);
    this.calls += result.attempts;
    this.inputTokens += result.usage.inputTokens;
    this.outputTokens += result.usage.outputTokens;
  }
}

/**
 * One stage call. An answer the check could only keep as usable comes back with the day marked degraded
 * (`label` says which part); nothing usable after every attempt throws ModelOutputError.
 */
async function call<T>(
  env: StageEnv,
  stage: string,
  template: PromptTemplate,
  task: string,
  schema: z.ZodType<T>,
  check: SemanticCheck<T>,
  label: string = stage,
  notes: string[] = env.ledger.degraded,
): Promise<T> {
  env.ledger.recordTemplate(template.id);
  const prompt = `${env.context}\n\n${task}`;
  const result = await generateStructured({
    model: env.model,
    schema,
    schemaName: `world_${stage}`,
    tags: env.tags,
    system: env.system,
    prompt,
    check,
    maxAttempts: env.options.maxAttempts,
    // A day of up to ~10 items with ~50-word details, in Chinese too, fits with room to spare.
    maxOutputTokens: 4096,
    temperature: env.options.temperature,
    ...(env.signal ? { abortSignal: env.signal } : {}),
  });
  env.ledger.record(`${env.system}\n\n${prompt}`, result);
  env.ledger.repairs += result.repairs?.length ?? 0;
  if (result.degraded) notes.push(`${label}: ${result.degraded.join('; ')}`);
  return result.object;
}

/**
 * Which part of the day a degraded note is about - its label before the first ": " (`outline`,
 * `detail of 09:00`, `item 09:00 dropped`) - without the rest, which can quote the model's answer. For logs.
 */
export function degradedPart(note: string): string {
  const end = note.indexOf(': ');
  return (end === -1 ? note : note.slice(0, end)).slice(0, 40);
}

const failureOf = (error: ModelOutputError) =>
  error.problems.length > 0 ? error.problems.slice(0, 3).join('; ') : 'no valid answer';

function stageVars(env: StageEnv): Record<string, string | number> {
  const { inputs, options } = env;
  return {
    petName: inputs.pet.profile.name,
    userName: inputs.user.callName || inputs.user.name,
    date: inputs.date,
    count: options.items.target,
    minItems: options.items.min,
    maxItems: options.items.max,
    start: options.wakingHours.start,
    end: options.wakingHours.end,
  };
}

function sections(env: StageEnv, outline: DayOutline | null): Record<string, boolean> {
  const { continuity } = env.inputs;
  return {
    friends: env.inputs.friends.length > 0,
    memories: env.inputs.memories.length > 0,
    outline: outline !== null,
    recentDays: continuity.recentDays.length > 0,
    reflections: continuity.reflections.length > 0,
    open: continuity.open.length > 0,
  };
}

function outlineBlock(outline: DayOutline | null, env: StageEnv): string {
  return outline ? quoteData('outline', formatOutline(outline, env.inputs.locale).split('\n')) : '';
}

const friendNames = (env: StageEnv) => env.inputs.friends.map((f) => f.name);

/** Stage 1, eqs. 3-4 with reflections: T1 = LLM(I1, P, U, F[, M], R), R with the days before and promises. */
export async function runOutline(env: StageEnv): Promise<DayOutline> {
  const template = worldPrompt('outline', env.inputs.locale);
  const task = renderWorldPrompt(template, stageVars(env), sections(env, null));
  return call(env, 'outline', template, task, outlineSchema(friendNames(env)), checkOutline);
}

/** The outline, or null (the day degraded, planned as without an outline) when the model gave none. */
export async function runOutlineOrDegrade(env: StageEnv): Promise<DayOutline | null> {
  try {
    return await runOutline(env);
  } catch (error) {
    if (!(error instanceof ModelOutputError)) throw error;
    env.ledger.degraded.push(`outline: ${failureOf(error)}; the day was planned without one`);
    return null;
  }
}

/** Stage 2, eqs. 5-6: T2 = LLM(I2, T1, P, U, F[, M]); without T1 for the w/o-outline variant. */
export async function runSchedule(env: StageEnv, outline: DayOutline | null): Promise<TimedItem[]> {
  const template = worldPrompt('schedule', env.inputs.locale);
  const task = renderWorldPrompt(
    template,
    { ...stageVars(env), outline: outlineBlock(outline, env) },
    sections(env, outline),
  );
  const result = await call(
    env,
    'schedule',
    template,
    task,
    scheduleSchema(env.options, env.inputs.locale),
    checkSchedule({ ...env.options, locale: env.inputs.locale }),
  );
  return result.items;
}

/**
 * Stage 3, eqs. 7-8: T3_i = LLM(I3, T1, T2_i, P, U, F[, M]) for every item, `concurrency` at a time. An item
 * whose detail never came is dropped (the day degraded); only when no item is left does the day fail.
 */
export async function runDetails(
  env: StageEnv,
  outline: DayOutline | null,
  items: readonly TimedItem[],
): Promise<ScheduleItem[]> {
  const template = worldPrompt('detail', env.inputs.locale);
  const vars = {
    ...stageVars(env),
    outline: outlineBlock(outline, env),
    schedule: quoteData(
      'schedule',
      items.map((i) => `${i.time} ${i.title}`),
    ),
  };
  const schema = detailSchema(env.inputs.locale);
  const check = checkDetail(env.inputs.locale);
  // Notes per item, so that the day's reasons come in schedule order whatever order the calls end in.
  const notes = items.map((): string[] => []);
  const failures: ModelOutputError[] = [];
  const details = await mapWithConcurrency(items, env.options.concurrency, async (item, i) => {
    const task = renderWorldPrompt(
      template,
      { ...vars, item: `${item.time} ${item.title}` },
      sections(env, outline),
    );
    try {
      const label = `detail of ${item.time}`;
      const { detail } = await call(env, 'detail', template, task, schema, check, label, notes[i]);
      return { time: item.time, title: item.title, detail };
    } catch (error) {
      if (!(error instanceof ModelOutputError)) throw error;
      failures.push(error);
      notes[i]!.push(`item ${item.time} dropped: no usable detail (${failureOf(error)})`);
      return null;
    }
  });
  env.ledger.degraded.push(...notes.flat());
  const kept = details.filter((item): item is ScheduleItem => item !== null);
  if (kept.length === 0 && failures[0]) throw failures[0];
  return kept;
}

/** The Direct Generation baseline: outline, schedule and details in a single call. */
export async function runDirect(env: StageEnv): Promise<DirectOutput> {
  const template = worldPrompt('direct', env.inputs.locale);
  const task = renderWorldPrompt(template, stageVars(env), sections(env, null));
  return call(
    env,
    'direct',
    template,
    task,
    directSchema(friendNames(env), env.options, env.inputs.locale),
    checkDirect({ ...env.options, locale: env.inputs.locale }),
  );
}
