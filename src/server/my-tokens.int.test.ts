import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokensResponse } from './schemas.ts';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

/** A signed-in user issues tokens for other apps and revokes them one by one (the web app's panel uses these). */
describe('the caller’s own tokens', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await openServerFixture({ openSignup: true });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('issues a working token, revokes exactly that one, and never another user’s', async () => {
    const ann = await f.signup('Ann');
    const bob = await f.signup('Bob');
    const issued = await f.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
      payload: { label: 'my script' },
    });
    expect(issued.statusCode).toBe(201);
    const token = issued.json<{ token: string }>().token;
    expect(token).not.toBe(ann.token);
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(token) });
    expect(me.json<{ user: { id: string } }>().user.id).toBe(ann.id);

    // Bob cannot revoke Ann's token: it is not one of his.
    const foreign = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/tokens',
      headers: f.bearer(bob.token),
      payload: { token },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'not_found' } });

    const revoked = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
      payload: { token },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ revoked: true });
    const after = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(token) });
    expect(after.statusCode).toBe(401);
    // The sign-up token still works.
    const still = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(ann.token) });
    expect(still.statusCode).toBe(200);
  });

  it('issues a token that expires, lists the caller’s tokens without secrets, and revokes one by id', async () => {
    const ann = await f.signup('Ann Expiry');
    f.clock.advance(60_000);
    const issued = await f.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
      payload: { label: 'a week', expiresIn: '7d' },
    });
    expect(issued.statusCode).toBe(201);
    const { token, expiresAt } = issued.json<{ token: string; expiresAt: string }>();
    expect(new Date(expiresAt).getTime() - f.clock.now().getTime()).toBe(7 * 86_400_000);

    const listed = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
    });
    const { tokens } = tokensResponse.parse(listed.json());
    expect(tokens.map((t) => [t.label, t.current, t.expiresAt, t.expired])).toEqual([
      ['a week', false, expiresAt, false],
      ['signup', true, null, false],
    ]);
    expect(listed.body).not.toContain(token);
    expect(listed.body).not.toContain(ann.token);

    // A week later the token no longer works; the sign-up token does.
    f.clock.advance(7 * 86_400_000);
    const expired = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(token) });
    expect(expired.statusCode).toBe(401);
    const again = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
    });
    expect(tokensResponse.parse(again.json()).tokens[0]).toMatchObject({ label: 'a week', expired: true });

    // Revoked by id: gone from the list; another user cannot revoke it (404).
    const id = tokens[0]!.id;
    const bob = await f.signup('Bob Expiry');
    const foreign = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${id}`,
      headers: f.bearer(bob.token),
    });
    expect(foreign.statusCode).toBe(404);
    const revoked = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${id}`,
      headers: f.bearer(ann.token),
    });
    expect(revoked.json()).toEqual({ revoked: true });
    const after = await f.app.inject({
      method: 'GET',
      url: '/api/v1/me/tokens',
      headers: f.bearer(ann.token),
    });
    expect(tokensResponse.parse(after.json()).tokens.map((t) => t.label)).toEqual(['signup']);
  });

  it('lets the operator issue an expiring token, and refuses a lifetime it cannot read (400)', async () => {
    const cai = await f.signup('Cai Expiry');
    const issued = await f.app.inject({
      method: 'POST',
      url: `/api/v1/users/${cai.id}/tokens`,
      headers: f.bearer(ADMIN_KEY),
      payload: { expiresIn: '12h' },
    });
    expect(issued.statusCode).toBe(201);
    expect(new Date(issued.json().expiresAt).getTime() - f.clock.now().getTime()).toBe(12 * 3_600_000);
    for (const expiresIn of ['soon', '0d', '-1d', '3651d', '10y']) {
      const bad = await f.app.inject({
        method: 'POST',
        url: '/api/v1/me/tokens',
        headers: f.bearer(cai.token),
        payload: { expiresIn },
      });
      expect(bad.statusCode, expiresIn).toBe(400);
      expect(bad.json().error).toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining('expiresIn'),
      });
    }
  });
});
