import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerFixture, type ServerFixture } from './testing.ts';

/**
 * A user token reaches only that user's pets, chats, messages, days and memories. Every route that takes
 * an id answers another user's resource exactly as it answers one that does not exist (404), and every
 * list or export leaves other users out. Alice's data is checked unchanged at the end.
 */
let f: ServerFixture;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
let petA: string;
let petB: string;
const MEM_A = 'mem_alice';

type Probe = { name: string; request: (pet: string, memory: string) => InjectOptions };

const byId: Probe[] = [
  { name: 'GET pet', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}` }) },
  {
    name: 'PATCH pet',
    request: (p) => ({ method: 'PATCH', url: `/api/v1/pets/${p}`, payload: { personality: 'hacked' } }),
  },
  { name: 'DELETE pet', request: (p) => ({ method: 'DELETE', url: `/api/v1/pets/${p}` }) },
  { name: 'friends', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/friends` }) },
  { name: 'mood', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/mood` }) },
  { name: 'messages', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/messages` }) },
  {
    name: 'chat',
    request: (p) => ({
      method: 'POST',
      url: `/api/v1/pets/${p}/chat`,
      payload: { text: 'hi, whose pet are you?' },
    }),
  },
  { name: 'day', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/days/2025-03-04` }) },
  {
    name: 'day not generated yet',
    request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/days/2025-04-01` }),
  },
  { name: 'today', request: (p) => ({ method: 'GET', url: `/api/v1/pets/${p}/today` }) },
  { name: 'memories of a pet', request: (p) => ({ method: 'GET', url: `/api/v1/memories?petId=${p}` }) },
  {
    name: 'memory export of a pet',
    request: (p) => ({ method: 'GET', url: `/api/v1/memories/export?petId=${p}` }),
  },
  {
    name: 'delete memories of a pet',
    request: (p) => ({ method: 'DELETE', url: `/api/v1/memories?petId=${p}` }),
  },
  { name: 'delete one memory', request: (_p, m) => ({ method: 'DELETE', url: `/api/v1/memories/${m}` }) },
  { name: 'openai model', request: (p) => ({ method: 'GET', url: `/v1/models/${p}` }) },
  {
    name: 'openai chat completion',
    request: (p) => ({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: p, messages: [{ role: 'user', content: 'hi' }] },
    }),
  },
  {
    name: 'openai streamed chat completion',
    request: (p) => ({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { model: p, stream: true, messages: [{ role: 'user', content: 'hi' }] },
    }),
  },
];

async function snapshotOfAlice() {
  const get = async (url: string) =>
    (await f.app.inject({ method: 'GET', url, headers: f.bearer(alice.token) })).json();
  return {
    pet: await get(`/api/v1/pets/${petA}`),
    messages: await get(`/api/v1/pets/${petA}/messages`),
    memories: await get('/api/v1/memories/export'),
    day: await get(`/api/v1/pets/${petA}/days/2025-03-04`),
    mood: await get(`/api/v1/pets/${petA}/mood`),
  };
}

let before: Awaited<ReturnType<typeof snapshotOfAlice>>;

beforeAll(async () => {
  f = await openServerFixture();
  alice = await f.signup('Alice');
  bob = await f.signup('Bob');
  petA = (await f.createPet(alice.token, 'Mochi')).id;
  petB = (await f.createPet(bob.token, 'Rex')).id;
  const chat = await f.app.inject({
    method: 'POST',
    url: `/api/v1/pets/${petA}/chat`,
    headers: f.bearer(alice.token),
    payload: { text: 'My sister is called Lena' },
  });
  expect(chat.statusCode).toBe(200);
  await f.store.memories.insert([
    {
      memory: {
        id: MEM_A,
        userId: alice.id,
        petId: petA,
        text: "Alice's sister is called Lena",
        category: 'permanent',
        occurredAt: f.clock.now(),
        createdAt: f.clock.now(),
        expiresAt: null,
        supersededAt: null,
        supersededById: null,
        sourceSessionId: null,
        externalId: null,
        embeddingModel: null,
        subject: 'user',
        kind: null,
        dueOn: null,
      },
      embedding: null,
    },
  ]);
  before = await snapshotOfAlice();
  expect(before.day.schedule.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await f.close();
});

describe("another user's resources answer 404, exactly like missing ones", () => {
  it.each(byId)('$name', async ({ request }) => {
    const theirs = await f.app.inject({ ...request(petA, MEM_A), headers: f.bearer(bob.token) });
    const missing = await f.app.inject({
      ...request('pet_missing', 'mem_missing'),
      headers: f.bearer(bob.token),
    });
    expect(theirs.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(theirs.headers['content-type']).toMatch(/json/);
    const code = (r: typeof theirs) => r.json().error.code;
    expect(code(theirs)).toBe(code(missing));
    expect(theirs.body).not.toContain('Alice');
    expect(theirs.body).not.toContain('Mochi');
  });

  it('the same requests without a token answer 401', async () => {
    for (const { request } of byId) {
      const res = await f.app.inject(request(petA, MEM_A));
      expect(res.statusCode, `${request(petA, MEM_A).url}`).toBe(401);
    }
  });

  it("lists and exports hold only the caller's data", async () => {
    const get = async (url: string) =>
      (await f.app.inject({ method: 'GET', url, headers: f.bearer(bob.token) })).json();
    expect((await get('/api/v1/pets')).pets.map((p: { id: string }) => p.id)).toEqual([petB]);
    expect((await get('/v1/models')).data.map((m: { id: string }) => m.id)).toEqual([petB]);
    expect((await get('/api/v1/memories')).memories).toEqual([]);
    expect((await get('/api/v1/memories/export')).memories).toEqual([]);
    const exported = await get('/api/v1/me/export');
    expect(exported.user.id).toBe(bob.id);
    expect(exported.pets.map((p: { id: string }) => p.id)).toEqual([petB]);
    expect(JSON.stringify(exported)).not.toContain('Lena');
    expect(JSON.stringify(exported)).not.toContain(petA);
  });

  it("deleting all of one's memories and erasing oneself leave other users alone", async () => {
    const deleted = await f.app.inject({
      method: 'DELETE',
      url: '/api/v1/memories',
      headers: f.bearer(bob.token),
    });
    expect(deleted.json()).toEqual({ deleted: 0 });
    const erased = await f.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: f.bearer(bob.token) });
    expect(erased.statusCode).toBe(200);
  });

  it("Alice's pet, messages, memories, day and mood are unchanged", async () => {
    expect(await snapshotOfAlice()).toEqual(before);
  });
});
