import type { ChatSession, Memory, Message, Pet, User } from '../core/index.ts';
import { loadPrompt, localDate, localTime, quoteData, renderPrompt, weekday } from '../core/index.ts';
import { EXTRACT_PROMPT_VERSION } from './prompts/extract.v2.schema.ts';

const PROMPTS = new URL('./prompts/', import.meta.url);

export interface ExtractionPrompt {
  system: string;
  prompt: string;
  /** Short id shown to the model (`m1`...) → the memory it stands for. */
  refs: Map<string, Memory>;
  /** `extract@v2/en`, for logs. */
  promptId: string;
  /** True when the oldest messages were left out to fit `maxTranscriptChars`. */
  truncated: boolean;
}

/** I_s, S, P, U and the related memories, rendered into the versioned extraction prompt. Pure. */
export function buildExtractionPrompt(input: {
  session: ChatSession;
  messages: Message[];
  user: User;
  pet: Pet;
  related: Memory[];
  maxTranscriptChars?: number;
}): ExtractionPrompt {
  const { session, user, pet } = input;
  const locale = user.locale;
  const timeZone = user.timezone;
  const system = renderPrompt(loadPrompt(PROMPTS, 'extract-system', EXTRACT_PROMPT_VERSION, locale), {});
  const template = loadPrompt(PROMPTS, 'extract', EXTRACT_PROMPT_VERSION, locale);

  const refs = new Map<string, Memory>();
  const existing = input.related.map((memory, i) => {
    const ref = `m${i + 1}`;
    refs.set(ref, memory);
    return `${ref} | ${memory.subject} | ${memory.category} | ${localDate(memory.occurredAt, timeZone)} | ${memory.text}`;
  });

  const sessionDate = localDate(session.startedAt, timeZone);
  const userName = user.callName || user.name;
  const lines = input.messages.map((m) => {
    const date = localDate(m.createdAt, timeZone);
    const stamp = `${date === sessionDate ? '' : `${date} `}${localTime(m.createdAt, timeZone)}`;
    const speaker =
      m.role === 'user' ? userName : `${pet.profile.name} (${locale === 'zh' ? '宠物' : 'pet'})`;
    return `[${stamp}] ${speaker}: ${m.content}`;
  });
  const { kept, truncated } = keepLatest(lines, input.maxTranscriptChars ?? 30_000);
  if (truncated) kept.unshift(locale === 'zh' ? '（更早的消息已省略）' : '(earlier messages omitted)');

  const none = locale === 'zh' ? '（无）' : '(none)';
  const prompt = renderPrompt(template, {
    date: sessionDate,
    weekday: weekday(sessionDate, locale),
    timeZone,
    user: quoteData('user_profile', profileLines(user)),
    pet: quoteData('pet_profile', [
      `name: ${pet.profile.name}`,
      `kind: ${pet.profile.kind}`,
      ...(pet.profile.personality ? [`personality: ${pet.profile.personality}`] : []),
    ]),
    existing: existing.length > 0 ? quoteData('existing_memories', existing) : none,
    messageCount: input.messages.length,
    conversation: quoteData('conversation', kept),
  });
  return { system, prompt, refs, promptId: template.id, truncated };
}

function profileLines(user: User): string[] {
  return [
    `name: ${user.name}`,
    ...(user.callName && user.callName !== user.name ? [`called: ${user.callName}`] : []),
    ...(user.interests.length > 0 ? [`interests: ${user.interests.join(', ')}`] : []),
  ];
}

function keepLatest(lines: string[], maxChars: number): { kept: string[]; truncated: boolean } {
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (used + line.length > maxChars && kept.length > 0) return { kept: kept.reverse(), truncated: true };
    kept.push(line);
    used += line.length + 1;
  }
  return { kept: kept.reverse(), truncated: false };
}
