import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

interface MeJson {
  user: { id: string; name: string; trainingConsent: boolean; trainingConsentAt: string | null };
}

/** The opt-in to training on the caller's conversations (issue 21): PATCH /api/v1/me, the web Settings toggle. */
describe('training consent through /api/v1/me', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await openServerFixture({ openSignup: true });
  });
  afterAll(async () => {
    await f?.close();
  });

  const patch = (token: string, payload: unknown) =>
    f.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: f.bearer(token),
      payload: payload as object,
    });

  it('starts off, is given and withdrawn with the time of each change, and only for the caller', async () => {
    const ann = await f.signup('Ann');
    const bob = await f.signup('Bob');
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(ann.token) });
    expect(me.json<MeJson>().user).toMatchObject({ trainingConsent: false, trainingConsentAt: null });

    const given = await patch(ann.token, { trainingConsent: true });
    expect(given.statusCode).toBe(200);
    const on = given.json<MeJson>().user;
    expect(on.trainingConsent).toBe(true);
    expect(Date.parse(on.trainingConsentAt ?? '')).not.toBeNaN();

    // A profile change keeps the consent; Bob's stays off.
    const renamed = await patch(ann.token, { name: 'Annie' });
    expect(renamed.json<MeJson>().user).toMatchObject({ name: 'Annie', trainingConsent: true });
    const bobMe = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(bob.token) });
    expect(bobMe.json<MeJson>().user.trainingConsent).toBe(false);

    const withdrawn = await patch(ann.token, { trainingConsent: false });
    expect(withdrawn.json<MeJson>().user.trainingConsent).toBe(false);
    expect(withdrawn.json<MeJson>().user.trainingConsentAt).not.toBeNull();
  });

  it('refuses a consent that is not a boolean with the usual error shape', async () => {
    const cy = await f.signup('Cy');
    const bad = await patch(cy.token, { trainingConsent: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(cy.token) });
    expect(me.json<MeJson>().user.trainingConsent).toBe(false);
  });
});
