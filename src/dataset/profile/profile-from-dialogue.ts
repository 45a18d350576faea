import type { LanguageModel } from 'ai';
import { z } from 'zod';
import { checkPersona, personaSchema } from '../../cards/index.ts';
import {
  generateStructured,
  type Locale,
  type PetProfile,
  parseOrThrow,
  petProfileSchema,
  quoteData,
  renderPrompt,
  ValidationError,
} from '../../core/index.ts';
import { EMOTIONS, type Emotion } from '../../dialogue/index.ts';
import { hanShare } from '../filter/checks.ts';
import { datasetPrompt } from '../prompts/templates.ts';

/** One line of an emotion-annotated dialogue file (`{ speaker, text, emotion }` a line). */
export interface AnnotatedLine {
  speaker: string;
  text: string;
  emotion: Emotion | null;
}

const lineSchema = z.object({
  speaker: z.string().trim().min(1, 'must not be empty').max(80),
  text: z.string().trim().min(1, 'must not be empty').max(4000),
  emotion: z
    .string()
    .trim()
    .toLowerCase()
    .refine((e) => (EMOTIONS as readonly string[]).includes(e), {
      message: `must be one of ${EMOTIONS.join(', ')}`,
    })
    .nullish(),
});

export const MAX_DIALOGUE_LINES = 2000;
/** Lines of the character (and what was said to them) quoted in the prompt, at most. */
const PROMPT_LINES = 200;

/**
 * Reads an annotated dialogue (JSONL). All or nothing: every bad line is reported with its number.
 */
export function parseAnnotatedDialogue(text: string, file: string): AnnotatedLine[] {
  const lines: AnnotatedLine[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`line ${i + 1}: ${issue?.path.join('.') || 'line'} ${issue?.message ?? 'invalid'}`);
      return;
    }
    lines.push({ ...parsed.data, emotion: (parsed.data.emotion as Emotion | undefined) ?? null });
  });
  if (problems.length > 0) {
    throw new ValidationError(
      `${file}: ${problems.length} bad line(s):\n  ${problems.slice(0, 20).join('\n  ')}`,
    );
  }
  if (lines.length === 0) throw new ValidationError(`${file} holds no dialogue lines`);
  if (lines.length > MAX_DIALOGUE_LINES) {
    throw new ValidationError(`${file} has ${lines.length} lines; at most ${MAX_DIALOGUE_LINES}`);
  }
  return lines;
}

/** The character a dialogue is about: the one named, else the speaker with the most lines. */
export function mainSpeaker(lines: readonly AnnotatedLine[], named?: string): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.speaker, (counts.get(l.speaker) ?? 0) + 1);
  if (named !== undefined) {
    if (!counts.has(named)) {
      throw new ValidationError(`no line is spoken by ${named}`, [], {
        hint: `speakers: ${[...counts.keys()].slice(0, 10).join(', ')}`,
      });
    }
    return named;
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
}

/** Share of each emotion among the character's annotated lines, most frequent first. */
export function emotionProfile(lines: readonly AnnotatedLine[], speaker: string): Array<[Emotion, number]> {
  const own = lines.filter((l) => l.speaker === speaker && l.emotion !== null);
  const counts = new Map<Emotion, number>();
  for (const l of own) counts.set(l.emotion as Emotion, (counts.get(l.emotion as Emotion) ?? 0) + 1);
  return [...counts.entries()]
    .map(([e, n]): [Emotion, number] => [e, n / own.length])
    .sort((a, b) => b[1] - a[1]);
}

export interface ProfileFromDialogue {
  character: string;
  locale: Locale;
  profile: PetProfile;
  emotions: Array<[Emotion, number]>;
  promptId: string;
  usage: { inputTokens: number; outputTokens: number };
}

/**
 * RoleCraft-GLM's emotion-driven profiling: from a character's emotion-annotated dialogue, one structured
 * call drafts a fine-grained profile P (personality, speaking style, emotional tendencies, background...)
 * in the profile builder's schema. Nothing is stored here; the caller creates the pet.
 */
export async function profileFromDialogue(
  deps: { model: LanguageModel },
  input: { lines: readonly AnnotatedLine[]; character?: string; locale?: Locale; name?: string },
): Promise<ProfileFromDialogue> {
  const character = mainSpeaker(input.lines, input.character);
  const locale = input.locale ?? (hanShare(input.lines.map((l) => l.text).join('')) >= 0.5 ? 'zh' : 'en');
  const emotions = emotionProfile(input.lines, character);
  const quoted = pickLines(input.lines, character).map(
    (l) => `${l.speaker}${l.emotion ? ` (${l.emotion})` : ''}: ${l.text}`,
  );
  const template = datasetPrompt('profile', locale);
  const name = input.name?.trim();
  const nameRule = locale === 'zh' ? `就用“${name ?? character}”` : `use exactly "${name ?? character}"`;
  const stats = emotions.length
    ? emotions.map(([e, share]) => `- ${e}: ${Math.round(share * 100)}%`).join('\n')
    : locale === 'zh'
      ? '（没有标注）'
      : '(no annotations)';
  const result = await generateStructured({
    model: deps.model,
    schema: personaSchema,
    schemaName: 'persona',
    tags: { purpose: 'persona' },
    prompt: renderPrompt(template, {
      character,
      emotionStats: stats,
      nameRule,
      user: '{{user}}',
      dialogue: quoteData('dialogue', quoted),
    }),
    temperature: 0.7,
    maxOutputTokens: 1500,
    check: checkPersona,
  });
  const profile = parseOrThrow(
    petProfileSchema.strict(),
    { ...result.object, name: name ?? character },
    'pet profile',
  );
  return { character, locale, profile, emotions, promptId: template.id, usage: result.usage };
}

/** The character's lines with the line said just before each, up to the prompt's budget. */
function pickLines(lines: readonly AnnotatedLine[], character: string): AnnotatedLine[] {
  const keep = new Set<number>();
  lines.forEach((l, i) => {
    if (l.speaker !== character) return;
    if (i > 0) keep.add(i - 1);
    keep.add(i);
  });
  return [...keep]
    .sort((a, b) => a - b)
    .slice(0, PROMPT_LINES)
    .map((i) => lines[i] as AnnotatedLine);
}
