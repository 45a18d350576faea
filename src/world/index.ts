/**
 * @module world
 * World simulation (paper section 2.3): the pet's day as outline T1 -> schedule T2 -> details T3, in normal
 * or memory mode, plus the evaluation baselines (direct, no-outline, basic-info), the friend pool F, and the
 * read side the dialogue uses (what the pet is doing now). `dayFor` is the use case the apps and the
 * nightly batch call: the stored day, or a new one from the user's recent memories and the day's continuity
 * (the days before, the reflections R, open promises and upcoming events).
 */
export { worldCallSpecs } from './call-specs.ts';
export {
  type Continuity,
  type ContinuityDeps,
  loadContinuity,
  MAX_OPEN,
  NO_CONTINUITY,
  RECENT_DAYS,
} from './continuity.ts';
export { type DayContext, dayContext, findItemsMentioned } from './day-context.ts';
export { type DayForDeps, type DayForInput, dayFor, ensureFriendPool } from './day-for.ts';
export { type FriendPoolDeps, type FriendPoolInput, friendsForPet, generateFriendPool } from './friends.ts';
export { chooseWorldMode, type GenerateDayInput, generateDay, type WorldDeps } from './generate-day.ts';
export {
  DEFAULT_WORLD_OPTIONS,
  resolveWorldOptions,
  type WorldOptions,
  type WorldOptionsInput,
} from './options.ts';
export type { DayOutline } from './prompts/outline.schema.ts';
export { WORLD_PROMPT_VERSION, WORLD_PROMPT_VERSIONS } from './templates.ts';
export { DETAIL_LENGTH, measureText, TITLE_LENGTH } from './text-length.ts';
export { formatTimeline } from './timeline.ts';
export { sharedPrefixTokens } from './tokens.ts';
