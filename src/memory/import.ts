import { z } from 'zod';
import type { Clock, Embedder, IdGenerator, MemoryRepository } from '../core/index.ts';
import {
  describeIssues,
  type FieldIssue,
  LimitError,
  MEMORY_CATEGORIES,
  type Memory,
  ValidationError,
} from '../core/index.ts';
import { privilegedWriteSignals } from './privileged-write.ts';
import { DEFAULT_RETENTION, expiryFor, type RetentionPolicy } from './retention.ts';

const isoInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value));

/** One line of a memory import (JSONL). Unknown keys are ignored, so an export can be imported back. */
export const importLineSchema = z.object({
  text: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  category: z.enum(MEMORY_CATEGORIES),
  createdAt: isoInstant.optional(),
  occurredAt: isoInstant.optional(),
  externalId: z.string().trim().min(1).max(200).nullish(),
});
export type ImportLine = z.output<typeof importLineSchema>;

export interface ImportDeps {
  memories: Pick<MemoryRepository, 'insert' | 'list' | 'ensureVectorIndex'>;
  embedder: Embedder;
  clock: Clock;
  ids: IdGenerator;
  retention?: RetentionPolicy;
}

export interface ImportRequest {
  userId: string;
  petId: string;
  /** One JSON object per item: `{ text, category, createdAt?, occurredAt?, externalId? }`. */
  lines: AsyncIterable<string> | Iterable<string>;
  batchSize?: number;
  maxLines?: number;
  /** Reject the whole file when any line is flagged (default: skip flagged lines, import the rest). */
  strict?: boolean;
}

/** A line the poisoning filter refused: its number and why (pattern ids, never the text). */
export interface FlaggedLine {
  line: number;
  reason: string;
}

export interface ImportResult {
  imported: number;
  /** Lines whose externalId the pair already has (re-importing a file is a no-op). */
  duplicates: number;
  /** Lines already past their tier's retention. */
  expired: number;
  /** Lines that read as instructions to the pet rather than memories: skipped, never stored. */
  flagged: FlaggedLine[];
}

/**
 * Imports memories from JSONL. Every line is validated first: a malformed line (not JSON, a missing or bad
 * field, a future date, a repeated externalId) fails the import with its line number and nothing is written.
 * A line the poisoning filter flags (an instruction to the pet, a planted rule) is reported in `flagged` and
 * skipped, and the rest is imported - or, with `strict`, the whole file is rejected and nothing is written.
 * Then texts are embedded in batches and everything is inserted in one call (chunked by the store).
 */
