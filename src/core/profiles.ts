import { z } from 'zod';
import { isValidTimeZone } from './time.ts';

/** Languages the product speaks. The pet answers in the user's locale. */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const AGE_BANDS = ['adult', 'minor', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const list = (maxItems: number, maxLen: number) => z.array(text(maxLen).min(1)).max(maxItems);

/**
 * Pet profile P: fine-grained, in the spirit of RoleCraft-GLM. Describes any persona, not only animals.
 * Only `name` and `kind` are required; everything else enriches the prompt when present.
 */
export const petProfileSchema = z.object({
  name,
  kind: z.string().trim().min(1, 'must not be empty').max(80),
  appearance: text(1000).default(''),
  personality: text(2000).default(''),
  traits: list(20, 60).default([]),
  speakingStyle: text(1000).default(''),
  catchphrases: list(10, 120).default([]),
  likes: list(20, 120).default([]),
  dislikes: list(20, 120).default([]),
  background: text(4000).default(''),
  emotionalTendencies: text(1000).default(''),
  exampleLines: list(10, 400).default([]),
  greeting: text(1000).default(''),
  /** Free text from imported character cards (scenario, system prompt...) lives in `extra`. */
  scenario: text(4000).default(''),
});
export type PetProfile = z.infer<typeof petProfileSchema>;
export type PetProfileInput = z.input<typeof petProfileSchema>;

/** User profile U. */
export const userProfileSchema = z.object({
  name,
  /** How the pet calls the user; defaults to `name`. */
  callName: text(80).default(''),
  timezone: z
    .string()
    .trim()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'is not a known IANA time zone (e.g. Europe/Paris, Asia/Shanghai)' }),
  locale: z.enum(LOCALES).default('en'),
  ageBand: z.enum(AGE_BANDS).default('unknown'),
  interests: list(20, 80).default([]),
});
export type UserProfile = z.infer<typeof userProfileSchema>;
export type UserProfileInput = z.input<typeof userProfileSchema>;
