import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

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
});
