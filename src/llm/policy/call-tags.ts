import type { ModelPurpose } from '../../core/index.ts';

const PURPOSES: readonly ModelPurpose[] = [
  'chat',
  'memory',
  'world',
  'judge',
  'safety',
  'persona',
  'embed',
  'reflection',
  'proactive',
  'other',
];

export interface ReadTags {
  purpose: ModelPurpose;
  userId: string | null;
  petId: string | null;
}

/**
 * Reads `providerOptions.ipet` (set by callers through core's `tagsToProviderOptions`); unknown or missing
 * purpose: `fallback`.
 */
export function readCallTags(providerOptions: unknown, fallback: ModelPurpose = 'other'): ReadTags {
  const raw =
    providerOptions && typeof providerOptions === 'object'
      ? (providerOptions as Record<string, unknown>)['ipet']
      : undefined;
  const tags = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const purpose = PURPOSES.includes(tags['purpose'] as ModelPurpose)
    ? (tags['purpose'] as ModelPurpose)
    : fallback;
  return {
    purpose,
    userId: typeof tags['userId'] === 'string' ? tags['userId'] : null,
    petId: typeof tags['petId'] === 'string' ? tags['petId'] : null,
  };
}
