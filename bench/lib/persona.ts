import type { PetProfileInput, UserProfileInput } from '../../src/core/profiles.ts';
import { aRealisticPetProfile } from '../../src/test/index.ts';

/** The test kit's companion of realistic size, so that the persona part of a prompt is realistic. */
export const BENCH_PET: PetProfileInput = aRealisticPetProfile();

export function benchUser(i: number): UserProfileInput {
  return {
    name: `Alex ${i}`,
    callName: 'Alex',
    timezone: 'Europe/Paris',
    locale: 'en',
    ageBand: 'adult',
    interests: ['hiking', 'jazz records', 'baking'],
  };
}
