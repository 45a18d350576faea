import type { LanguageModel } from 'ai';
import type {
  Clock,
  IdGenerator,
  Logger,
  Memory,
  MemoryRepository,
  Pet,
  ProactiveMessage,
  ProactiveRepository,
  User,
  WorldDay,
} from '../core/index.ts';
import {
  addDays,
  formatHhMm,
  generateStructured,
  parseHhMm,
  quoteData,
  renderPrompt,
  weekday,
} from '../core/index.ts';
import { type EligibilityOptions, ineligibility } from './eligibility.ts';
import { findPressure } from './pressure-filter.ts';
import { checkPlan, type DraftMessage, PROACTIVE_MAX_MESSAGES, planSchema } from './prompts/plan.schema.ts';
import { inQuietHours, localInstant } from './quiet-hours.ts';
import { proactivePrompt } from './templates.ts';

export interface PlanDeps extends EligibilityOptions {
  model: LanguageModel;
  proactive: Pick<ProactiveRepository, 'plan' | 'list'>;
  memories: Pick<MemoryRepository, 'recent' | 'due'>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  signal?: AbortSignal;
}

export interface PlanInput {
  user: User;
  pet: Pet;
  /** The pet's day the messages are planned for (its date, its items). */
  day: WorldDay;
}

/** What planning did for one pair and date: ids and counters only. */
export interface ProactivePlanReport {
  /** `planned`: the model was asked; otherwise why not (no call was made). */
  outcome: 'planned' | 'opted_out' | 'minor' | 'no_cap' | 'already_planned' | 'nothing_to_ground';
  /** Messages stored to be sent. */
  planned: number;
  /** Messages the model wrote that were stored as skipped (pressure, quiet hours, cap, past). */
  skipped: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

/** Memories offered to the planner: what is coming up for the user that day, then the most recent. */
const UPCOMING = 3;
const RECENT = 3;

/**
 * The messages the pet starts on `day.date`: one structured call (0-3 messages, each grounded in one of the
 * day's items or the user's memories listed in the prompt), then the rules that do not trust the model -
 * the pressure filter, the quiet hours in the user's time zone, the daily cap (counting messages already
 * planned for the user's other pets that day) and times already past. Messages that break one are stored as
 * skipped with the reason, so what the pet would have said stays auditable. No call when the user did not
 * opt in, is a minor (unless allowed), or the pair's plan for the date exists (a retried night).
 */
export async function planProactiveMessages(deps: PlanDeps, input: PlanInput): Promise<ProactivePlanReport> {
  const { user, pet, day } = input;
  const report: ProactivePlanReport = {
    outcome: 'planned',
    planned: 0,
    skipped: 0,
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
  };
  const refused = ineligibility(user, deps);
  if (refused) return { ...report, outcome: refused as ProactivePlanReport['outcome'] };
  const existing = await deps.proactive.list({ userId: user.id, limit: 200 });
  if (existing.some((m) => m.petId === pet.id && m.date === day.date)) {
    return { ...report, outcome: 'already_planned' };
  }
  const now = deps.clock.now();
  const memories = await groundingMemories(deps, user, pet, day.date, now);
  const items = day.schedule.filter((item) => parseHhMm(item.time) !== null);
  if (items.length === 0 && memories.length === 0) return { ...report, outcome: 'nothing_to_ground' };

  const memoryRefs = memories.map((m, i) => ({ ref: `m${i + 1}`, memory: m }));
  const refs = [...items.map((i) => i.time), ...memoryRefs.map((m) => m.ref)];
  const prefs = user.proactive;
  const template = proactivePrompt('plan', user.locale);
  const prompt = renderPrompt(
    template,
    {
      petName: pet.profile.name,
      userName: user.callName || user.name,
      date: day.date,
      weekday: weekday(day.date, user.locale),
      pet: quoteData('pet', petLines(pet)),
      schedule: quoteData(
        'schedule',
        items.map((i) => `${i.time} ${i.title}: ${i.detail}`),
      ),
      memories: quoteData(
        'memories',
        memoryRefs.map((m) => `${m.ref}: ${m.memory.text}`),
      ),
      max: Math.min(PROACTIVE_MAX_MESSAGES, prefs.dailyCap),
      from: prefs.quietEnd,
      to: prefs.quietStart,
      quietStart: prefs.quietStart,
      quietEnd: prefs.quietEnd,
    },
    { sections: { memories: memories.length > 0 } },
  );
  const result = await generateStructured({
    model: deps.model,
    schema: planSchema(refs),
    schemaName: 'proactive_plan',
    tags: { purpose: 'proactive', userId: user.id, petId: pet.id },
    prompt,
    check: checkPlan,
    maxAttempts: 2,
    // Three short messages in JSON.
    maxOutputTokens: 1024,
    ...(deps.signal ? { abortSignal: deps.signal } : {}),
  });
  report.calls = result.attempts;
  report.inputTokens = result.usage.inputTokens;
  report.outputTokens = result.usage.outputTokens;

  // The user's cap is per day across their pets: what the other pets planned for the date counts.
  let kept = existing.filter((m) => m.date === day.date && m.status !== 'skipped').length;
  const rows: ProactiveMessage[] = result.object.messages.map((draft, position) => {
    const dueAt = localInstant(day.date, parseHhMm(draft.time) ?? 0, user.timezone);
    const reason = skipReason(draft, dueAt, now, user);
    const skip = reason ?? (kept >= prefs.dailyCap ? 'daily_cap' : null);
    if (!skip) kept++;
    return {
      id: deps.ids('pmsg'),
      userId: user.id,
      petId: pet.id,
      date: day.date,
      position,
      dueAt,
      text: draft.text,
      groundedIn: groundingOf(draft, items, memoryRefs),
      status: skip ? 'skipped' : 'planned',
      skipReason: skip,
      createdAt: now,
      deliveredAt: null,
      messageId: null,
      readAt: null,
    };
  });
  await deps.proactive.plan(rows);
  report.planned = rows.filter((r) => r.status === 'planned').length;
  report.skipped = rows.length - report.planned;
  deps.logger.info('proactive: planned', {
    userId: user.id,
    petId: pet.id,
    date: day.date,
    planned: report.planned,
    skipped: rows
      .filter((r) => r.skipReason)
      .map((r) => r.skipReason)
      .join(','),
  });
  return report;
}

function skipReason(draft: DraftMessage, dueAt: Date, now: Date, user: User): string | null {
  const pressure = findPressure(draft.text);
  if (pressure) return `pressure:${pressure}`;
  if (inQuietHours(dueAt, user.timezone, user.proactive)) return 'quiet_hours';
  if (dueAt.getTime() <= now.getTime()) return 'past';
  return null;
}

function groundingOf(
  draft: DraftMessage,
  items: WorldDay['schedule'],
  memories: ReadonlyArray<{ ref: string; memory: Memory }>,
): string {
  const memory = memories.find((m) => m.ref === draft.groundedIn);
  if (memory) return memory.memory.id;
  const item = items.find((i) => i.time === draft.groundedIn);
  return item ? `${formatHhMm(parseHhMm(item.time) ?? 0)} ${item.title}` : draft.groundedIn;
}

function petLines(pet: Pet): string[] {
  const p = pet.profile;
  return [
    `Name: ${p.name} (${p.kind})`,
    ...(p.personality ? [`Personality: ${p.personality.slice(0, 400)}`] : []),
    ...(p.speakingStyle ? [`Speaking style: ${p.speakingStyle.slice(0, 200)}`] : []),
  ];
}

/** Up to 3 of the user's events due that day (or the next), then the 3 most recent things the user said. */
async function groundingMemories(
  deps: PlanDeps,
  user: User,
  pet: Pet,
  date: string,
  now: Date,
): Promise<Memory[]> {
  const base = { userId: user.id, petId: pet.id, now };
  const [upcoming, recent] = await Promise.all([
    deps.memories.due({ ...base, k: UPCOMING, kinds: ['upcoming'], from: date, to: addDays(date, 1) }),
    deps.memories.recent({ ...base, k: RECENT + UPCOMING, subject: 'user' }),
  ]);
  const seen = new Set(upcoming.map((m) => m.id));
  return [...upcoming, ...recent.filter((m) => !seen.has(m.id)).slice(0, RECENT)];
}
