/**
 * @module cards
 * Character cards and lorebooks (issue 10): import V1/V2/V3 cards from JSON or PNG/APNG onto profile P,
 * export V2/V3 JSON or PNG (both `chara` and `ccv3` chunks), world-info lorebooks matched on the recent
 * conversation (a LoreSource for the dialogue module), and the persona builder that drafts a profile from
 * a free-text description. Every reader is all-or-nothing: bad input is a ValidationError, nothing stored.
 */
export { cardsCallSpecs } from './call-specs.ts';
export type { CardSpec, JsonObject } from './card/types.ts';
export {
  type CardFormat,
  type ExportCardOptions,
  type ExportedCard,
  type ExportSpec,
  exportCard,
} from './export-card.ts';
export { type ImportedCard, importCard } from './import-card.ts';
export { type Lorebook, type LoreEntry, readLorebook } from './lore/book.ts';
export { createLoreSource, type LoreSourceDeps, petLorebooks } from './lore/pet-lore.ts';
export {
  importLorebook,
  type LorebookSummary,
  type LoreEntrySummary,
  listLore,
  removeLorebook,
} from './lore/pet-lorebooks.ts';
export { selectLore } from './lore/select-lore.ts';
export { buildPersona, MAX_DESCRIPTION_CHARS, type PersonaResult } from './persona/build-persona.ts';
export { exportPetCard, importPetCard, type PetCardImport } from './pet-cards.ts';
export { EXT_KEYS } from './pet-extensions.ts';
export {
  MAX_PORTRAIT_BYTES,
  PORTRAIT_KEYS,
  PORTRAIT_TYPES,
  type Portrait,
  type PortraitType,
  portraitOf,
  portraitVersion,
  readPortrait,
  sniffImage,
  withoutPortraitKeys,
  withPortrait,
} from './portrait.ts';
export { checkPersona, type PersonaDraft, personaSchema } from './prompts/persona.v1.schema.ts';
export { LIMITS } from './rejected.ts';
