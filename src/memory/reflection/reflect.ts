import type { LanguageModel } from 'ai';
import type {
  Clock,
  IdGenerator,
  Logger,
  Memory,
  MemoryRepository,
  Pet,
  Reflection,
  ReflectionRepository,
  ReflectionScope,
  User,
} from '../../core/index.ts';
import { addDays, generateStructured } from '../../core/index.ts';
import { checkReflections, reflectionSchema } from '../prompts/reflect.v1.schema.ts';
import { buildReflectionPrompt } from './reflect-prompt.ts';
import { WINDOW_DAYS, weeklyDue, windowOf } from './reflection-window.ts';

export interface ReflectDeps {
  memories: Pick<MemoryRepository, 'list'>;
  reflections: Pick<ReflectionRepository, 'addVersion' | 'latest'>;
  model: LanguageModel;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}

export interface ReflectInput {
  pet: Pet;
  /** The pet's owner. */
  user: User;
  /** The night's date (YYYY-MM-DD, the owner's): its reflections cover the days before it. */
  date: string;
  signal?: AbortSignal;
}

/**
 * `stored`: a new version was written; `kept`: this period was reflected on before (a retried night), nothing
 * asked; `skipped`: no call made - `nothing new` since the last version, `no memories` in the period, or (weekly)
 * `not due`.
 */
export type ReflectOutcome = 'stored' | 'kept' | 'skipped';

export interface ReflectResult {
  scope: ReflectionScope;
  outcome: ReflectOutcome;
  reason: 'nothing new' | 'no memories' | 'not due' | null;
  /** The scope's current version (new, kept, or the previous one when skipped). */
  reflections: Reflection[];
  usage: { calls: number; inputTokens: number; outputTokens: number };
}

export interface NightReflections {
  nightly: ReflectResult;
  weekly: ReflectResult;
}

const NO_USAGE = { calls: 0, inputTokens: 0, outputTokens: 0 };

/**
 * The reflections of one pair's night (iPET: behaviour "guided by high-level reflections"): the nightly one
 * over the last `WINDOW_DAYS.nightly` days, and - when a week has passed since the last weekly one (the first
 * once the pair has a week of memories) - the weekly one over the last 7 days. Each is one structured call
 * that reads the pair's memories of the period (the pet's and the user's) and its latest reflections, stored
 * as the scope's next version. A period reflected on before is kept without a call, and a scope with no
 * memory stored since its last version is skipped. Three store reads, one write per version stored.
 */
export async function reflectNight(deps: ReflectDeps, input: ReflectInput): Promise<NightReflections> {
  const now = deps.clock.now();
  const pair = { petId: input.pet.id, userId: input.user.id };
  const [memories, nightly, weekly] = await Promise.all([
    deps.memories.list({ ...pair, now }),
    deps.reflections.latest({ ...pair, scope: 'nightly' }),
    deps.reflections.latest({ ...pair, scope: 'weekly' }),
  ]);
  const previous = [...weekly, ...nightly];
  const run = (scope: ReflectionScope, latest: Reflection[]) =>
    reflectScope(deps, input, { scope, now, memories, latest, previous });
  const periodEnd = addDays(input.date, -1);
  const [nightlyResult, weeklyResult] = await Promise.all([
    run('nightly', nightly),
    weeklyDue(weekly[0]?.periodEnd ?? null, memories, periodEnd, input.user.timezone)
      ? run('weekly', weekly)
      : Promise.resolve(skipped('weekly', 'not due', weekly)),
  ]);
  return { nightly: nightlyResult, weekly: weeklyResult };
}

async function reflectScope(
  deps: ReflectDeps,
  input: ReflectInput,
  ctx: {
    scope: ReflectionScope;
    now: Date;
    memories: Memory[];
    latest: Reflection[];
    previous: Reflection[];
  },
): Promise<ReflectResult> {
  const { scope, latest } = ctx;
  const { user, pet } = input;
  const periodEnd = addDays(input.date, -1);
  const periodStart = addDays(input.date, -WINDOW_DAYS[scope]);
  const log = { userId: user.id, petId: pet.id, date: input.date, scope };
  if (latest[0]?.periodEnd === periodEnd) {
    return { scope, outcome: 'kept', reason: null, reflections: latest, usage: NO_USAGE };
  }
  const since = latest[0]?.createdAt;
  if (since && !ctx.memories.some((m) => m.createdAt > since)) {
    deps.logger.info('reflection skipped', { ...log, reason: 'nothing new' });
    return skipped(scope, 'nothing new', latest);
  }
  const window = windowOf(ctx.memories, {
    scope,
    periodStart,
    date: input.date,
    now: ctx.now,
    timeZone: user.timezone,
  });
  if (window.pet.length === 0 && window.user.length === 0) {
    deps.logger.info('reflection skipped', { ...log, reason: 'no memories' });
    return skipped(scope, 'no memories', latest);
  }

  const built = buildReflectionPrompt({
    scope,
    date: input.date,
    periodStart,
    periodEnd,
    pet,
    user,
    petMemories: window.pet,
    userMemories: window.user,
    previous: ctx.previous,
  });
  const result = await generateStructured({
    model: deps.model,
    schema: reflectionSchema,
    schemaName: 'reflections',
    tags: { purpose: 'reflection', userId: user.id, petId: pet.id },
    system: built.system,
    prompt: built.prompt,
    check: checkReflections,
    // Five items of two sentences each; more is a runaway answer.
    maxOutputTokens: 1500,
    ...(input.signal ? { abortSignal: input.signal } : {}),
  });
  const stored = await deps.reflections.addVersion({
    petId: pet.id,
    userId: user.id,
    scope,
    periodStart,
    periodEnd,
    promptVersion: built.promptId,
    model: typeof deps.model === 'string' ? deps.model : deps.model.modelId,
    createdAt: deps.clock.now(),
    items: result.object.reflections.map((item) => ({ id: deps.ids('rfl'), ...item })),
  });
  deps.logger.info('reflection stored', {
    ...log,
    ids: stored.map((r) => r.id).join(','),
    version: stored[0]?.version ?? null,
    petMemories: window.pet.length,
    userMemories: window.user.length,
    repairs: result.repairs?.length ?? 0,
    attempts: result.attempts,
    prompt: built.promptId,
  });
  return {
    scope,
    outcome: 'stored',
    reason: null,
    reflections: stored,
    usage: { calls: result.attempts, ...result.usage },
  };
}

function skipped(
  scope: ReflectionScope,
  reason: ReflectResult['reason'],
  latest: Reflection[],
): ReflectResult {
  return { scope, outcome: 'skipped', reason, reflections: latest, usage: NO_USAGE };
}
