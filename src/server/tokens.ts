import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, IdGenerator, TokenRepository } from '../core/index.ts';

/** Stored form of a secret: hex SHA-256. The secret itself is shown once and never stored. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new bearer secret: 32 random bytes, base64url (43 characters). */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Creates a bearer token for the user; returns the secret (the only time it exists outside the caller). */
export async function issueToken(
  deps: { tokens: TokenRepository; clock: Clock; ids: IdGenerator },
  userId: string,
  label: string | null = null,
): Promise<string> {
  const secret = newTokenSecret();
  await deps.tokens.create({
    id: deps.ids('tok'),
    userId,
    tokenHash: hashToken(secret),
    label,
    createdAt: deps.clock.now(),
  });
  return secret;
}

/** Revokes one of the user's tokens, given its secret; false when the user has no such token. */
export function revokeToken(
  deps: { tokens: TokenRepository },
  userId: string,
  secret: string,
): Promise<boolean> {
  return deps.tokens.revoke(userId, hashToken(secret.trim()));
}

/** Constant-time comparison of a presented secret with the expected one (hashing first equalises lengths). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
