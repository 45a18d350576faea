import type { Memory, Pet, Reflection, ReflectionScope, User } from '../../core/index.ts';
import { loadPrompt, localDate, quoteData, renderPrompt, weekday } from '../../core/index.ts';
import { REFLECT_PROMPT_VERSION } from '../prompts/reflect.v1.schema.ts';

const PROMPTS = new URL('../prompts/', import.meta.url);

export interface ReflectionPrompt {
  system: string;
  prompt: string;
  /** `reflect@v1/en`, stored with the reflections. */
  promptId: string;
}

export interface ReflectionPromptInput {
  scope: ReflectionScope;
  /** The night's date: the reflection covers `periodStart`..`periodEnd`, the days before it. */
  date: string;
  periodStart: string;
  periodEnd: string;
  pet: Pet;
  user: User;
  /** The pet's own memories and the user's, each oldest first. */
  petMemories: readonly Memory[];
  userMemories: readonly Memory[];
  /** The pair's latest reflections (weekly and nightly). */
  previous: ReadonlyArray<Pick<Reflection, 'scope' | 'topic' | 'text' | 'periodEnd'>>;
}

/** The reflection call's system and user prompt, everything from the store quoted as data. Pure. */
export function buildReflectionPrompt(input: ReflectionPromptInput): ReflectionPrompt {
  const { user, pet } = input;
  const locale = user.locale;
  const system = renderPrompt(loadPrompt(PROMPTS, 'reflect-system', REFLECT_PROMPT_VERSION, locale), {});
  const template = loadPrompt(PROMPTS, 'reflect', REFLECT_PROMPT_VERSION, locale);
  const none = locale === 'zh' ? '（无）' : '(none)';
  const lines = (label: string, memories: readonly Memory[]) =>
    memories.length > 0
      ? quoteData(
          label,
          memories.map((m) => memoryLine(m, user.timezone)),
        )
      : none;
  const prompt = renderPrompt(
    template,
    {
      date: input.date,
      weekday: weekday(input.date, locale),
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      petName: pet.profile.name,
      userName: user.callName || user.name,
      pet: quoteData('pet_profile', petLines(pet)),
      user: quoteData('user_profile', userLines(user)),
      petMemories: lines('pet_memories', input.petMemories),
      userMemories: lines('user_memories', input.userMemories),
      previous:
        input.previous.length > 0
          ? quoteData(
              'earlier_reflections',
              input.previous.map((r) => `(${r.scope}, ${r.periodEnd}) [${r.topic}] ${r.text}`),
            )
          : none,
    },
    { sections: { weekly: input.scope === 'weekly' } },
  );
  return { system, prompt, promptId: template.id };
}

/** `(2025-03-13) [promise, due 2025-03-15] text`: when it happened, its kind and due date when it has them. */
function memoryLine(m: Memory, timeZone: string): string {
  const tags = [m.kind, m.dueOn ? `due ${m.dueOn}` : null].filter((t) => t !== null);
  return `(${localDate(m.occurredAt, timeZone)})${tags.length > 0 ? ` [${tags.join(', ')}]` : ''} ${m.text}`;
}

function petLines(pet: Pet): string[] {
  const p = pet.profile;
  return [
    `name: ${p.name}`,
    `kind: ${p.kind}`,
    ...(p.personality ? [`personality: ${p.personality}`] : []),
    ...(p.likes.length > 0 ? [`likes: ${p.likes.join(', ')}`] : []),
  ];
}

function userLines(user: User): string[] {
  return [
    `name: ${user.name}`,
    ...(user.callName && user.callName !== user.name ? [`called: ${user.callName}`] : []),
    ...(user.ageBand === 'minor' ? ['a minor: keep everything suitable for children'] : []),
  ];
}
