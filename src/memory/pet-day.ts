import type {
  Embedder,
  Logger,
  Memory,
  MemoryCategory,
  MemoryRepository,
  Pet,
  User,
  WorldDay,
} from '../core/index.ts';
import { ConflictError, loadPrompt, parseHhMm, renderPrompt, zonedInstant } from '../core/index.ts';
import { embedNewMemories } from './embed-new.ts';
import { MAX_MEMORY_TEXT } from './prompts/extract.v2.schema.ts';
import { DEFAULT_RETENTION, expiryFor, type RetentionPolicy } from './retention.ts';

const PROMPTS = new URL('./prompts/', import.meta.url);
const PET_DAY_VERSION = 'v1';

/** A lived day's items are recent events: kept like other short-term memories (a month by default). */
const DAY_CATEGORY: MemoryCategory = 'short_term';

export interface PetDayDeps {
  memories: Pick<MemoryRepository, 'insert' | 'get'>;
  embedder: Embedder;
  logger: Logger;
  retention?: RetentionPolicy;
}

/** The id of a day item's memory: derived from the stored day, so that recording it twice clashes. */
export const petDayMemoryId = (dayId: string, index: number): string => `mem_day_${dayId}_${index}`;

/**
 * The pet's own memories of a day it has lived (the paper's "agent experiences"): one memory per schedule
 * item, subject `pet`, kind `day`, happening at the item's local time on that date in the owner's time zone,
 * worded from `pet-day.v1.<locale>.md`, embedded like other memories. No model call.
 *
 * Idempotent: a day's memories have ids derived from the day (`petDayMemoryId`) and external ids
 * `day:<dayId>:<index>`, written in one statement; a day recorded before (a retried night) is left as it is.
 * Returns how many memories were added (0 when the day was already recorded or has no items).
 */
export async function recordPetDay(
  deps: PetDayDeps,
  input: { day: WorldDay; user: User; pet: Pet; now: Date },
): Promise<{ added: number }> {
  const { day, user, pet } = input;
  if (day.userId !== user.id || day.petId !== pet.id) {
    throw new Error(`world day ${day.id} is not the day of this user's pet`);
  }
  const memories = petDayMemories(input, deps.retention ?? DEFAULT_RETENTION);
  const first = memories[0];
  if (!first || (await deps.memories.get(user.id, first.id))) return { added: 0 };
  const { items } = await embedNewMemories(deps, memories, user.id);
  try {
    await deps.memories.insert(items);
  } catch (error) {
    // One statement: all of the rows or none. A clash on the day's ids: another run recorded it.
    if (error instanceof ConflictError) return { added: 0 };
    throw error;
  }
  deps.logger.info("pet's day recorded as memories", {
    userId: user.id,
    petId: pet.id,
    date: day.date,
    added: items.length,
  });
  return { added: items.length };
}

/** The memories a day's schedule becomes (pure; exported for tests and previews). */
export function petDayMemories(
  input: { day: WorldDay; user: User; pet: Pet; now: Date },
  retention: RetentionPolicy = DEFAULT_RETENTION,
): Memory[] {
  const { day, user, pet, now } = input;
  const template = loadPrompt(PROMPTS, 'pet-day', PET_DAY_VERSION, user.locale);
  const [year, month, dayOfMonth] = day.date.split('-').map(Number);
  return day.schedule.flatMap((item, index) => {
    const title = item.title.trim();
    if (title === '') return [];
    const minutes = parseHhMm(item.time) ?? 12 * 60;
    const occurredAt = zonedInstant(
      {
        year: year ?? 1970,
        month: month ?? 1,
        day: dayOfMonth ?? 1,
        hour: Math.floor(minutes / 60),
        minute: minutes % 60,
      },
      user.timezone,
    );
    const text = renderPrompt(template, {
      date: day.date,
      time: item.time.trim(),
      petName: pet.profile.name,
      title: title.replace(/[.。!！]+$/u, ''),
      detail: item.detail.trim(),
    })
      .trim()
      .slice(0, MAX_MEMORY_TEXT);
    const memory: Memory = {
      id: petDayMemoryId(day.id, index),
      userId: user.id,
      petId: pet.id,
      text,
      category: DAY_CATEGORY,
      occurredAt,
      createdAt: now,
      expiresAt: expiryFor(DAY_CATEGORY, { recordedAt: now, occurredAt }, retention),
      supersededAt: null,
      supersededById: null,
      sourceSessionId: null,
      externalId: `day:${day.id}:${index}`,
      embeddingModel: null,
      subject: 'pet',
      kind: 'day',
      dueOn: null,
    };
    return [memory];
  });
}
