import { describe, expect, it } from 'vitest';
import type { User } from '../core/index.ts';
import { fixedClock } from '../core/index.ts';
import { authorize, bearerOf } from './auth.ts';
import { hashToken, newTokenSecret, secretsEqual } from './tokens.ts';

const alice = { id: 'usr_1', name: 'Alice' } as User;
const secret = newTokenSecret();
const deps = (overrides: { adminKey?: string | null; openSignup?: boolean } = {}) => ({
  tokens: { findUser: async (hash: string) => (hash === hashToken(secret) ? alice : null) },
  clock: fixedClock('2025-03-04T13:05:00Z'),
  adminKey: 'operator-key',
  openSignup: false,
  ...overrides,
});
const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

describe('bearer tokens', () => {
  it('are 32 random bytes in base64url, stored as hex SHA-256', () => {
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newTokenSecret()).not.toBe(secret);
    expect(hashToken(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });

  it('parse only as "Bearer <token>"', () => {
    expect(bearerOf(req())).toBeNull();
    expect(bearerOf(req('Bearer abc'))).toBe('abc');
    expect(bearerOf(req('bearer  abc '))).toBe('abc');
    expect(() => bearerOf(req('Basic abc'))).toThrow(/Bearer/);
    expect(() => bearerOf(req('Bearer a b'))).toThrow();
  });
});

describe('authorize', () => {
  it('maps each credential to each access: who gets in, 401 or 403', async () => {
    const table: Array<[string | undefined, 'public' | 'user' | 'operator' | 'signup', string]> = [
      [undefined, 'public', 'ok'],
      ['Bearer junk', 'public', 'ok'],
      [undefined, 'user', 'unauthorized'],
      ['Bearer junk', 'user', 'unauthorized'],
      [`Bearer ${secret}`, 'user', 'ok'],
      ['Bearer operator-key', 'user', 'forbidden'],
      [undefined, 'operator', 'unauthorized'],
      [`Bearer ${secret}`, 'operator', 'forbidden'],
      ['Bearer operator-key', 'operator', 'ok'],
      ['Bearer operator-keyX', 'operator', 'unauthorized'],
      [undefined, 'signup', 'unauthorized'],
      [`Bearer ${secret}`, 'signup', 'forbidden'],
      ['Bearer operator-key', 'signup', 'ok'],
    ];
    for (const [header, access, expected] of table) {
      expect(await codeOf(authorize(deps(), req(header), access)), `${header} on ${access}`).toBe(expected);
    }
  });

  it('resolves a user token to its user, with the token hash for per-token limits', async () => {
    const caller = await authorize(deps(), req(`Bearer ${secret}`), 'user');
    expect(caller).toEqual({ kind: 'user', user: alice, tokenHash: hashToken(secret), via: 'bearer' });
  });

  it('has no operator without a configured key, and open signup needs no credential', async () => {
    expect(await codeOf(authorize(deps({ adminKey: null }), req('Bearer operator-key'), 'operator'))).toBe(
      'unauthorized',
    );
    expect(await codeOf(authorize(deps({ openSignup: true }), req(), 'signup'))).toBe('ok');
    expect(await codeOf(authorize(deps({ openSignup: true }), req(), 'operator'))).toBe('unauthorized');
  });
});
