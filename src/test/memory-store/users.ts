import type { NewUser, TokenRepository, User, UserRepository } from '../../core/index.ts';
import { ConflictError, lastUseIsStale, userProfileSchema } from '../../core/index.ts';
import { readProfile } from '../../store/index.ts';
import { byText, constraintError, copy, dropUser, json, sorted, type Tables, time } from './tables.ts';

/** A user row as read back: the profile goes through its schema, like the SQL store's jsonb column. */
export function readUser(row: User): User {
  const { id, createdAt, updatedAt, trainingConsent, trainingConsentAt, ...profile } = copy(row);
  return {
    ...readProfile(userProfileSchema, profile),
    id,
    createdAt,
    updatedAt,
    trainingConsent,
    trainingConsentAt,
  };
}

export function userRepository(t: Tables): UserRepository {
  return {
    async create(user) {
      if (t.users.has(user.id)) throw new ConflictError(`user ${user.id} already exists`);
      // A whole User may be passed back in (e.g. to test a conflict): its consent fields are not profile.
      const {
        id,
        createdAt,
        updatedAt,
        trainingConsent: _c,
        trainingConsentAt: _a,
        ...profile
      } = user as NewUser & Partial<User>;
      t.users.set(id, {
        ...json(profile),
        id,
        createdAt: new Date(createdAt),
        updatedAt: new Date(updatedAt),
        trainingConsent: false,
        trainingConsentAt: null,
      });
      return readUser(t.users.get(id)!);
    },

    async get(id) {
      const row = t.users.get(id);
      return row ? readUser(row) : null;
    },

    async list() {
      const rows = sorted(
        t.users.values(),
        (a, b) => time(a.createdAt) - time(b.createdAt) || byText(a.id, b.id),
      );
      return rows.map(readUser);
    },

    async update(id, profile, at) {
      const row = t.users.get(id);
      if (!row) return null;
      const { trainingConsent, trainingConsentAt } = row;
      t.users.set(id, {
        ...json(profile),
        id,
        createdAt: row.createdAt,
        updatedAt: new Date(at),
        trainingConsent,
        trainingConsentAt,
      });
      return readUser(t.users.get(id)!);
    },

    async setTrainingConsent(id, consent, at) {
      const row = t.users.get(id);
      if (!row) return null;
      const changed = row.trainingConsent !== consent;
      t.users.set(id, {
        ...row,
        updatedAt: new Date(at),
        trainingConsent: consent,
        trainingConsentAt: changed ? new Date(at) : row.trainingConsentAt,
      });
      return readUser(t.users.get(id)!);
    },

    async erase(id) {
      if (!t.users.has(id)) return false;
      dropUser(t, id);
      return true;
    },
  };
}

/** Recovery-code hashes and external identities per user (rows of erased users are never found). */
const credentials = new WeakMap<Tables, { recovery: Map<string, string>; external: Map<string, string> }>();

export function tokenRepository(t: Tables): TokenRepository {
  if (!credentials.has(t)) credentials.set(t, { recovery: new Map(), external: new Map() });
  const { recovery, external } = credentials.get(t)!;
  const owner = (map: Map<string, string>, value: string) =>
    [...map].find(([userId, v]) => v === value && t.users.has(userId))?.[0];
  return {
    async setRecoveryHash(userId, recoveryCodeHash) {
      if (!t.users.has(userId)) return false;
      const other = owner(recovery, recoveryCodeHash);
      if (other !== undefined && other !== userId) throw new ConflictError('recovery code already exists');
      recovery.set(userId, recoveryCodeHash);
      return true;
    },

    async findByRecoveryHash(recoveryCodeHash) {
      const userId = owner(recovery, recoveryCodeHash);
      return userId === undefined ? null : { user: readUser(t.users.get(userId)!), recoveryCodeHash };
    },

    async findByExternalId(externalId) {
      const userId = owner(external, externalId);
      return userId === undefined ? null : readUser(t.users.get(userId)!);
    },

    async linkExternalId(userId, externalId) {
      const other = owner(external, externalId);
      if (other !== undefined && other !== userId)
        throw new ConflictError('external identity already linked');
      if (t.users.has(userId)) external.set(userId, externalId);
    },

    async create(token) {
      const taken = [...t.tokens.values()].some((o) => o.id === token.id || o.tokenHash === token.tokenHash);
      if (taken) throw new ConflictError('token already exists');
      if (!t.users.has(token.userId)) {
        throw constraintError(
          'tokens.create',
          'foreign_key',
          'user_tokens',
          'user_tokens_user_id_users_id_fk',
        );
      }
      const row = {
        id: token.id,
        userId: token.userId,
        tokenHash: token.tokenHash,
        label: token.label,
        createdAt: new Date(token.createdAt),
        lastUsedAt: null,
        expiresAt: token.expiresAt ? new Date(token.expiresAt) : null,
      };
      t.tokens.set(row.id, row);
      return copy(row);
    },

    async findUser(tokenHash, at) {
      const token = [...t.tokens.values()].find((o) => o.tokenHash === tokenHash);
      if (!token) return null;
      if (token.expiresAt !== null && token.expiresAt.getTime() <= at.getTime()) return null;
      if (lastUseIsStale(token.lastUsedAt, at)) token.lastUsedAt = new Date(at);
      const user = t.users.get(token.userId);
      return user ? readUser(user) : null;
    },

    async list(userId) {
      return [...t.tokens.values()]
        .filter((o) => o.userId === userId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map(copy);
    },

    async revokeById(userId, tokenId) {
      const token = t.tokens.get(tokenId);
      return token?.userId === userId ? t.tokens.delete(tokenId) : false;
    },

    async revoke(userId, tokenHash) {
      const token = [...t.tokens.values()].find((o) => o.userId === userId && o.tokenHash === tokenHash);
      return token ? t.tokens.delete(token.id) : false;
    },

    async revokeAll(userId) {
      let n = 0;
      for (const [id, token] of t.tokens) {
        if (token.userId === userId) {
          t.tokens.delete(id);
          n++;
        }
      }
      return n;
    },
  };
}
