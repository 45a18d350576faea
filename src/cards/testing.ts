import type { Pet } from '../core/index.ts';
import type { ImportedCard } from './import-card.ts';

/** A stored-looking pet made from an import result, for tests that need no store. */
export function petFromImport(imported: ImportedCard, overrides: Partial<Pet> = {}): Pet {
  const at = new Date('2025-03-04T13:05:00Z');
  return {
    id: 'pet_card',
    ownerId: 'usr_1',
    profile: imported.profile,
    extensions: structuredClone(imported.extensions),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
