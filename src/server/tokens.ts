import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, IdGenerator, TokenRepository } from '../core/index.ts';
import { ValidationError } from '../core/index.ts';

/** Stored form of a secret: hex SHA-256. The secret itself is shown once and never stored. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new bearer secret: 32 random bytes, base64url (43 characters). */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Creates a bearer token for the user; returns the secret (the only time it exists outside the caller).
 * `expiresAt`: when it stops working (null: until revoked).
 */
export async function issueToken(
  deps: { tokens: TokenRepository; clock: Clock; ids: IdGenerator },
  userId: string,
  label: string | null = null,
  expiresAt: Date | null = null,
): Promise<string> {
  const secret = newTokenSecret();
  await deps.tokens.create({
    id: deps.ids('tok'),
    userId,
    tokenHash: hashToken(secret),
    label,
    createdAt: deps.clock.now(),
    expiresAt,
  });
  return secret;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** How a token lifetime is written: a whole number and a unit (minutes, hours, days, weeks). */
export const TOKEN_LIFETIME = /^([1-9]\d{0,5})\s*([mhdw])$/i;
/** The longest lifetime a token may be given: ten years. */
export const MAX_TOKEN_LIFETIME_MS = 3650 * UNIT_MS.d;

/** Milliseconds of a lifetime such as `30d`, `12h`, `90m` or `2w`; ValidationError otherwise. */
export function parseTokenLifetime(text: string, field = 'expiresIn'): number {
  const match = TOKEN_LIFETIME.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms <= MAX_TOKEN_LIFETIME_MS)) {
    const message = 'must be a number and a unit (m, h, d or w), such as 30d or 12h, of at most 3650d';
    throw new ValidationError(`invalid ${field}: ${message}`, [{ path: field, message }]);
  }
  return ms;
}

/** When a token issued at `now` with this lifetime expires; null without one. */
export function tokenExpiry(now: Date, lifetime: string | undefined, field?: string): Date | null {
  return lifetime === undefined ? null : new Date(now.getTime() + parseTokenLifetime(lifetime, field));
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

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or retyped is not misread. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A recovery code has this many groups of four characters (5 bits each: 100 random bits). */
const RECOVERY_GROUPS = 5;

/** A new recovery code: `7K2Q-M9XD-...`, 20 random base32 characters in groups of four. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(RECOVERY_GROUPS * 4);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += 4) groups.push(chars.slice(i, i + 4).join(''));
  return groups.join('-');
}

/** A typed recovery code in its canonical form: upper case, separators dropped, O→0 and I/L→1. */
export function normalizeRecoveryCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Stored form of a recovery code: the SHA-256 of its canonical form. */
export function hashRecoveryCode(typed: string): string {
  return hashToken(`recovery:${normalizeRecoveryCode(typed)}`);
}

/** Sets a new recovery code for the user (the previous one stops working); returns the code. */
export async function issueRecoveryCode(deps: { tokens: TokenRepository }, userId: string): Promise<string> {
  const code = newRecoveryCode();
  await deps.tokens.setRecoveryHash(userId, hashRecoveryCode(code));
  return code;
}
