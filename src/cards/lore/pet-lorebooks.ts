import type { Clock, IdGenerator, PetRepository } from '../../core/index.ts';
import { estimateTokens, NotFoundError } from '../../core/index.ts';
import { getPet, updatePet } from '../../profiles/index.ts';
import { cardBookOf, EXT_KEYS, type StoredLorebook, storedLorebooksOf } from '../pet-extensions.ts';
import { LIMITS, rejected } from '../rejected.ts';
import { petLorebooks } from './pet-lore.ts';
import { readLorebookFile } from './read-lorebook-file.ts';

/** All standalone lorebooks of one pet together, as stored JSON. */
export const MAX_STORED_LORE_BYTES = 4 * 1024 * 1024;

export interface LoreDeps {
  pets: PetRepository;
  clock: Clock;
  ids: IdGenerator;
}

const owned = (ownerId?: string) => (ownerId === undefined ? {} : { ownerId });

/**
 * Adds a standalone lorebook (`lorebook_v3` JSON) to a pet. Checked fully first (size, structure, hostile
 * HTML, regex keys); stored verbatim under `extensions.lorebooks` with a new id. Its entries apply from the
 * next chat turn on, alongside the card's own book.
 */
export async function importLorebook(
  deps: LoreDeps,
  input: { petId: string; ownerId?: string; file: Uint8Array | string },
): Promise<{ bookId: string; name: string; entries: number; warnings: string[] }> {
  const pet = await getPet(deps, input.petId, owned(input.ownerId));
  const stored = storedLorebooksOf(pet);
  if (stored.length + (cardBookOf(pet) ? 1 : 0) >= LIMITS.lorebooksPerPet) {
    throw rejected(
      'lorebook',
      `the pet already has ${LIMITS.lorebooksPerPet} lorebooks`,
      'pet',
      'remove one with `ipet pet lore remove` first',
    );
  }
  const bookId = deps.ids('lore');
  const { raw, book, warnings } = readLorebookFile(input.file, bookId);
  const entry: StoredLorebook = {
    id: bookId,
    name: book.name || bookId,
    importedAt: deps.clock.now().toISOString(),
    book: raw,
  };
  const next = [...stored, entry];
  if (Buffer.byteLength(JSON.stringify(next)) > MAX_STORED_LORE_BYTES) {
    throw rejected(
      'lorebook',
      `the pet's lorebooks would exceed ${MAX_STORED_LORE_BYTES / 1024 / 1024} MB`,
      'file',
    );
  }
  await updatePet(deps, {
    petId: pet.id,
    ...owned(input.ownerId),
    extensions: { ...pet.extensions, [EXT_KEYS.lorebooks]: next },
  });
  return { bookId, name: entry.name, entries: book.entries.length, warnings };
}

/** Removes a standalone lorebook. The card's own book (`card`) is part of the card and cannot be removed. */
export async function removeLorebook(
  deps: Pick<LoreDeps, 'pets' | 'clock'>,
  input: { petId: string; ownerId?: string; bookId: string },
): Promise<{ removed: string }> {
  const pet = await getPet(deps, input.petId, owned(input.ownerId));
  const stored = storedLorebooksOf(pet);
  if (!stored.some((b) => b.id === input.bookId)) throw new NotFoundError('lorebook', input.bookId);
  await updatePet(deps, {
    petId: pet.id,
    ...owned(input.ownerId),
    extensions: { ...pet.extensions, [EXT_KEYS.lorebooks]: stored.filter((b) => b.id !== input.bookId) },
  });
  return { removed: input.bookId };
}

export interface LoreEntrySummary {
  id: string;
  label: string;
  keys: string[];
  secondaryKeys: string[];
  enabled: boolean;
  constant: boolean;
  selective: boolean;
  useRegex: boolean;
  insertionOrder: number;
  priority: number | null;
  tokens: number;
}

export interface LorebookSummary {
  id: string;
  name: string;
  source: 'card' | 'import';
  scanDepth: number;
  tokenBudget: number;
  recursive: boolean;
  entries: LoreEntrySummary[];
}

/** The pet's lorebooks as the chat uses them (ids are the ones `ipet chat --json` reports in `context.lore`). */
export async function listLore(
  deps: Pick<LoreDeps, 'pets'>,
  input: { petId: string; ownerId?: string },
): Promise<{ books: LorebookSummary[]; warnings: string[] }> {
  const pet = await getPet(deps, input.petId, owned(input.ownerId));
  const { books, warnings } = petLorebooks(pet);
  return {
    books: books.map((b) => ({
      id: b.id,
      name: b.name,
      source: b.id === 'card' ? 'card' : 'import',
      scanDepth: b.scanDepth,
      tokenBudget: b.tokenBudget,
      recursive: b.recursive,
      entries: b.entries.map((e) => ({
        id: e.id,
        label: e.label,
        keys: e.keys.map((k) => k.key),
        secondaryKeys: e.secondaryKeys.map((k) => k.key),
        enabled: e.enabled,
        constant: e.constant,
        selective: e.selective,
        useRegex: e.useRegex,
        insertionOrder: e.insertionOrder,
        priority: e.priority,
        tokens: estimateTokens(e.text),
      })),
    })),
    warnings,
  };
}
