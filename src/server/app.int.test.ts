import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../core/index.ts';
import { nightStatusJson } from './routes/nightly.ts';
import {
  dayJson,
  exportResponse,
  friendsResponse,
  memoriesResponse,
  memoryExportResponse,
  messagesResponse,
  moodJson,
  petResponse,
  petsResponse,
  signupResponse,
  userResponse,
} from './schemas.ts';
import { ADMIN_KEY, openServerFixture, parseSse, type ServerFixture } from './testing.ts';

let f: ServerFixture;
beforeAll(async () => {
  f = await openServerFixture();
});
afterAll(async () => {
  await f.close();
});

const memory = (id: string, userId: string, petId: string, text: string): Memory => ({
  id,
  userId,
  petId,
  text,
  category: 'long_term',
  occurredAt: new Date('2025-03-01T10:00:00Z'),
  createdAt: new Date('2025-03-01T10:00:00Z'),
  expiresAt: new Date('2025-06-01T10:00:00Z'),
  supersededAt: null,
  supersededById: null,
  sourceSessionId: null,
  externalId: null,
  embeddingModel: null,
  subject: 'user',
  kind: null,
  dueOn: null,
});

describe('health and auth', () => {
  it('answers /healthz without auth', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, version: 'test', store: 'pglite' });
  });

  it('answers 401 unauthorized without a token, with a bad token, and with a malformed header', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic abc' }]) {
      const res = await f.app.inject({ method: 'GET', url: '/api/v1/pets', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
    }
  });

  it('refuses the operator key on user routes and user tokens on operator routes (403)', async () => {
    const alice = await f.signup('Op Alice');
    const asOperator = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(ADMIN_KEY) });
    expect(asOperator.statusCode).toBe(403);
    const signupAsUser = await f.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: f.bearer(alice.token),
      payload: { name: 'Mallory' },
    });
    expect(signupAsUser.statusCode).toBe(403);
    const tokenAsUser = await f.app.inject({
      method: 'POST',
      url: `/api/v1/users/${alice.id}/tokens`,
      headers: f.bearer(alice.token),
      payload: {},
    });
    expect(tokenAsUser.statusCode).toBe(403);
  });

  it('answers JSON 404 for unknown routes', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('users', () => {
  it('signs up with the operator key: the user and a working token; tokens are stored hashed', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: f.bearer(ADMIN_KEY),
      payload: { name: 'Bea', timezone: 'Asia/Shanghai', locale: 'zh', interests: ['tea'] },
    });
    expect(res.statusCode).toBe(201);
    const body = signupResponse.parse(res.json());
    expect(body.user).toMatchObject({
      name: 'Bea',
      timezone: 'Asia/Shanghai',
      locale: 'zh',
      interests: ['tea'],
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(body.token) });
    expect(userResponse.parse(me.json()).user.id).toBe(body.user.id);
    // The secret itself is nowhere in the store.
    expect(await f.store.tokens.findUser(body.token, new Date())).toBeNull();
  });

  it('refuses signup without the operator key when signup is not open', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/v1/users', payload: { name: 'Eve' } });
    expect(res.statusCode).toBe(401);
  });

  it('validates the profile with a clear message (400 invalid_input), unknown fields included', async () => {
    const cases = [
      [{}, 'name is required'],
      [{ name: 'X', timezone: 'Mars/Base' }, 'timezone is not a known IANA time zone'],
      [{ name: 'X', locale: 'fr' }, 'locale must be one of: en, zh'],
      [{ name: 'X', timeZone: 'UTC' }, 'unknown field: timeZone'],
    ] as const;
    for (const [payload, message] of cases) {
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: f.bearer(ADMIN_KEY),
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_input' });
      expect(res.json().error.message).toContain(message);
    }
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...f.bearer(ADMIN_KEY), 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: f.bearer(ADMIN_KEY),
      payload: { name: 'Big', callName: 'x'.repeat(300 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('PATCH /me changes only the given fields', async () => {
    const u = await f.signup('Cleo', { interests: ['chess'], callName: 'C' });
    const res = await f.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: f.bearer(u.token),
      payload: { timezone: 'America/New_York' },
    });
    expect(res.statusCode).toBe(200);
    expect(userResponse.parse(res.json()).user).toMatchObject({
      name: 'Cleo',
      callName: 'C',
      interests: ['chess'],
      timezone: 'America/New_York',
    });
    const bad = await f.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: f.bearer(u.token),
      payload: { name: '' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('issues more tokens with the operator key; 404 for an unknown user', async () => {
    const u = await f.signup('Dan');
    const res = await f.app.inject({
      method: 'POST',
      url: `/api/v1/users/${u.id}/tokens`,
      headers: f.bearer(ADMIN_KEY),
      payload: { label: 'phone' },
    });
    expect(res.statusCode).toBe(201);
    const { token } = res.json();
    expect(token).not.toBe(u.token);
    const me = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(token) });
    expect(me.json().user.id).toBe(u.id);
    const missing = await f.app.inject({
      method: 'POST',
      url: '/api/v1/users/usr_nope/tokens',
      headers: f.bearer(ADMIN_KEY),
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
  });

  it('exports everything about the caller and erases them (token stops working)', async () => {
    const u = await f.signup('Eli');
    const pet = await f.createPet(u.token, 'Biscuit');
    const chat = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(u.token),
      payload: { text: 'I love hiking' },
    });
    expect(chat.statusCode).toBe(200);
    await f.store.memories.insert([
      { memory: memory('mem_eli', u.id, pet.id, 'Eli loves hiking'), embedding: null },
    ]);
    const today = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/today`,
      headers: f.bearer(u.token),
    });
    expect(today.statusCode).toBe(200);
    const res = await f.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: f.bearer(u.token) });
    expect(res.statusCode).toBe(200);
    const body = exportResponse.parse(res.json());
    expect(body.user.id).toBe(u.id);
    expect(body.pets.map((p) => p.id)).toEqual([pet.id]);
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]!.messages.map((m) => m.role)).toEqual(['pet', 'user', 'pet']);
    expect(body.sessions[0]!.messages[1]!.content).toBe('I love hiking');
    expect(body.memories.map((m) => m.text)).toEqual(['Eli loves hiking']);
    expect(body.days.map((d) => [d.petId, d.date, d.mode])).toEqual([[pet.id, '2025-03-04', 'memory']]);

    const erase = await f.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: f.bearer(u.token) });
    expect(erase.json()).toEqual({ erased: true });
    expect(await f.store.users.get(u.id)).toBeNull();
    expect(await f.store.pets.get(pet.id)).toBeNull();
    const after = await f.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.bearer(u.token) });
    expect(after.statusCode).toBe(401);
  });
});

describe('pets', () => {
  it('creates, lists, reads, updates and deletes a pet', async () => {
    const u = await f.signup('Fay');
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/pets',
      headers: f.bearer(u.token),
      payload: { name: 'Pip', kind: 'hamster', traits: ['brave'], extensions: { avatar: 'pip.png' } },
    });
    expect(created.statusCode).toBe(201);
    const pet = petResponse.parse(created.json()).pet;
    expect(pet).toMatchObject({ ownerId: u.id, extensions: { avatar: 'pip.png' } });
    expect(pet.profile).toMatchObject({ name: 'Pip', kind: 'hamster', traits: ['brave'], personality: '' });

    const list = await f.app.inject({ method: 'GET', url: '/api/v1/pets', headers: f.bearer(u.token) });
    expect(petsResponse.parse(list.json()).pets.map((p) => p.id)).toEqual([pet.id]);

    const patched = await f.app.inject({
      method: 'PATCH',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(u.token),
      payload: { personality: 'bold' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().pet.profile).toMatchObject({ name: 'Pip', traits: ['brave'], personality: 'bold' });
    expect(patched.json().pet.extensions).toEqual({ avatar: 'pip.png' });

    const got = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(u.token),
    });
    expect(got.json().pet.profile.personality).toBe('bold');

    const del = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(u.token),
    });
    expect(del.json()).toEqual({ deleted: 1 });
    const gone = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}`,
      headers: f.bearer(u.token),
    });
    expect(gone.statusCode).toBe(404);
  });

  it('validates pet profiles', async () => {
    const u = await f.signup('Gus');
    const missing = await f.app.inject({
      method: 'POST',
      url: '/api/v1/pets',
      headers: f.bearer(u.token),
      payload: { name: 'NoKind' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('kind is required');
    const long = await f.app.inject({
      method: 'POST',
      url: '/api/v1/pets',
      headers: f.bearer(u.token),
      payload: { name: 'x'.repeat(81), kind: 'cat' },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('name must be at most 80 characters');
  });

  it("shows the pet's mood: the baseline before any chat", async () => {
    const u = await f.signup('Hal');
    const pet = await f.createPet(u.token);
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/mood`,
      headers: f.bearer(u.token),
    });
    expect(res.statusCode).toBe(200);
    expect(moodJson.parse(res.json())).toMatchObject({ emotion: 'neutral', intensity: 0, updatedAt: null });
  });

  it("lists the pet's friends, generating the shared pool on first need", async () => {
    const u = await f.signup('Ida');
    const pet = await f.createPet(u.token);
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/friends`,
      headers: f.bearer(u.token),
    });
    expect(res.statusCode).toBe(200);
    const { friends } = friendsResponse.parse(res.json());
    expect(friends.length).toBeGreaterThanOrEqual(3);
    expect(friends.length).toBeLessThanOrEqual(5);
    const again = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/friends`,
      headers: f.bearer(u.token),
    });
    expect(again.json().friends).toEqual(res.json().friends);
  });
});

describe('chat', () => {
  it('streams the turn as server-sent events, one per part, and stores the messages', async () => {
    const u = await f.signup('Jo');
    const pet = await f.createPet(u.token);
    const res = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(u.token),
      payload: { text: 'Hello Mochi, how are you?', idempotencyKey: 'k1' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('turn-start');
    expect(names).toContain('greeting');
    expect(names).toContain('context');
    expect(names).toContain('text-delta');
    expect(names.at(-1)).toBe('finish');
    for (const e of events) expect(JSON.parse(e.data).type).toBe(e.event);
    const finish = JSON.parse(events.at(-1)!.data);
    const streamed = events
      .filter((e) => e.event === 'text-delta')
      .map((e) => JSON.parse(e.data).text)
      .join('');
    expect(finish.text.length).toBeGreaterThan(0);
    expect(streamed).toBe(finish.text);

    const history = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/messages?limit=10`,
      headers: f.bearer(u.token),
    });
    const { messages } = messagesResponse.parse(history.json());
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['pet', 'ok'],
      ['user', 'ok'],
      ['pet', 'ok'],
    ]);
    expect(messages[1]!.content).toBe('Hello Mochi, how are you?');
    expect(messages[2]).toMatchObject({
      id: finish.replyMessageId,
      content: finish.text,
      emotion: finish.emotion,
    });

    // The same idempotency key replays the stored reply instead of a new turn.
    const replay = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(u.token),
      payload: { text: 'Hello Mochi, how are you?', idempotencyKey: 'k1' },
    });
    const replayed = parseSse(replay.body);
    expect(JSON.parse(replayed[0]!.data)).toMatchObject({ type: 'turn-start', replayed: true });
    expect(JSON.parse(replayed.at(-1)!.data).replyMessageId).toBe(finish.replyMessageId);
    const after = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/messages?limit=2`,
      headers: f.bearer(u.token),
    });
    expect(after.json().messages.map((m: { id: string }) => m.id)).toEqual(
      messages.slice(1).map((m) => m.id),
    );
  });

  it('validates the message (400) before streaming anything', async () => {
    const u = await f.signup('Kim');
    const pet = await f.createPet(u.token);
    const cases = [
      [{ text: '   ' }, 'text must not be empty'],
      [{ text: 'x'.repeat(4001) }, 'text must be at most 4000 characters'],
      [{}, 'text is required'],
      [{ text: 'hi', extra: 1 }, 'unknown field: extra'],
    ] as const;
    for (const [payload, message] of cases) {
      const res = await f.app.inject({
        method: 'POST',
        url: `/api/v1/pets/${pet.id}/chat`,
        headers: f.bearer(u.token),
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.json().error.message).toContain(message);
    }
    const big = await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(u.token),
      payload: { text: 'x'.repeat(100 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    const limit = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/messages?limit=0`,
      headers: f.bearer(u.token),
    });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error.message).toContain('limit must be at least 1');
  });
});

