import type { LanguageModel } from 'ai';
import type {
  Clock,
  FriendProfile,
  FriendRepository,
  IdGenerator,
  Locale,
  Logger,
  Memory,
  Pet,
  ScheduleItem,
  TokenUsage,
  User,
  WorldDay,
  WorldMethod,
  WorldMode,
  WorldRepository,
} from '../core/index.ts';
import { ConflictError, isIsoDate, localDate, ValidationError } from '../core/index.ts';
import { basicInfoDay } from './basic-info.ts';
import { renderContext, selectMemories, type WorldInputs } from './context.ts';
import { type Continuity, continuityFor, NO_CONTINUITY } from './continuity.ts';
import { friendsForPet } from './friends.ts';
import { resolveWorldOptions, type WorldOptionsInput } from './options.ts';
import { formatOutline } from './outline-text.ts';
import {
  CallLedger,
  degradedPart,
  runDetails,
  runDirect,
  runOutlineOrDegrade,
  runSchedule,
  type StageEnv,
} from './stages.ts';
import { renderWorldPrompt, worldPrompt } from './templates.ts';
import { sharedPrefixTokens } from './tokens.ts';

export interface WorldDeps {
  worlds: WorldRepository;
  friends: FriendRepository;
  model: LanguageModel;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  options?: WorldOptionsInput;
}

export interface GenerateDayInput {
  pet: Pet;
  /** The pet's owner. */
  user: User;
  /** YYYY-MM-DD in the owner's timezone; defaults to today there. */
  date?: string;
  /** Recent memories of this user with this pet (the caller picks them, e.g. by tier). */
  memories: readonly Memory[];
  /** Defaults to `memory` when any usable memory is passed, else `normal`. */
  mode?: WorldMode;
  /** Defaults to `world-sim`, the three-stage pipeline. */
  method?: WorldMethod;
  /** Regenerate even when the day is stored; the new day replaces the old one. */
  force?: boolean;
  /**
   * What keeps the day continuous with the ones before (the days before, reflections R, open promises);
   * `dayFor` loads it. Without it the day stands on its own.
   */
  continuity?: Continuity;
  /** The pet's friends; defaults to its stable subset of the pool (assigned on first use). */
  friends?: FriendProfile[];
  signal?: AbortSignal;
}

/** normal mode (eqs. 3, 5, 7) without memories, memory mode (eqs. 4, 6, 8) with them, unless asked otherwise. */
export function chooseWorldMode(memories: readonly Memory[], requested?: WorldMode): WorldMode {
  return requested ?? (memories.length > 0 ? 'memory' : 'normal');
}

export function modelIdOf(model: LanguageModel): string {
  return typeof model === 'string' ? model : model.modelId;
}

/**
 * The pet's day on `date`: generated once per (pet, date) with the chosen method and stored with its mode,
 * method, prompt versions, model and token usage. A stored day is returned as is unless `force`. A stage
 * that gives only part of what was asked (too few items, a short detail, an item without a detail, no
 * outline) leaves a usable day marked `degraded` with the reasons; the day fails, and nothing is stored, only
 * when nothing usable is left.
 */
export async function generateDay(deps: WorldDeps, input: GenerateDayInput): Promise<WorldDay> {
  const { pet, user } = input;
  if (pet.ownerId !== user.id) {
    throw new ValidationError(`pet ${pet.id} does not belong to user ${user.id}`, [
      { path: 'user', message: "must be the pet's owner" },
    ]);
  }
  const now = deps.clock.now();
  const date = input.date ?? localDate(now, user.timezone);
  if (!isIsoDate(date)) {
    throw new ValidationError(`invalid world date "${date}"`, [
      { path: 'date', message: 'must be YYYY-MM-DD' },
    ]);
  }
  const stored = await deps.worlds.getDay(pet.id, date);
  if (stored && !input.force) return stored;

  resolveWorldOptions(deps.options); // invalid settings fail before any model call
  const method = input.method ?? 'world-sim';
  const usable = selectMemories(input.memories, { userId: user.id, petId: pet.id, now });
  if (usable.length < input.memories.length) {
    deps.logger.debug('world: memories left out', {
      petId: pet.id,
      count: input.memories.length - usable.length,
    });
  }
  const mode = chooseWorldMode(usable, input.mode);
  if (mode === 'memory' && usable.length === 0) {
    throw new ValidationError('memory mode needs at least one active memory of this user with this pet', [
      { path: 'mode', message: 'use normal mode, or pass memories' },
    ]);
  }
  const started = performance.now();
  const content =
    method === 'basic-info'
      ? basicInfoContent(pet, user.locale)
      : await simulate(deps, method, {
          locale: user.locale,
          date,
          pet,
          user,
          friends: await friendsOf(deps, input),
          memories: mode === 'memory' ? usable : [],
          continuity: continuityFor(input.continuity ?? NO_CONTINUITY, mode),
          signal: input.signal,
        });
  const { outline, schedule, promptVersion, usage, model, degraded } = content;

  const day: WorldDay = {
    id: deps.ids('wday'),
    petId: pet.id,
    userId: user.id,
    date,
    mode,
    method,
    outline,
    schedule,
    promptVersion,
    model,
    usage,
    createdAt: deps.clock.now(),
    degraded: degraded.length > 0 ? { reasons: degraded } : null,
  };
  const saved = await save(deps, day, stored !== null);
  if (degraded.length > 0) {
    // The parts only: the notes themselves quote the model's answer (they are kept with the day instead).
    deps.logger.warn('world day degraded', {
      petId: pet.id,
      date,
      method,
      parts: degraded.map(degradedPart),
    });
  }
  deps.logger.info('world day generated', {
    petId: pet.id,
    date,
    mode,
    method,
    items: schedule.length,
    continuityDays: input.continuity?.recentDays.length ?? 0,
    reflections: input.continuity?.reflections.length ?? 0,
    open: input.continuity?.open.length ?? 0,
    repairs: content.repairs,
    calls: usage.calls,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    sharedPrefixTokens: usage.sharedPrefixTokens,
    ms: Math.round(performance.now() - started),
  });
  return saved;
}

