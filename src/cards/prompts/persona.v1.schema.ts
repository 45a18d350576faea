import { z } from 'zod';
import type { SemanticCheck } from '../../core/index.ts';
import { describeIssues, formatIssue, modelBounds, petProfileSchema } from '../../core/index.ts';

/**
 * Output of `persona.v1.<locale>.md`: a fine-grained profile P drafted from the owner's description.
 * Lenient where models are sloppy (text trimmed and cut to the profile's limits, empty list items dropped,
 * extra items cut); strict only on what the program needs: a name and a kind (see `checkPersona`). The
 * limits the parse repairs are in the JSON schema sent to the model.
 */
export const PERSONA_PROMPT_VERSION = 'v1';

const cut = (s: string, max: number) => {
  const t = s.trim();
  return (t.length > max ? t.slice(0, max).replace(/[\ud800-\udbff]$/, '') : t).trim();
};
/** Not blank: starts and ends with a non-space (what `checkPersona` needs of a name and a kind). */
const NOT_BLANK = '^\\S(?:.*\\S)?$';
const text = (max: number, describe: string, required = false) =>
  modelBounds(z.string(), { maxLength: max, ...(required ? { minLength: 1, pattern: NOT_BLANK } : {}) })
    .describe(describe)
    .transform((s) => cut(s, max));
const list = (items: number, chars: number, describe: string) =>
  modelBounds(z.array(modelBounds(z.string(), { minLength: 1, maxLength: chars })), { maxItems: items })
    .describe(describe)
    .transform((a) =>
      a
        .map((s) => cut(s, chars))
        .filter(Boolean)
        .slice(0, items),
    );

export const personaSchema = z.object({
  name: text(80, 'the name, one or two words', true),
  kind: text(80, 'what the character is, one to three words', true),
  appearance: text(1000, 'one or two sentences'),
  personality: text(2000, 'two or three sentences, third person'),
  traits: list(8, 60, '3 to 6 short traits'),
  speakingStyle: text(1000, 'how it talks, one or two sentences'),
  catchphrases: list(5, 120, '0 to 3 short phrases it often says'),
  emotionalTendencies: text(1000, 'what moves its moods, one or two sentences'),
  likes: list(10, 120, '3 to 6 concrete things'),
  dislikes: list(10, 120, '3 to 6 concrete things'),
  background: text(4000, 'a short paragraph about its life'),
  exampleLines: list(5, 400, '2 to 4 lines in its own voice, no speaker prefix'),
  greeting: text(1000, 'its first words to a new owner'),
});

export type PersonaDraft = z.output<typeof personaSchema>;

/** A name and a kind, and a draft the profile accepts (the limits above are the profile's, or tighter). */
export const checkPersona: SemanticCheck<PersonaDraft> = (value) => {
  const problems = [
    ...(value.name ? [] : ['name must not be empty']),
    ...(value.kind ? [] : ['kind must not be empty']),
  ];
  if (problems.length === 0) {
    const profile = petProfileSchema.strict().safeParse(value);
    if (!profile.success) problems.push(...describeIssues(profile.error, value).map(formatIssue));
  }
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
};
