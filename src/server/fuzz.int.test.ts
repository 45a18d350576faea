import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

/**
 * Malformed input over every route the app describes (its OpenAPI document is built from the registered
 * routes): NUL bytes, lone surrogates, deep nesting, huge strings, wrong types, broken JSON, odd headers.
 * None may answer 5xx, every error answers `{ error: { code, message } }`, and no body names the database.
 */

const NUL = 'a\u0000b';
const LONE = 'x\ud800y';
const HUGE = 'h'.repeat(20_000);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { k: [value] };
  return value;
}

/** Valid request bodies per operation, whose every string is then replaced by a hostile one. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  createUser: { name: 'Fuzz', callName: 'F', timezone: 'Europe/Paris', interests: ['tea'] },
  updateMe: { name: 'Fuzz', callName: 'F', interests: ['tea'] },
  createToken: { label: 'x', expiresIn: '30d' },
  createMyToken: { label: 'x', expiresIn: '12h' },
  revokeMyToken: { token: 'some-token' },
  createPet: {
    name: 'Mochi',
    kind: 'cat',
    personality: 'gentle',
    extensions: { note: 'x', list: ['y'] },
  },
  updatePet: { name: 'Mochi', personality: 'gentle', extensions: { note: 'x' } },
  chat: { text: 'hello', idempotencyKey: 'k1' },
  recordEvent: { kind: 'detail_view', petId: 'PET', date: '2025-03-04', index: 1 },
  openaiChatCompletion: { model: 'PET', messages: [{ role: 'user', content: 'hi' }] },
};

/** Every string leaf of `sample` (keys too) replaced by `bad`, one at a time. */
function mutations(sample: unknown, bad: string): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown, replace: (v: unknown) => unknown): void => {
    if (typeof value === 'string') out.push(replace(bad));
    else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, (v) => replace(value.map((x, j) => (j === i ? v : x))));
      });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [key, item] of entries) {
        walk(item, (v) => replace({ ...value, [key]: v }));
        out.push(replace({ ...Object.fromEntries(entries.filter(([k]) => k !== key)), [bad]: item }));
      }
    }
  };
  walk(sample, (v) => v);
  return out;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  access: string;
  /** A GET whose answer is an event stream that stays open: only requests it refuses can be awaited. */
  endless: boolean;
}

let f: ServerFixture;
let operations: Operation[];

beforeAll(async () => {
  f = await openServerFixture({ openSignup: false });
  const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          'x-ipet-access': string;
          responses?: Record<string, { content?: Record<string, unknown> }>;
        }
      >
    >;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      access: op['x-ipet-access'],
      endless:
        method === 'get' &&
        Object.values(op.responses ?? {}).some((r) => r.content?.['text/event-stream'] !== undefined),
    })),
  );
});
afterAll(async () => {
  await f?.close();
});

const failures: string[] = [];
beforeEach(() => {
  failures.length = 0;
});

