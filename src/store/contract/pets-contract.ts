import { describe, expect, it } from 'vitest';
import { NotFoundError, petProfileSchema } from '../../core/index.ts';
import { at, days, type Harness, minutes, T0 } from './harness.ts';

export function petsContract(h: Harness): void {
  describe('pets', () => {
    it('round-trips profile and extensions', async () => {
      const { user, pet } = await h.pair();
      expect(pet.ownerId).toBe(user.id);
      expect(await h.store().pets.get(pet.id)).toEqual(pet);
      expect(await h.store().pets.getOwned(user.id, pet.id)).toEqual(pet);
      expect(pet.extensions).toEqual({ avatar: 'mochi.png' });
    });

    it('lists by owner in creation order, and every pet for the nightly batch', async () => {
      const user = await h.user();
      const first = await h.pet(user.id, { createdAt: T0 });
      const second = await h.pet(user.id, { createdAt: at(minutes(1)) });
      const other = await h.pet((await h.user()).id);
      expect((await h.store().pets.listByOwner(user.id)).map((p) => p.id)).toEqual([first.id, second.id]);
      const all = (await h.store().pets.listAll()).map((p) => p.id);
      expect(all).toEqual(expect.arrayContaining([first.id, second.id, other.id]));
    });

    it('refuses a pet for a user that does not exist', async () => {
      await expect(h.pet(h.id('usr'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('updates the pet of its owner only', async () => {
      const { user, pet } = await h.pair();
      const profile = petProfileSchema.parse({ name: 'Mochi II', kind: 'fox' });
      const updated = await h
        .store()
        .pets.update({ ...pet, profile, extensions: {}, updatedAt: at(days(1)) });
      expect(updated).toMatchObject({ profile: { name: 'Mochi II', kind: 'fox' }, extensions: {} });
      expect(updated?.updatedAt).toEqual(at(days(1)));
      const intruder = await h.user();
      expect(await h.store().pets.update({ ...pet, ownerId: intruder.id, profile })).toBeNull();
      expect((await h.store().pets.getOwned(user.id, pet.id))?.profile.name).toBe('Mochi II');
    });

    it("never shows or deletes another user's pet", async () => {
      const { user, pet } = await h.pair();
      const intruder = await h.user();
      expect(await h.store().pets.getOwned(intruder.id, pet.id)).toBeNull();
      expect(await h.store().pets.listByOwner(intruder.id)).toEqual([]);
      expect(await h.store().pets.delete(intruder.id, pet.id)).toBe(false);
      expect(await h.store().pets.get(pet.id)).not.toBeNull();
      expect(await h.store().pets.delete(user.id, pet.id)).toBe(true);
      expect(await h.store().pets.get(pet.id)).toBeNull();
      expect(await h.store().pets.delete(user.id, pet.id)).toBe(false);
    });

    it('keeps one mood per pet and user, replaced on set', async () => {
      const { user, pet } = await h.pair();
      const friend = await h.user();
      expect(await h.store().pets.getMood(pet.id, user.id)).toBeNull();
      await h
        .store()
        .pets.setMood({ petId: pet.id, userId: user.id, emotion: 'happy', intensity: 0.4, updatedAt: T0 });
      await h
        .store()
        .pets.setMood({ petId: pet.id, userId: friend.id, emotion: 'shy', intensity: 0.2, updatedAt: T0 });
      const later = at(minutes(5));
      await h
        .store()
        .pets.setMood({ petId: pet.id, userId: user.id, emotion: 'sad', intensity: 0.9, updatedAt: later });
      expect(await h.store().pets.getMood(pet.id, user.id)).toEqual({
        petId: pet.id,
        userId: user.id,
        emotion: 'sad',
        intensity: 0.9,
        updatedAt: later,
      });
      expect((await h.store().pets.getMood(pet.id, friend.id))?.emotion).toBe('shy');
    });

    it('rejects a mood intensity outside 0..1', async () => {
      const { user, pet } = await h.pair();
      await expect(
        h
          .store()
          .pets.setMood({ petId: pet.id, userId: user.id, emotion: 'x', intensity: 1.5, updatedAt: T0 }),
      ).rejects.toMatchObject({ code: 'database', sqlState: '23514' });
    });
  });
}