describe('days', () => {
  it("generates the pet's day on first request and returns the stored one after", async () => {
    const u = await f.signup('Lea');
    const pet = await f.createPet(u.token);
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/days/2025-03-05`,
      headers: f.bearer(u.token),
    });
    expect(res.statusCode).toBe(200);
    const day = dayJson.parse(res.json());
    expect(day).toMatchObject({ petId: pet.id, date: '2025-03-05', method: 'world-sim', mode: 'normal' });
    expect(day.schedule.length).toBeGreaterThan(0);
    expect(day.schedule.every((i) => !i.current)).toBe(true); // tomorrow: nothing is happening yet
    expect(day.usage.calls).toBeGreaterThan(0);
    const calls = f.sim.stats().requests.total;
    const again = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/days/2025-03-05`,
      headers: f.bearer(u.token),
    });
    expect(again.json()).toEqual(res.json());
    expect(f.sim.stats().requests.total).toBe(calls);
    expect(day.degraded).toBeNull();
  });

  it('says why a day kept with parts missing is degraded', async () => {
    const u = await f.signup('Ola');
    const pet = await f.createPet(u.token);
    const reasons = ['schedule: the schedule has 4 distinct events, needs 6-10'];
    await f.store.worlds.saveDay(
      {
        id: 'wday_degraded',
        petId: pet.id,
        userId: u.id,
        date: '2025-03-06',
        mode: 'normal',
        method: 'world-sim',
        outline: '',
        schedule: [{ time: '09:00', title: 'Walk in park', detail: 'A walk.' }],
        promptVersion: 'world@v1/en',
        model: 'ipet-sim',
        usage: { calls: 3, inputTokens: 10, outputTokens: 10 },
        createdAt: new Date('2025-03-05T00:00:00Z'),
        degraded: { reasons },
      },
      { replace: false },
    );
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/days/2025-03-06`,
      headers: f.bearer(u.token),
    });
    expect(dayJson.parse(res.json()).degraded).toEqual({ reasons });
  });

  it("serves today in the owner's timezone with the current item marked", async () => {
    const u = await f.signup('Max', { timezone: 'Pacific/Auckland' }); // T0 is already 2025-03-05 there
    const pet = await f.createPet(u.token);
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/today`,
      headers: f.bearer(u.token),
    });
    expect(res.statusCode).toBe(200);
    const day = dayJson.parse(res.json());
    expect(day.date).toBe('2025-03-05');
    expect(day.schedule.filter((i) => i.current).length).toBeLessThanOrEqual(1);
  });

  it('rejects a malformed date', async () => {
    const u = await f.signup('Ned');
    const pet = await f.createPet(u.token);
    for (const date of ['2025-13-01', 'tomorrow', '2025-02-30']) {
      const res = await f.app.inject({
        method: 'GET',
        url: `/api/v1/pets/${pet.id}/days/${date}`,
        headers: f.bearer(u.token),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('date must be a date as YYYY-MM-DD');
    }
  });
});