interface DayContent {
  outline: string;
  schedule: ScheduleItem[];
  promptVersion: string;
  usage: TokenUsage;
  model: string;
  /** Reasons the day is degraded; empty when it is complete. */
  degraded: string[];
  /** How many repairs the answers needed (logged). */
  repairs: number;
}

function basicInfoContent(pet: Pet, locale: Locale): DayContent {
  const basic = basicInfoDay(pet, locale);
  return {
    outline: basic.outline,
    schedule: [],
    promptVersion: basic.templateId,
    usage: { calls: 0, inputTokens: 0, outputTokens: 0, sharedPrefixTokens: 0 },
    model: 'none',
    degraded: [],
    repairs: 0,
  };
}

/** The pet's friends in a stable order (sorted by name), so every call of every day renders them alike. */
async function friendsOf(deps: WorldDeps, input: GenerateDayInput): Promise<FriendProfile[]> {
  const friends = input.friends ?? (await friendsForPet(deps, input.pet));
  return [...friends].sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs a model-based method and accounts for its calls. */
async function simulate(
  deps: WorldDeps,
  method: Exclude<WorldMethod, 'basic-info'>,
  inputs: WorldInputs & { signal: AbortSignal | undefined },
): Promise<DayContent> {
  const { signal, ...data } = inputs;
  const systemTemplate = worldPrompt('world', data.locale);
  const context = renderContext(data);
  const ledger = new CallLedger();
  ledger.recordTemplate(systemTemplate.id);
  ledger.recordTemplate(context.templateId);
  const env: StageEnv = {
    model: deps.model,
    tags: { purpose: 'world', userId: data.user.id, petId: data.pet.id },
    options: resolveWorldOptions(deps.options),
    inputs: data,
    system: renderWorldPrompt(systemTemplate, {}),
    context: context.text,
    ledger,
    ...(signal ? { signal } : {}),
  };
  const { outline, schedule } = await runMethod(method, env);
  return {
    outline,
    schedule,
    promptVersion: ledger.templateIds.join('+'),
    usage: {
      calls: ledger.calls,
      inputTokens: ledger.inputTokens,
      outputTokens: ledger.outputTokens,
      sharedPrefixTokens: sharedPrefixTokens(ledger.prompts),
    },
    model: modelIdOf(deps.model),
    degraded: ledger.degraded,
    repairs: ledger.repairs,
  };
}

async function runMethod(
  method: Exclude<WorldMethod, 'basic-info'>,
  env: StageEnv,
): Promise<{ outline: string; schedule: ScheduleItem[] }> {
  switch (method) {
    case 'world-sim': {
      const outline = await runOutlineOrDegrade(env);
      const items = await runSchedule(env, outline);
      const schedule = await runDetails(env, outline, items);
      return { outline: outline ? formatOutline(outline, env.inputs.locale) : '', schedule };
    }
    case 'no-outline': {
      const items = await runSchedule(env, null);
      return { outline: '', schedule: await runDetails(env, null, items) };
    }
    case 'direct': {
      const day = await runDirect(env);
      return { outline: formatOutline(day.outline, env.inputs.locale), schedule: day.schedule };
    }
  }
}

/** A concurrent generation of the same day may win the insert; then its day is the day. */
async function save(deps: WorldDeps, day: WorldDay, replace: boolean): Promise<WorldDay> {
  try {
    return await deps.worlds.saveDay(day, { replace });
  } catch (error) {
    if (!replace && error instanceof ConflictError) {
      const winner = await deps.worlds.getDay(day.petId, day.date);
      if (winner) return winner;
    }
    throw error;
  }
}
