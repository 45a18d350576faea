import { z } from 'zod';
import { LOCALES, type Locale, type PetProfile, petProfileSchema } from '../../core/index.ts';
import { parseJsonLines } from '../common/samples.ts';

/**
 * One line of a reference dataset (RoleCraft-GLM style): a persona, a user query and the reference reply.
 * `persona` is a profile object (the fields of `ipet pet create`) or free text; `response`, when present, is
 * scored as is instead of generating one.
 */
export const referenceLineSchema = z.object({
  id: z.string().trim().min(1).max(200).optional(),
  persona: z.union([z.string().trim().min(1).max(8000), petProfileSchema]),
  /** The character's name when `persona` is free text. */
  name: z.string().trim().min(1).max(80).optional(),
  locale: z.enum(LOCALES).optional(),
  query: z.string().trim().min(1).max(4000),
  reference: z.string().trim().min(1).max(20000),
  response: z.string().optional(),
});
export type ReferenceLine = z.infer<typeof referenceLineSchema>;

export interface ReferenceItem {
  id: string;
  /** Groups lines of the same character in the table. */
  character: string;
  locale: Locale;
  profile: PetProfile;
  query: string;
  reference: string;
  response: string | undefined;
  /** RoleCraft-GLM's instruction kind (raw, cus, spe) or dialogue, when the lines come from an export's test file. */
  kind?: string;
}

const HAN = /\p{Script=Han}/u;

export function parseReferenceDataset(text: string, source: string): ReferenceItem[] {
  return parseJsonLines(text, referenceLineSchema, source).map((line, i) => toItem(line, i));
}

function toItem(line: ReferenceLine, index: number): ReferenceItem {
  const personaText = typeof line.persona === 'string' ? line.persona : '';
  const locale = line.locale ?? (HAN.test(`${personaText}${line.query}`) ? 'zh' : 'en');
  const profile =
    typeof line.persona === 'string'
      ? petProfileSchema.parse({
          name: line.name ?? (locale === 'zh' ? '角色' : 'Character'),
          kind: locale === 'zh' ? '角色' : 'character',
          // free text keeps every word: up to 4000 characters as background, the rest as scenario
          background: personaText.slice(0, 4000),
          scenario: personaText.slice(4000),
        })
      : { ...line.persona, ...(line.name ? { name: line.name } : {}) };
  return {
    id: line.id ?? `line-${index + 1}`,
    character: profile.name,
    locale,
    profile,
    query: line.query,
    reference: line.reference,
    response: line.response,
  };
}