describe('memories', () => {
  it('lists, exports and deletes memories (one, per pet, all)', async () => {
    const u = await f.signup('Ola');
    const a = await f.createPet(u.token, 'A');
    const b = await f.createPet(u.token, 'B');
    await f.store.memories.insert([
      { memory: memory('mem_ola1', u.id, a.id, 'Ola plays piano'), embedding: null },
      { memory: memory('mem_ola2', u.id, a.id, 'Ola has a sister'), embedding: null },
      { memory: memory('mem_ola3', u.id, b.id, 'Ola likes rain'), embedding: null },
    ]);
    const all = await f.app.inject({ method: 'GET', url: '/api/v1/memories', headers: f.bearer(u.token) });
    expect(
      memoriesResponse
        .parse(all.json())
        .memories.map((m) => m.id)
        .sort(),
    ).toEqual(['mem_ola1', 'mem_ola2', 'mem_ola3']);
    const ofA = await f.app.inject({
      method: 'GET',
      url: `/api/v1/memories?petId=${a.id}`,
      headers: f.bearer(u.token),
    });
    expect(ofA.json().memories.map((m: { petId: string }) => m.petId)).toEqual([a.id, a.id]);
    const exported = await f.app.inject({
      method: 'GET',
      url: '/api/v1/memories/export',
      headers: f.bearer(u.token),
    });
    expect(memoryExportResponse.parse(exported.json()).memories).toHaveLength(3);
    expect(exported.json().memories[0]).toMatchObject({ status: 'active' });

    const one = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/memories/mem_ola1',
      headers: f.bearer(u.token),
    });
    expect(one.json()).toEqual({ deleted: 1 });
    const twice = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/memories/mem_ola1',
      headers: f.bearer(u.token),
    });
    expect(twice.statusCode).toBe(404);
    const ofB = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/memories?petId=${b.id}`,
      headers: f.bearer(u.token),
    });
    expect(ofB.json()).toEqual({ deleted: 1 });
    const rest = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/memories',
      headers: f.bearer(u.token),
    });
    expect(rest.json()).toEqual({ deleted: 1 });
  });
});

describe('nightly status', () => {
  it('reads the nightly queue for a date with the operator key', async () => {
    const u = await f.signup('Quin');
    const asUser = await f.app.inject({
      method: 'GET',
      url: '/api/v1/nightly/status',
      headers: f.bearer(u.token),
    });
    expect(asUser.statusCode).toBe(403);
    const res = await f.app.inject({
      method: 'GET',
      url: '/api/v1/nightly/status?date=2025-03-04',
      headers: f.bearer(ADMIN_KEY),
    });
    expect(res.statusCode).toBe(200);
    expect(nightStatusJson.parse(res.json())).toMatchObject({
      dates: ['2025-03-04'],
      pairs: 0,
      settled: true,
    });
    const bad = await f.app.inject({
      method: 'GET',
      url: '/api/v1/nightly/status?date=yesterday',
      headers: f.bearer(ADMIN_KEY),
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('metrics and openapi', () => {
  it('/metrics needs the operator key and counts requests, chat turns and model usage', async () => {
    expect((await f.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const u = await f.signup('Pam');
    expect(
      (await f.app.inject({ method: 'GET', url: '/metrics', headers: f.bearer(u.token) })).statusCode,
    ).toBe(403);
    const pet = await f.createPet(u.token);
    await f.app.inject({
      method: 'POST',
      url: `/api/v1/pets/${pet.id}/chat`,
      headers: f.bearer(u.token),
      payload: { text: 'hi' },
    });
    const res = await f.app.inject({ method: 'GET', url: '/metrics', headers: f.bearer(ADMIN_KEY) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /^ipet_http_requests_total\{method="POST",route="\/api\/v1\/pets",status="201"\} \d+$/m,
    );
    expect(res.body).toMatch(/^ipet_chat_turns_total\{api="rest",outcome="ok"\} [1-9]\d*$/m);
    expect(res.body).toMatch(/^ipet_model_calls_total\{purpose="chat"\} [1-9]\d*$/m);
    expect(res.body).toMatch(/^ipet_model_circuit_state\{provider="[^"]+",state="closed"\} 1$/m);
  });

  it('/api/openapi.json is an OpenAPI 3.1 document listing every route', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /healthz',
        'GET /metrics',
        'GET /api/openapi.json',
        'POST /api/v1/users',
        'POST /api/v1/users/{id}/tokens',
        'GET /api/v1/me',
        'PATCH /api/v1/me',
        'GET /api/v1/me/export',
        'DELETE /api/v1/me',
        'GET /api/v1/pets',
        'POST /api/v1/pets',
        'GET /api/v1/pets/{petId}',
        'PATCH /api/v1/pets/{petId}',
        'DELETE /api/v1/pets/{petId}',
        'GET /api/v1/pets/{petId}/friends',
        'GET /api/v1/pets/{petId}/mood',
        'GET /api/v1/pets/{petId}/messages',
        'POST /api/v1/pets/import',
        'GET /api/v1/pets/{petId}/card',
        'POST /api/v1/pets/{petId}/chat',
        'GET /api/v1/pets/{petId}/days/{date}',
        'GET /api/v1/pets/{petId}/today',
        'POST /api/v1/events',
        'GET /api/v1/memories',
        'GET /api/v1/memories/export',
        'DELETE /api/v1/memories/{id}',
        'DELETE /api/v1/memories',
        'GET /v1/models',
        'GET /v1/models/{model}',
        'POST /v1/chat/completions',
        'GET /api/v1/nightly/status',
        'POST /api/v1/me/tokens',
        'DELETE /api/v1/me/tokens',
        'GET /api/v1/me/tokens',
        'DELETE /api/v1/me/tokens/{tokenId}',
        'POST /api/v1/me/recovery-code',
        'POST /api/v1/session',
        'DELETE /api/v1/session',
        'GET /api/v1/settings/model',
        'PUT /api/v1/settings/model',
        'DELETE /api/v1/settings/model',
        'POST /api/v1/settings/model/test',
        'GET /api/v1/pets/{petId}/avatar',
        'PUT /api/v1/pets/{petId}/avatar',
        'DELETE /api/v1/pets/{petId}/avatar',
        'GET /api/v1/pets/{petId}/greeting',
        'POST /api/v1/cards/preview',
        'GET /api/v1/events',
        'GET /api/v1/messages/proactive/unread',
        'GET /api/v1/pets/{petId}/messages/proactive',
        'POST /api/v1/pets/{petId}/messages/proactive/read',
        'GET /api/v1/pets/{petId}/reflections',
      ].sort(),
    );
    const createPet = doc.paths['/api/v1/pets'].post;
    expect(createPet.requestBody.content['application/json'].schema.required).toEqual(['name', 'kind']);
    expect(createPet.responses['201'].content['application/json'].schema.properties.pet).toBeDefined();
    const chat = doc.paths['/api/v1/pets/{petId}/chat'].post;
    expect(chat.parameters).toEqual([expect.objectContaining({ name: 'petId', in: 'path', required: true })]);
    expect(chat.responses['200'].content['text/event-stream']).toBeDefined();
    const avatar = doc.paths['/api/v1/pets/{petId}/avatar'].get;
    expect(avatar.responses['200'].content['image/png']).toBeDefined();
    const petSchema = createPet.responses['201'].content['application/json'].schema.properties.pet;
    expect(petSchema.properties.avatarUrl).toBeDefined();
    const messages = doc.paths['/api/v1/pets/{petId}/messages'].get;
    expect(messages.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
    );
  });
});
