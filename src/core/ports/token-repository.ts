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
}

export interface TokenRepository {
  /** Stores a token; throws ConflictError when the hash is already taken. */
  create(token: Omit<UserToken, 'lastUsedAt'>): Promise<UserToken>;
  /** The user owning the token with this hash, or null; records `at` as the token's last use. */
  findUser(tokenHash: string, at: Date): Promise<User | null>;
  /** Deletes one token of the user by its hash; false when the user has no such token. */
  revoke(userId: string, tokenHash: string): Promise<boolean>;
  /** Deletes every token of the user; returns how many there were. */
  revokeAll(userId: string): Promise<number>;
}
