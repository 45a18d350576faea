import type { LanguageModel } from 'ai';
import { generateStructured, type Locale, renderPrompt } from '../../core/index.ts';
import { type SimulatedUser, userPersonasSchema } from '../prompts/personas.schema.ts';
import { datasetPrompt } from '../prompts/templates.ts';

export type { SimulatedUser };

/** The shared pool of simulated users, per locale (kept in `progress.json`, so a resumed run reuses it). */
export type PersonaPool = Partial<Record<Locale, SimulatedUser[]>>;

/** Asks for `count` varied simulated users in `locale`; one structured call. */
export async function generateSimulatedUsers(
  deps: { model: LanguageModel },
  input: { locale: Locale; count: number },
): Promise<{ users: SimulatedUser[]; usage: { inputTokens: number; outputTokens: number } }> {
  const schema = userPersonasSchema(input.count);
  const result = await generateStructured({
    model: deps.model,
    schema,
    schemaName: 'dataset_user_personas',
    tags: { purpose: 'other' },
    prompt: renderPrompt(datasetPrompt('user-personas', input.locale), { count: input.count }),
    temperature: 1,
    maxOutputTokens: 400 * input.count + 200,
  });
  return { users: result.object.personas, usage: result.usage };
}

/** One simulated user as the dialogue prompt quotes them. */
export function describeUser(user: SimulatedUser, locale: Locale): string {
  const sep = locale === 'zh' ? '、' : ', ';
  const age =
    locale === 'zh'
      ? user.ageBand === 'minor'
        ? '未成年人'
        : '成年人'
      : user.ageBand === 'minor'
        ? 'a minor (under 18)'
        : 'an adult';
  return [`${user.name} - ${age}, ${user.occupation}`, user.situation, user.style, user.topics.join(sep)]
    .filter(Boolean)
    .map((l) => `> ${l}`)
    .join('\n');
}
