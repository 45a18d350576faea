import type { LanguageModel } from 'ai';
import {
  generateStructured,
  type Locale,
  loadPrompt,
  type PetProfile,
  type PetProfileInput,
  parseOrThrow,
  petProfileSchema,
  quoteData,
  renderPrompt,
  ValidationError,
} from '../../core/index.ts';
import { checkPersona, PERSONA_PROMPT_VERSION, personaSchema } from '../prompts/persona.v1.schema.ts';

const PROMPTS = new URL('../prompts/', import.meta.url);
export const MAX_DESCRIPTION_CHARS = 2000;

export interface PersonaResult {
  profile: PetProfile;
  /** `persona@v1/en`: stored with the pet (`extensions.persona`) with the description it came from. */
  promptId: string;
  usage: { inputTokens: number; outputTokens: number };
}

/**
 * The persona builder: one structured model call turns a free-text description ("a shy hamster who loves
 * sunflower seeds") into a fine-grained profile P - name (unless given), kind, traits, speaking style,
 * emotional tendencies, likes, dislikes, example lines, greeting - in the owner's language. Fields in
 * `fixed` (flags the owner set) win over the model's. Nothing is stored here.
 */
export async function buildPersona(
  deps: { model: LanguageModel },
  input: { description: string; locale: Locale; fixed?: Partial<PetProfileInput>; ownerId?: string },
): Promise<PersonaResult> {
  const description = input.description.trim();
  if (!description || description.length > MAX_DESCRIPTION_CHARS) {
    const message = description ? `must be at most ${MAX_DESCRIPTION_CHARS} characters` : 'must not be empty';
    throw new ValidationError(`invalid description: ${message}`, [{ path: 'describe', message }]);
  }
  const template = loadPrompt(PROMPTS, 'persona', PERSONA_PROMPT_VERSION, input.locale);
  const name = input.fixed?.name?.trim();
  const nameRule = name
    ? input.locale === 'zh'
      ? `就用“${name}”`
      : `use exactly "${name}"`
    : input.locale === 'zh'
      ? '一个合适的短名字（一到四个字）'
      : 'a short name that fits (one or two words)';
  const prompt = renderPrompt(template, {
    nameRule,
    user: '{{user}}',
    description: quoteData('description', description.split('\n')),
  });
  const result = await generateStructured({
    model: deps.model,
    schema: personaSchema,
    schemaName: 'persona',
    tags: { purpose: 'persona', ...(input.ownerId ? { userId: input.ownerId } : {}) },
    prompt,
    temperature: 0.8,
    maxOutputTokens: 1500,
    check: checkPersona,
  });
  const fixed = Object.fromEntries(Object.entries(input.fixed ?? {}).filter(([, v]) => v !== undefined));
  const profile = parseOrThrow(petProfileSchema.strict(), { ...result.object, ...fixed }, 'pet profile');
  return { profile, promptId: template.id, usage: result.usage };
}
