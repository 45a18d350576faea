import { z } from 'zod';

/**
 * One training item, as every `ipet dataset` step reads and writes it (`<dir>/items.jsonl`, one a line).
 * Steps add to items; none rewrites another step's fields: generate/from-chats create items, filter and
 * review set `review`, export reads accepted items only.
 *
 * Emotion labels are the product's ten (`EMOTIONS` of the dialogue module: RoleCraft-GLM's ten-category
 * scheme as the pet uses it), so a model fine-tuned on the data emits labels ipet's tag parser reads.
 */
export const DATASET_SOURCES = ['generated', 'chats'] as const;
export type DatasetSource = (typeof DATASET_SOURCES)[number];

/** RoleCraft-GLM's instruction kinds: dialogue, character-knowledge Q&A (SPE), customised (CUS), generic (RAW). */
export const DATASET_KINDS = ['dialogue', 'spe', 'cus', 'raw'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export const datasetMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().min(1),
  /** Every assistant (pet) utterance of a dialogue carries one; absent on user turns. */
  emotion: z.string().min(1).optional(),
});
export type DatasetMessage = z.infer<typeof datasetMessageSchema>;

export const reviewSchema = z.object({
  status: z.enum(['pending', 'accepted', 'rejected']),
  /** Counted reasons, e.g. `safety:crisis-protocol`, `judge:persona`, `length:too-short`, `duplicate`. */
  reasons: z.array(z.string()),
  /** Who decided last: the automatic filter or a person's review file. */
  by: z.enum(['filter', 'person']),
});
export type Review = z.infer<typeof reviewSchema>;

export const datasetItemSchema = z.object({
  /** Stable across runs (resume and review match on it). */
  id: z.string().min(1),
  source: z.enum(DATASET_SOURCES),
  kind: z.enum(DATASET_KINDS),
  /** The pet the item speaks as; its split (train/validation/test) is decided per pet. */
  petId: z.string().min(1),
  petName: z.string().min(1),
  locale: z.enum(['en', 'zh']),
  /** The persona/system text the pet speaks under (profile, speaking style, relevant lore). */
  system: z.string(),
  /** Strictly alternating, starting with `user`, ending with `assistant`. */
  messages: z.array(datasetMessageSchema).min(2),
  /** Free-form provenance: simulated user persona, day, lore ids, model, prompt version. */
  meta: z.record(z.string(), z.unknown()).default({}),
  review: reviewSchema.optional(),
});
export type DatasetItem = z.infer<typeof datasetItemSchema>;

/** File names inside a dataset directory. */
export const DATASET_FILES = {
  items: 'items.jsonl',
  /** Resume state of `generate` (which pet/slot is done). */
  progress: 'progress.json',
  /** What a person edits: one row per item with accept/reject and the reasons (JSONL or CSV). */
  review: 'review.jsonl',
  datasheet: 'datasheet.md',
} as const;
