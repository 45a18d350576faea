import { describe, expect, it } from 'vitest';
import { ConflictError, userProfileSchema } from '../../core/index.ts';
import { at, days, type Harness, T0 } from './harness.ts';

export function usersContract(h: Harness): void {
  describe('users', () => {
    it('creates, reads back every profile field, and lists', async () => {
      const user = await h.user({ callName: 'Captain', locale: 'zh', ageBand: 'adult' });
      expect(await h.store().users.get(user.id)).toEqual(user);
      expect(user.callName).toBe('Captain');
      expect(user.createdAt).toEqual(T0);
      const listed = await h.store().users.list();
      expect(listed.map((u) => u.id)).toContain(user.id);
    });

    it('refuses a second user with the same id', async () => {
      const user = await h.user();
      await expect(h.store().users.create(user)).rejects.toBeInstanceOf(ConflictError);
    });

    it('updates the profile and the timestamp, null for an unknown id', async () => {
      const user = await h.user();
      const profile = userProfileSchema.parse({ name: 'Grace', timezone: 'Asia/Shanghai', locale: 'zh' });
      const updated = await h.store().users.update(user.id, profile, at(days(1)));
      expect(updated).toMatchObject({ id: user.id, name: 'Grace', timezone: 'Asia/Shanghai', locale: 'zh' });
      expect(updated?.updatedAt).toEqual(at(days(1)));
      expect(updated?.createdAt).toEqual(T0);
      expect(await h.store().users.get(user.id)).toEqual(updated);
      expect(await h.store().users.update(h.id('usr'), profile, T0)).toBeNull();
    });

    it('starts without training consent; gives and withdraws it with the time of each change', async () => {
      const user = await h.user();
      expect(user).toMatchObject({ trainingConsent: false, trainingConsentAt: null });
      const given = await h.store().users.setTrainingConsent(user.id, true, at(days(1)));
      expect(given).toMatchObject({ trainingConsent: true, trainingConsentAt: at(days(1)) });
      // Setting it again keeps when it was given.
      await h.store().users.setTrainingConsent(user.id, true, at(days(2)));
      expect(await h.store().users.get(user.id)).toMatchObject({
        trainingConsent: true,
        trainingConsentAt: at(days(1)),
      });
      // A profile update keeps the consent.
      const profile = userProfileSchema.parse({ name: 'Grace' });
      expect(await h.store().users.update(user.id, profile, at(days(3)))).toMatchObject({
        name: 'Grace',
        trainingConsent: true,
        trainingConsentAt: at(days(1)),
      });
      const withdrawn = await h.store().users.setTrainingConsent(user.id, false, at(days(4)));
      expect(withdrawn).toMatchObject({ trainingConsent: false, trainingConsentAt: at(days(4)) });
      expect(await h.store().users.get(user.id)).toEqual(withdrawn);
      expect((await h.store().users.list()).find((u) => u.id === user.id)).toEqual(withdrawn);
      expect(await h.store().users.setTrainingConsent(h.id('usr'), true, T0)).toBeNull();
    });

    it('returns null for an unknown user and false when erasing one', async () => {
      expect(await h.store().users.get(h.id('usr'))).toBeNull();
      expect(await h.store().users.erase(h.id('usr'))).toBe(false);
    });
  });

  describe('tokens', () => {
    it('finds the owner of a token hash and records the last use', async () => {
      const user = await h.user();
      const hash = `hash-${h.id('tok')}`;
      const token = await h.store().tokens.create({
        id: h.id('tok'),
        userId: user.id,
        tokenHash: hash,
        label: 'laptop',
        createdAt: T0,
      });
      expect(token).toMatchObject({ userId: user.id, tokenHash: hash, label: 'laptop', lastUsedAt: null });
      expect(await h.store().tokens.findUser(hash, at(days(2)))).toEqual(user);
      expect(await h.store().tokens.findUser(`${hash}x`, at(days(2)))).toBeNull();
    });

    it('refuses a duplicate hash', async () => {
      const user = await h.user();
      const hash = `hash-${h.id('tok')}`;
      await h
        .store()
        .tokens.create({ id: h.id('tok'), userId: user.id, tokenHash: hash, label: null, createdAt: T0 });
      await expect(
        h
          .store()
          .tokens.create({ id: h.id('tok'), userId: user.id, tokenHash: hash, label: null, createdAt: T0 }),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('revokes one token of its own user only', async () => {
      const [a, b] = [await h.user(), await h.user()];
      const [keep, drop] = [`keep-${h.id('t')}`, `drop-${h.id('t')}`];
      for (const tokenHash of [keep, drop]) {
        await h
          .store()
          .tokens.create({ id: h.id('tok'), userId: a.id, tokenHash, label: null, createdAt: T0 });
      }
      expect(await h.store().tokens.revoke(b.id, drop)).toBe(false);
      expect((await h.store().tokens.findUser(drop, T0))?.id).toBe(a.id);
      expect(await h.store().tokens.revoke(a.id, drop)).toBe(true);
      expect(await h.store().tokens.findUser(drop, T0)).toBeNull();
      expect((await h.store().tokens.findUser(keep, T0))?.id).toBe(a.id);
      expect(await h.store().tokens.revoke(a.id, drop)).toBe(false);
    });

    it('stops finding the user once the token expires', async () => {
      const user = await h.user();
      const hash = `exp-${h.id('t')}`;
      const expiresAt = at(days(30));
      const token = await h.store().tokens.create({
        id: h.id('tok'),
        userId: user.id,
        tokenHash: hash,
        label: null,
        createdAt: T0,
        expiresAt,
      });
      expect(token.expiresAt).toEqual(expiresAt);
      expect((await h.store().tokens.findUser(hash, at(days(29))))?.id).toBe(user.id);
      expect(await h.store().tokens.findUser(hash, expiresAt)).toBeNull();
      expect(await h.store().tokens.findUser(hash, at(days(31)))).toBeNull();
      const forever = `forever-${h.id('t')}`;
      await h
        .store()
        .tokens.create({ id: h.id('tok'), userId: user.id, tokenHash: forever, label: null, createdAt: T0 });
      expect((await h.store().tokens.findUser(forever, at(days(3650))))?.id).toBe(user.id);
    });

    it('records the last use at most once a minute', async () => {
      const user = await h.user();
      const hash = `use-${h.id('t')}`;
      const id = h.id('tok');
      await h.store().tokens.create({ id, userId: user.id, tokenHash: hash, label: null, createdAt: T0 });
      const lastUse = async () => (await h.store().tokens.list(user.id)).find((t) => t.id === id)?.lastUsedAt;
      const first = at(days(1));
      await h.store().tokens.findUser(hash, first);
      expect(await lastUse()).toEqual(first);
      await h.store().tokens.findUser(hash, new Date(first.getTime() + 59_000));
      expect(await lastUse()).toEqual(first);
      const later = new Date(first.getTime() + 60_000);
      await h.store().tokens.findUser(hash, later);
      expect(await lastUse()).toEqual(later);
    });

    it("lists a user's tokens newest first and revokes one by id, never another user's", async () => {
      const [a, b] = [await h.user(), await h.user()];
      const ids = [h.id('tok'), h.id('tok')];
      for (const [i, id] of ids.entries()) {
        await h.store().tokens.create({
          id,
          userId: a.id,
          tokenHash: `list-${id}`,
          label: `t${i}`,
          createdAt: at(days(i)),
          expiresAt: i === 0 ? at(days(9)) : null,
        });
      }
      const listed = await h.store().tokens.list(a.id);
      expect(listed.map((t) => [t.id, t.label, t.expiresAt])).toEqual([
        [ids[1], 't1', null],
        [ids[0], 't0', at(days(9))],
      ]);
      expect(await h.store().tokens.list(b.id)).toEqual([]);
      expect(await h.store().tokens.revokeById(b.id, ids[0]!)).toBe(false);
      expect(await h.store().tokens.revokeById(a.id, ids[0]!)).toBe(true);
      expect((await h.store().tokens.list(a.id)).map((t) => t.id)).toEqual([ids[1]]);
      expect(await h.store().tokens.findUser(`list-${ids[0]}`, T0)).toBeNull();
      expect(await h.store().tokens.revokeById(a.id, ids[0]!)).toBe(false);
    });

    it("revokes every token of one user and no one else's", async () => {
      const [a, b] = [await h.user(), await h.user()];
      const hashes = [`a1-${h.id('t')}`, `a2-${h.id('t')}`, `b1-${h.id('t')}`];
      for (const [i, tokenHash] of hashes.entries()) {
        const userId = i < 2 ? a.id : b.id;
        await h.store().tokens.create({ id: h.id('tok'), userId, tokenHash, label: null, createdAt: T0 });
      }
      expect(await h.store().tokens.revokeAll(a.id)).toBe(2);
      expect(await h.store().tokens.findUser(hashes[0]!, T0)).toBeNull();
      expect(await h.store().tokens.findUser(hashes[1]!, T0)).toBeNull();
      expect((await h.store().tokens.findUser(hashes[2]!, T0))?.id).toBe(b.id);
      expect(await h.store().tokens.revokeAll(a.id)).toBe(0);
    });

    it('keeps one recovery-code hash per user: a new one replaces it, erasure forgets it', async () => {
      const [a, b] = [await h.user(), await h.user()];
      const [first, second] = [`rc1-${h.id('r')}`, `rc2-${h.id('r')}`];
      expect(await h.store().tokens.findByRecoveryHash(first)).toBeNull();
      expect(await h.store().tokens.setRecoveryHash(a.id, first)).toBe(true);
      expect(await h.store().tokens.findByRecoveryHash(first)).toMatchObject({
        user: { id: a.id },
        recoveryCodeHash: first,
      });
      await expect(h.store().tokens.setRecoveryHash(b.id, first)).rejects.toBeInstanceOf(ConflictError);
      expect(await h.store().tokens.setRecoveryHash(a.id, second)).toBe(true);
      expect(await h.store().tokens.findByRecoveryHash(first)).toBeNull();
      expect((await h.store().tokens.findByRecoveryHash(second))?.user.id).toBe(a.id);
      expect(await h.store().tokens.setRecoveryHash('no-such-user', `rc3-${h.id('r')}`)).toBe(false);
      await h.store().users.erase(a.id);
      expect(await h.store().tokens.findByRecoveryHash(second)).toBeNull();
    });

    it('links an external identity to one user only', async () => {
      const [a, b] = [await h.user(), await h.user()];
      const identity = `someone-${h.id('x')}@example.org`;
      expect(await h.store().tokens.findByExternalId(identity)).toBeNull();
      await h.store().tokens.linkExternalId(a.id, identity);
      expect((await h.store().tokens.findByExternalId(identity))?.id).toBe(a.id);
      await expect(h.store().tokens.linkExternalId(b.id, identity)).rejects.toBeInstanceOf(ConflictError);
      await h.store().users.erase(a.id);
      expect(await h.store().tokens.findByExternalId(identity)).toBeNull();
    });
  });
}
