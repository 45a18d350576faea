import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../core/index.ts';
import { greetingFor } from '../dialogue/index.ts';
import { fixedClock, memoryStore, sequentialIds } from '../test/index.ts';
import {
  createPet,
  createUser,
  getPet,
  getUser,
  listPets,
  listUsers,
  updatePet,
  updateUser,
} from './profiles.ts';

function setup() {
  const store = memoryStore();
  const clock = fixedClock('2025-03-04T12:00:00Z');
  return { users: store.users, pets: store.pets, clock, ids: sequentialIds() };
}

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('user profiles', () => {
  it('creates a user with defaults and an id', async () => {
    const deps = setup();
    const user = await createUser(deps, { name: '  Alice ' });
    expect(user).toMatchObject({
      id: 'usr_1',
      name: 'Alice',
      timezone: 'UTC',
      locale: 'en',
      ageBand: 'unknown',
      interests: [],
    });
    expect(await getUser(deps, 'usr_1')).toEqual(user);
  });

  it('rejects an unknown time zone, a missing name and over-long fields, naming each field, and stores nothing', async () => {
    const deps = setup();
    const error = await validationError(
      createUser(deps, { name: '', timezone: 'Mars/Olympus', callName: 'x'.repeat(81) }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.issues).toEqual([
      { path: 'name', message: 'must not be empty' },
      { path: 'callName', message: 'must be at most 80 characters' },
      { path: 'timezone', message: 'is not a known IANA time zone (e.g. Europe/Paris, Asia/Shanghai)' },
    ]);
    expect(error.message).toContain('timezone is not a known IANA time zone');
    expect(await listUsers(deps)).toEqual([]);
  });

  it('says a required field is required, lists allowed values, and refuses unknown fields', async () => {
    const deps = setup();
    const error = await validationError(
      createUser(deps, { locale: 'fr', timeZone: 'UTC' } as unknown as Parameters<typeof createUser>[1]),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'is required' },
        { path: 'locale', message: 'must be one of: en, zh' },
        { path: '', message: 'unknown field: timeZone' },
      ]),
    );
  });

  it('updates only the given fields and leaves the user unchanged on bad input', async () => {
    const deps = setup();
    const user = await createUser(deps, { name: 'Alice', timezone: 'Europe/Paris', interests: ['jazz'] });
    deps.clock.advance(1000);
    const updated = await updateUser(deps, user.id, { locale: 'zh', callName: undefined });
    expect(updated).toMatchObject({
      name: 'Alice',
      timezone: 'Europe/Paris',
      locale: 'zh',
      interests: ['jazz'],
    });
    expect(updated.updatedAt.getTime()).toBe(user.updatedAt.getTime() + 1000);

    await validationError(updateUser(deps, user.id, { timezone: 'Nowhere/Land' }));
    expect((await getUser(deps, user.id)).timezone).toBe('Europe/Paris');
  });

  it('reports a missing user as not found', async () => {
    const deps = setup();
    await expect(getUser(deps, 'usr_404')).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateUser(deps, 'usr_404', { name: 'X' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('pet profiles', () => {
  it('creates a pet for an existing owner with the fine-grained fields', async () => {
    const deps = setup();
    const owner = await createUser(deps, { name: 'Alice' });
    const pet = await createPet(deps, {
      ownerId: owner.id,
      profile: { name: 'Mochi', kind: 'cat', traits: ['curious'], exampleLines: ['Mrrp!'] },
    });
    expect(pet).toMatchObject({ id: 'pet_1', ownerId: owner.id, extensions: {} });
    expect(pet.profile).toMatchObject({ name: 'Mochi', kind: 'cat', traits: ['curious'], greeting: '' });
    expect(await listPets(deps, owner.id)).toEqual([pet]);
  });

  it('refuses a pet whose owner does not exist, and one with bad fields, storing nothing', async () => {
    const deps = setup();
    await expect(
      createPet(deps, { ownerId: 'usr_404', profile: { name: 'Mochi', kind: 'cat' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const owner = await createUser(deps, { name: 'Alice' });
    const error = await validationError(
      createPet(deps, {
        ownerId: owner.id,
        profile: { name: 'Mochi', kind: '', traits: Array.from({ length: 21 }, () => 'kind') },
      }),
    );
    expect(error.issues).toEqual([
      { path: 'kind', message: 'must not be empty' },
      { path: 'traits', message: 'must have at most 20 items' },
    ]);
    expect(await deps.pets.listAll()).toEqual([]);
  });

  it("updates a pet for its owner only; another user's pet is not found", async () => {
    const deps = setup();
    const owner = await createUser(deps, { name: 'Alice' });
    const other = await createUser(deps, { name: 'Bob' });
    const pet = await createPet(deps, { ownerId: owner.id, profile: { name: 'Mochi', kind: 'cat' } });
    const updated = await updatePet(deps, { petId: pet.id, ownerId: owner.id, profile: { likes: ['fish'] } });
    expect(updated.profile).toMatchObject({ name: 'Mochi', likes: ['fish'] });
    await expect(getPet(deps, pet.id, { ownerId: other.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updatePet(deps, { petId: pet.id, ownerId: other.id, profile: { name: 'Stolen' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await validationError(updatePet(deps, { petId: pet.id, profile: { name: 'x'.repeat(81) } }));
    expect((await getPet(deps, pet.id)).profile.name).toBe('Mochi');
  });
});

describe('greeting', () => {
  it("uses the profile's greeting with macros resolved, or a default in the user's language", async () => {
    const deps = setup();
    const en = await createUser(deps, { name: 'Alice', callName: 'Ally' });
    const zh = await createUser(deps, { name: '小林', locale: 'zh' });
    const plain = await createPet(deps, { ownerId: en.id, profile: { name: 'Mochi', kind: 'cat' } });
    const carded = await createPet(deps, {
      ownerId: en.id,
      profile: { name: 'Biscuit', kind: 'dog', greeting: '*wags* Hi {{user}}, {{char}} missed you!' },
    });
    expect(greetingFor(plain, en)).toBe(
      "Hi Ally! I'm Mochi. I'm so glad you're here - how has your day been?",
    );
    expect(greetingFor(plain, zh)).toBe('小林，你好呀！我是Mochi。见到你真开心，今天过得怎么样？');
    expect(greetingFor(carded, en)).toBe('*wags* Hi Ally, Biscuit missed you!');
  });
});