function check(label: string, res: LightMyRequestResponse): void {
  const where = `${label.slice(0, 120)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 500) failures.push(`5xx: ${where}`);
  if (res.statusCode < 400) return;
  if (/SQLSTATE|database call|\(\w{5}[ )]|insert into|select .* from/i.test(res.body)) {
    failures.push(`database detail: ${where}`);
  }
  let body: unknown;
  try {
    body = res.json();
  } catch {
    failures.push(`not JSON: ${where}`);
    return;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  if (
    typeof error?.code !== 'string' ||
    typeof error.message !== 'string' ||
    'statusCode' in (body as object)
  ) {
    failures.push(`shape: ${where}`);
  }
}

async function send(label: string, options: InjectOptions): Promise<void> {
  check(`${options.method} ${options.url} ${label}`, await f.app.inject(options));
}

describe('malformed requests over every route', () => {
  it('never answer 5xx, always in the project error shape', { timeout: 300_000 }, async () => {
    expect(operations.length).toBeGreaterThan(20);
    // One user and pet for every route; a new pair after a route that may have deleted them.
    let user = await f.signup('Fuzz');
    let pet = await f.createPet(user.token);
    for (const op of operations) {
      const credentials = op.access === 'operator' || op.access === 'signup' ? [ADMIN_KEY] : [user.token];
      const url = (value: (name: string) => string) =>
        op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
      const good = url((name) =>
        name === 'date' ? '2025-03-04' : name === 'petId' || name === 'model' ? pet.id : user.id,
      );
      const withPet = (value: unknown) =>
        JSON.parse(JSON.stringify(value).replaceAll('"PET"', JSON.stringify(pet.id)));

      for (const token of credentials) {
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        if (op.endless) {
          // A stream that opens never ends: only what it refuses before opening can be awaited.
          for (const authorization of [
            'Bearer',
            `Bearer ${'t'.repeat(2000)}`,
            'Bearer \u00ff\u00fe',
            'Basic x',
          ]) {
            await send('auth', { method: 'GET', url: good, headers: { authorization } });
          }
          continue;
        }
        // Path parameters and queries.
        if (good !== op.path) {
          for (const bad of [
            'a%00b',
            'x%ED%A0%80y',
            HUGE,
            '..',
            '%',
            '%E0%A4%A',
            '%20',
            '0',
            '%F0%9F%90%B9',
          ]) {
            const raw = op.path.replace(/\{(\w+)\}/g, () => bad);
            await send('param', { method: op.method as 'GET', url: raw, headers });
          }
        }
        for (const query of [
          '?limit=abc',
          '?limit=-1',
          `?date=${encodeURIComponent(NUL)}`,
          '?petId=a&petId=b',
          '?petId=x%ED%A0%80y',
          '?format=exe',
          `?x=${HUGE}`,
          '?%zz=1',
        ]) {
          await send('query', { method: op.method as 'GET', url: `${good}${query}`, headers });
        }
        // Headers.
        for (const extra of [
          { authorization: 'Bearer' },
          { authorization: `Bearer ${'t'.repeat(2000)}` },
          { authorization: 'Bearer \u00ff\u00fe' },
          { 'content-type': 'text/plain' },
          { 'content-type': 'application/json; charset=utf-16' },
          { 'content-type': 'multipart/form-data; boundary=x' },
          { 'idempotency-key': 'k'.repeat(5000) },
          { accept: 'text/html' },
        ]) {
          await send(`header ${JSON.stringify(extra).slice(0, 40)}`, {
            method: op.method as 'POST',
            url: good,
            headers: { ...headers, ...extra },
            ...(op.method === 'GET' ? {} : { payload: '{}' }),
          });
        }
        if (op.method === 'GET') continue;
        // Bodies.
        const raw = [
          '{',
          '{"a":',
          'null',
          '[]',
          '"text"',
          '123',
          'true',
          '',
          '\u0000',
          `{"a":"\\u0000"}`,
          `{"a":"\\ud800"}`,
          `${'['.repeat(5000)}${']'.repeat(5000)}`,
          JSON.stringify({ a: 'x'.repeat(400_000) }),
        ];
        for (const payload of raw) {
          await send(`body ${payload.slice(0, 20)}`, {
            method: op.method as 'POST',
            url: good,
            headers,
            payload,
          });
        }
        const sample = SAMPLES[op.operationId];
        if (!sample) continue;
        const bodies = [
          ...mutations(sample, NUL),
          ...mutations(sample, LONE),
          ...mutations(sample, HUGE),
          ...Object.keys(sample).flatMap((key) => [
            { ...sample, [key]: nested(200) },
            { ...sample, [key]: 12 },
            { ...sample, [key]: [sample[key]] },
            { ...sample, [key]: null },
          ]),
          { ...sample, extensions: nested(60) },
          { ...sample, extensions: { wide: Array.from({ length: 20_000 }, () => 1) } },
        ];
        for (const body of bodies) {
          await send(`body ${JSON.stringify(body).slice(0, 60)}`, {
            method: op.method as 'POST',
            url: good,
            headers,
            payload: JSON.stringify(withPet(body)),
          });
        }
      }
      if (op.method === 'DELETE') {
        user = await f.signup('Fuzz');
        pet = await f.createPet(user.token);
      }
    }
    expect(failures.length, failures.slice(0, 60).join('\n')).toBe(0);
  });

  it('answers unknown routes, unknown methods and broken URLs in the project shape', async () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['GET', '/api/v1/nope'],
      ['PUT', '/api/v1/pets'],
      ['PATCH', '/healthz'],
      ['GET', '/api/v1/pets/%E0%A4%A'],
      ['GET', '/api/v1/pets/%'],
      ['GET', '/v1/models/%'],
    ] as const) {
      await send('', { method, url, headers: f.bearer(ADMIN_KEY) });
    }
    expect(failures).toEqual([]);
  });
});