export async function importMemories(deps: ImportDeps, req: ImportRequest): Promise<ImportResult> {
  const now = deps.clock.now();
  const { lines: parsed, flagged } = await parseImportLines(req.lines, {
    now,
    maxLines: req.maxLines ?? 20_000,
  });
  if (req.strict && flagged.length > 0) {
    const first = flagged[0] as FlaggedLine;
    throw new ValidationError(
      `memory import rejected (--strict), nothing was written: line ${first.line}: ${first.reason}` +
        (flagged.length > 1 ? ` (and ${flagged.length - 1} more flagged line(s))` : ''),
      flagged.slice(0, 20).map((f) => ({ path: `line ${f.line}`, message: f.reason })),
      { hint: 'remove the flagged lines, or import without --strict to skip them and import the rest' },
    );
  }

  const existing = await deps.memories.list({
    userId: req.userId,
    petId: req.petId,
    now,
    includeInactive: true,
  });
  const known = new Set(existing.map((m) => m.externalId).filter((id): id is string => id !== null));
  const retention = deps.retention ?? DEFAULT_RETENTION;
  const result: ImportResult = { imported: 0, duplicates: 0, expired: 0, flagged };
  const memories: Memory[] = [];
  for (const { value } of parsed) {
    if (value.externalId && known.has(value.externalId)) {
      result.duplicates++;
      continue;
    }
    const createdAt = value.createdAt ?? now;
    const occurredAt = value.occurredAt ?? createdAt;
    const expiresAt = expiryFor(value.category, { recordedAt: createdAt, occurredAt }, retention);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      result.expired++;
      continue;
    }
    memories.push({
      id: deps.ids('mem'),
      userId: req.userId,
      petId: req.petId,
      text: value.text,
      category: value.category,
      occurredAt,
      createdAt,
      expiresAt,
      supersededAt: null,
      supersededById: null,
      sourceSessionId: null,
      externalId: value.externalId ?? null,
      embeddingModel: deps.embedder.id,
      subject: 'user',
      kind: null,
      dueOn: null,
    });
  }
  if (memories.length === 0) return result;

  const batchSize = Math.max(1, req.batchSize ?? 64);
  const vectors: number[][] = [];
  for (let i = 0; i < memories.length; i += batchSize) {
    const batch = memories.slice(i, i + batchSize);
    const out = await deps.embedder.embed(
      batch.map((m) => m.text),
      { purpose: 'embed', userId: req.userId, petId: req.petId },
    );
    if (out.length !== batch.length)
      throw new Error(`embedder returned ${out.length} vectors for ${batch.length} texts`);
    vectors.push(...out);
  }
  await deps.memories.ensureVectorIndex(deps.embedder.id, await deps.embedder.dimensions());
  await deps.memories.insert(
    memories.map((memory, i) => ({
      memory,
      embedding: { vector: vectors[i] ?? [], model: deps.embedder.id },
    })),
  );
  result.imported = memories.length;
  return result;
}

/**
 * Parses and validates every line; throws one ValidationError listing the malformed lines (first 20).
 * Lines the poisoning filter flags are returned apart, with the reason.
 */
export async function parseImportLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { now: Date; maxLines: number },
): Promise<{ lines: Array<{ line: number; value: ImportLine }>; flagged: FlaggedLine[] }> {
  const out: Array<{ line: number; value: ImportLine }> = [];
  const flagged: FlaggedLine[] = [];
  const issues: FieldIssue[] = [];
  const externalIds = new Map<string, number>();
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (n > options.maxLines) {
      throw new LimitError(`memory import has more than ${options.maxLines} lines`, {
        hint: 'split the file and import the parts one after the other',
      });
    }
    const text = raw.trim();
    if (text === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      issues.push({ path: `line ${n}`, message: 'is not valid JSON' });
      continue;
    }
    const parsed = importLineSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of describeIssues(parsed.error, json)) {
        issues.push({ path: issue.path ? `line ${n}: ${issue.path}` : `line ${n}`, message: issue.message });
      }
      continue;
    }
    const value = parsed.data;
    const signals = privilegedWriteSignals(value.text);
    if (signals.length > 0) {
      flagged.push({
        line: n,
        reason: `text reads as an instruction to the pet, not a memory (${signals.join(', ')})`,
      });
      continue;
    }
    const lineIssues: string[] = [];
    if (value.createdAt && value.createdAt.getTime() > options.now.getTime()) {
      lineIssues.push('createdAt is in the future');
    }
    if (value.externalId) {
      const first = externalIds.get(value.externalId);
      if (first !== undefined) lineIssues.push(`externalId repeats line ${first}`);
      else externalIds.set(value.externalId, n);
    }
    if (lineIssues.length > 0) {
      for (const message of lineIssues) issues.push({ path: `line ${n}`, message });
      continue;
    }
    out.push({ line: n, value });
  }
  if (issues.length > 0) {
    const first = issues[0] as FieldIssue;
    throw new ValidationError(
      `memory import rejected, nothing was written: ${first.path}: ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''),
      issues.slice(0, 20),
      {
        hint: 'fix the listed lines; each line is {"text": ..., "category": "permanent|long_term|short_term"}',
      },
    );
  }
  return { lines: out, flagged };
}
