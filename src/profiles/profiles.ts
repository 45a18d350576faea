import type { Clock, IdGenerator, Pet, PetRepository, User, UserRepository } from '../core/index.ts';
import {
  NotFoundError,
  type PetProfileInput,
  parseOrThrow,
  petProfileSchema,
  type UserProfileInput,
  userProfileSchema,
} from '../core/index.ts';

/**
 * Profiles P and U: create, read, update. Input is validated whole before anything is written, so a bad
 * field (unknown timezone, missing name, over-long text, unknown key) raises ValidationError and changes
 * nothing.
 */
export interface ProfileDeps {
  users: UserRepository;
  pets: PetRepository;
  clock: Clock;
  ids: IdGenerator;
}

// Unknown keys are errors, not silently dropped: a typo ("timeZone") must not look like it worked.
const userInput = userProfileSchema.strict();
const petInput = petProfileSchema.strict();

/** Fields to change; a field left out or undefined keeps its value. */
export type ProfilePatch<T> = { [K in keyof T]?: T[K] | undefined };

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function createUser(
  deps: Pick<ProfileDeps, 'users' | 'clock' | 'ids'>,
  input: UserProfileInput,
) {
  const profile = parseOrThrow(userInput, input, 'user profile');
  const now = deps.clock.now();
  return deps.users.create({ ...profile, id: deps.ids('usr'), createdAt: now, updatedAt: now });
}

export async function getUser(deps: Pick<ProfileDeps, 'users'>, userId: string): Promise<User> {
  const user = await deps.users.get(userId);
  if (!user) throw new NotFoundError('user', userId);
  return user;
}

export async function listUsers(deps: Pick<ProfileDeps, 'users'>): Promise<User[]> {
  return deps.users.list();
}

/** Applies the given fields on top of the current profile; fields left undefined keep their value. */
export async function updateUser(
  deps: Pick<ProfileDeps, 'users' | 'clock'>,
  userId: string,
  patch: ProfilePatch<UserProfileInput>,
): Promise<User> {
  const user = await getUser(deps, userId);
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    trainingConsent: _t,
    trainingConsentAt: _ta,
    ...current
  } = user;
  const profile = parseOrThrow(userInput, { ...current, ...definedOnly(patch) }, 'user profile');
  const updated = await deps.users.update(userId, profile, deps.clock.now());
  if (!updated) throw new NotFoundError('user', userId);
  return updated;
}

/**
 * Gives or withdraws the user's consent to their conversations being used as training data (opt-in, off by
 * default). The store records when it last changed; `ipet dataset from-chats` reads it at run time.
 */
export async function setTrainingConsent(
  deps: Pick<ProfileDeps, 'users' | 'clock'>,
  userId: string,
  consent: boolean,
): Promise<User> {
  const updated = await deps.users.setTrainingConsent(userId, consent, deps.clock.now());
  if (!updated) throw new NotFoundError('user', userId);
  return updated;
}

export async function createPet(
  deps: ProfileDeps,
  input: { ownerId: string; profile: PetProfileInput; extensions?: Record<string, unknown> },
): Promise<Pet> {
  const profile = parseOrThrow(petInput, input.profile, 'pet profile');
  await getUser(deps, input.ownerId);
  const now = deps.clock.now();
  return deps.pets.create({
    id: deps.ids('pet'),
    ownerId: input.ownerId,
    profile,
    extensions: input.extensions ?? {},
    createdAt: now,
    updatedAt: now,
  });
}

/** The pet; with `ownerId`, only if that user owns it (another user's pet is "not found"). */
export async function getPet(
  deps: Pick<ProfileDeps, 'pets'>,
  petId: string,
  options: { ownerId?: string } = {},
): Promise<Pet> {
  const pet =
    options.ownerId === undefined
      ? await deps.pets.get(petId)
      : await deps.pets.getOwned(options.ownerId, petId);
  if (!pet) throw new NotFoundError('pet', petId);
  return pet;
}

export async function listPets(deps: Pick<ProfileDeps, 'pets'>, ownerId: string): Promise<Pet[]> {
  return deps.pets.listByOwner(ownerId);
}

export async function updatePet(
  deps: Pick<ProfileDeps, 'pets' | 'clock'>,
  input: {
    petId: string;
    ownerId?: string;
    profile?: ProfilePatch<PetProfileInput>;
    extensions?: Record<string, unknown>;
  },
): Promise<Pet> {
  const pet = await getPet(deps, input.petId, input.ownerId === undefined ? {} : { ownerId: input.ownerId });
  const profile = parseOrThrow(
    petInput,
    { ...pet.profile, ...definedOnly(input.profile ?? {}) },
    'pet profile',
  );
  const updated = await deps.pets.update({
    ...pet,
    profile,
    extensions: input.extensions ?? pet.extensions,
    updatedAt: deps.clock.now(),
  });
  if (!updated) throw new NotFoundError('pet', input.petId);
  return updated;
}
