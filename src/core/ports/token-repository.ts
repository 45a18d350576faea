import type { User } from '../entities.ts';

/** An API token of a user. Only a hash of the secret is stored; the secret itself is shown once. */
export interface UserToken {
  id: string;
  userId: string;
  /** Hash of the secret (e.g. hex SHA-256); unique. */
  tokenHash: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** When the token stops working; null: it works until revoked. */
  expiresAt: Date | null;
}

export interface TokenRepository {
  /** Stores a token; throws ConflictError when the hash is already taken. */
  create(
    token: Omit<UserToken, 'lastUsedAt' | 'expiresAt'> & { expiresAt?: Date | null },
  ): Promise<UserToken>;
  /**
   * The user owning the token with this hash, or null. Records `at` as the token's last use when the
   * recorded one is older than `TOKEN_LAST_USE_INTERVAL_MS` (or absent): at most one write a minute per
   * token, not one per request. An expired token (`expiresAt` at or before `at`) finds no one.
   */
  findUser(tokenHash: string, at: Date): Promise<User | null>;
  /** The user's tokens (expired ones too, until revoked), newest first. */
  list(userId: string): Promise<UserToken[]>;
  /** Deletes one token of the user by its hash; false when the user has no such token. */
  revoke(userId: string, tokenHash: string): Promise<boolean>;
  /** Deletes one token of the user by its id; false when the user has no such token. */
  revokeById(userId: string, tokenId: string): Promise<boolean>;
  /** Deletes every token of the user; returns how many there were. */
  revokeAll(userId: string): Promise<number>;
  /**
   * Sets the hash of the user's recovery code (replacing the previous one, which stops working); false when
   * there is no such user. Throws ConflictError when another user has this hash.
   */
  setRecoveryHash(userId: string, recoveryCodeHash: string): Promise<boolean>;
  /** The user whose recovery code has this hash (with the stored hash, for a constant-time check), or null. */
  findByRecoveryHash(recoveryCodeHash: string): Promise<{ user: User; recoveryCodeHash: string } | null>;
  /** The user an operator's external identity (trusted header) is linked to, or null. */
  findByExternalId(externalId: string): Promise<User | null>;
  /** Links an external identity to the user; throws ConflictError when it is linked to someone else. */
  linkExternalId(userId: string, externalId: string): Promise<void>;
}

/** How stale a token's recorded last use may get before a request writes it again. */
export const TOKEN_LAST_USE_INTERVAL_MS = 60_000;

/** True when a use at `at` should be written: none recorded, or the recorded one is a minute old. */
export function lastUseIsStale(lastUsedAt: Date | null, at: Date): boolean {
  return lastUsedAt === null || at.getTime() - lastUsedAt.getTime() >= TOKEN_LAST_USE_INTERVAL_MS;
}
