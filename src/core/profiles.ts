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

const clock = z
  .string()
  .trim()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time of day as HH:MM (24-hour clock)');

/**
 * Messages the pet starts (proactive messages): off until the user opts in; never sent between `quietStart`
 * and `quietEnd` in the user's time zone (a range may wrap past midnight), at most `dailyCap` a day.
 */
export const proactivePreferencesSchema = z.object({
  enabled: z.boolean().default(false),
  quietStart: clock.default('22:00'),
  quietEnd: clock.default('08:00'),
  dailyCap: z.number().int().min(0).max(5).default(2),
});
export type ProactivePreferences = z.infer<typeof proactivePreferencesSchema>;
export const DEFAULT_PROACTIVE: ProactivePreferences = proactivePreferencesSchema.parse({});

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
  proactive: proactivePreferencesSchema.default(DEFAULT_PROACTIVE),
});
export type UserProfile = z.infer<typeof userProfileSchema>;
export type UserProfileInput = z.input<typeof userProfileSchema>;
