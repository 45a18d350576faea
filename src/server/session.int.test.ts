import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './auth.ts';
import { signupResponse } from './schemas.ts';
import { openServerFixture, type ServerFixture } from './testing.ts';

const CSRF = { 'x-ipet-csrf': '1' };

/** The session cookie's value from a response's Set-Cookie header, with the header itself. */
function sessionOf(res: { headers: Record<string, unknown> }): { value: string; header: string } {
  const raw = res.headers['set-cookie'];
  const header = String(Array.isArray(raw) ? raw[0] : raw);
  const value = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(header)?.[1] ?? '';
  return { value, header };
}

/** Accounts that survive a browser: recovery codes, cookie sessions, CSRF, sign-out, the trusted header. */
describe('sign-in with a recovery code and browser sessions', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await openServerFixture({
      openSignup: true,
      rateLimits: { signin: { capacity: 4, refillPerMinute: 0.001 } },
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  const signUp = async (name: string) => {
    const res = await f.app.inject({ method: 'POST', url: '/api/v1/users', payload: { name } });
    expect(res.statusCode).toBe(201);
    return signupResponse.parse(res.json());
  };
  const signIn = (recoveryCode: string, remoteAddress: string, headers: Record<string, string> = CSRF) =>
    f.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress,
      headers,
      payload: { recoveryCode },
    });
  const cookie = (value: string) => ({ cookie: `${SESSION_COOKIE}=${value}` });

  it('sign-up returns a recovery code that signs in from a fresh client with an HttpOnly cookie', async () => {
    const ann = await signUp('Ann');
    expect(ann.id).toBe(ann.user.id);
    expect(ann.recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // Typed in lower case without dashes, it still works.
    const res = await signIn(ann.recoveryCode.toLowerCase().replace(/-/g, ' '), '10.0.0.1');
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(ann.id);
    const session = sessionOf(res);
    expect(session.value.length).toBeGreaterThan(20);
    expect(session.header).toMatch(/HttpOnly/);
    expect(session.header).toMatch(/SameSite=Lax/);
    expect(session.header).toMatch(/Path=\//);
    expect(session.header).not.toMatch(/Secure/);
    const https = await signIn(ann.recoveryCode, '10.0.0.9', { ...CSRF, 'x-forwarded-proto': 'https' });
    expect(sessionOf(https).header).toMatch(/; Secure/);
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie(session.value) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(ann.id);
    // The code is stored only as a hash: nothing in the store holds it.
    expect(JSON.stringify(await f.store.users.get(ann.id))).not.toContain(ann.recoveryCode);
  });

  it('a wrong code answers 401 with one generic message, and attempts are limited (429)', async () => {
    const ann = await signUp('Ann2');
    const wrong = await signIn('AAAA-BBBB-CCCC-DDDD-EEEE', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    const garbage = await signIn('x', '10.0.0.2');
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.message).toBe(wrong.json().error.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await signIn('AAAA-BBBB-CCCC-DDDD-EEEF', '10.0.0.2');
    await signIn('AAAA-BBBB-CCCC-DDDD-EEEG', '10.0.0.2');
    // The address has used its attempts: even the right code is refused from it for now.
    const limited = await signIn(ann.recoveryCode, '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address is not limited by it.
    expect((await signIn(ann.recoveryCode, '10.0.0.3')).statusCode).toBe(200);
  });

  it('a cookie session needs the x-ipet-csrf header for POST, PATCH and DELETE; a bearer token does not', async () => {
    const bob = await signUp('Bob');
    const session = sessionOf(await signIn(bob.recoveryCode, '10.0.1.1')).value;
    const unsafe = [
      { method: 'POST' as const, url: '/api/v1/pets', payload: { name: 'Mochi', kind: 'cat' } },
      { method: 'PATCH' as const, url: '/api/v1/me', payload: { callName: 'B' } },
      { method: 'DELETE' as const, url: '/api/v1/me' },
    ];
    for (const req of unsafe) {
      const refused = await f.app.inject({ ...req, headers: cookie(session) });
      expect(refused.statusCode, `${req.method} ${req.url}`).toBe(403);
      expect(refused.json().error.message).toContain('x-ipet-csrf');
    }
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie(session) })).statusCode,
    ).toBe(200);
    const patched = await f.app.inject({ ...unsafe[1]!, headers: { ...cookie(session), ...CSRF } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().user.callName).toBe('B');
    expect((await f.app.inject({ ...unsafe[0]!, headers: f.bearer(bob.token) })).statusCode).toBe(201);
    // Signing in itself needs the header too (a cross-site form cannot send it).
    expect((await signIn(bob.recoveryCode, '10.0.1.2', {})).statusCode).toBe(403);
    // The user still exists: the DELETE without the header was refused.
    expect(await f.store.users.get(bob.id)).not.toBeNull();
  });

  it('DELETE /api/v1/session signs out that session only', async () => {
    const cy = await signUp('Cy');
    const a = sessionOf(await signIn(cy.recoveryCode, '10.0.2.1')).value;
    const b = sessionOf(await signIn(cy.recoveryCode, '10.0.2.2')).value;
    const out = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { ...cookie(a), ...CSRF },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ signedOut: true });
    expect(sessionOf(out).header).toMatch(/Max-Age=0/);
    expect((await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie(a) })).statusCode).toBe(
      401,
    );
    expect((await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: cookie(b) })).statusCode).toBe(
      200,
    );
  });

  it('a regenerated recovery code replaces the old one', async () => {
    const di = await signUp('Di');
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/me/recovery-code',
      headers: f.bearer(di.token),
    });
    expect(res.statusCode).toBe(200);
    const fresh = res.json().recoveryCode as string;
    expect(fresh).not.toBe(di.recoveryCode);
    expect((await signIn(di.recoveryCode, '10.0.3.1')).statusCode).toBe(401);
    expect((await signIn(fresh, '10.0.3.2')).statusCode).toBe(200);
  });

  it('exchanges a user token of an earlier install for a cookie session', async () => {
    const ed = await signUp('Ed');
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: '10.0.4.1',
      headers: CSRF,
      payload: { token: ed.token },
    });
    expect(res.statusCode).toBe(200);
    const me = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: cookie(sessionOf(res).value),
    });
    expect(me.json().user.id).toBe(ed.id);
  });

  it('the trusted header is ignored unless configured', async () => {
    const res = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'x-forwarded-user': 'eve' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('an operator’s trusted header (IPET_TRUSTED_USER_HEADER)', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await openServerFixture({ trustedUserHeader: 'X-Forwarded-User' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('maps the header to a user created on first sight, the same user afterwards', async () => {
    const headers = { 'x-forwarded-user': 'fay@example.org' };
    const first = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(first.statusCode).toBe(200);
    expect(first.json().user.name).toBe('fay');
    const again = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(again.json().user.id).toBe(first.json().user.id);
    const other = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'x-forwarded-user': 'gus' },
    });
    expect(other.json().user.id).not.toBe(first.json().user.id);
    // Unsafe methods need the CSRF header, as with the cookie.
    const patch = { method: 'PATCH' as const, url: '/api/v1/me', payload: { callName: 'F' } };
    expect((await f.app.inject({ ...patch, headers })).statusCode).toBe(403);
    expect((await f.app.inject({ ...patch, headers: { ...headers, ...CSRF } })).statusCode).toBe(200);
    expect((await f.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
