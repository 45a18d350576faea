/**
 * Malformed requests for every route of the OpenAPI document, and the check every answer must pass (no 5xx,
 * the project's error shape, no database detail). Shared by `fuzz.int.test.ts` (in-process, `app.inject`)
 * and the fault-and-load run (`bench/faults`, over HTTP against `ipet serve`). Test tooling: production
 * code never imports it.
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

export interface FuzzOperation {
  method: string;
  path: string;
  operationId: string;
  access: string;
  /** A GET whose answer is an event stream that stays open: only requests it refuses can be awaited. */
  endless: boolean;
}

interface OpenApiDocument {
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
}

/** The operations of `GET /api/openapi.json`'s document. */
export function fuzzOperations(doc: unknown): FuzzOperation[] {
  return Object.entries((doc as OpenApiDocument).paths).flatMap(([path, methods]) =>
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
}

export interface FuzzRequest {
  label: string;
  method: string;
  /** Path and query, as sent (not normalised). */
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzTarget {
  /** A user's token (user routes) and the operator key (operator and signup routes). */
  userToken: string;
  userId: string;
  petId: string;
  adminKey: string;
}

/** The malformed requests for one operation, sent with each credential it accepts. */
export function fuzzRequests(op: FuzzOperation, target: FuzzTarget): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const add = (label: string, request: Omit<FuzzRequest, 'label'>) =>
    out.push({ label: `${request.method} ${request.url} ${label}`, ...request });
  const credentials =
    op.access === 'operator' || op.access === 'signup' ? [target.adminKey] : [target.userToken];
  const url = (value: (name: string) => string) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
  const good = url((name) =>
    name === 'date' ? '2025-03-04' : name === 'petId' || name === 'model' ? target.petId : target.userId,
  );
  const withPet = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"PET"', JSON.stringify(target.petId)));

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
        add('auth', { method: 'GET', url: good, headers: { authorization } });
      }
      continue;
    }
    // Path parameters and queries.
    if (good !== op.path) {
      for (const bad of ['a%00b', 'x%ED%A0%80y', HUGE, '..', '%', '%E0%A4%A', '%20', '0', '%F0%9F%90%B9']) {
        const raw = op.path.replace(/\{(\w+)\}/g, () => bad);
        add('param', { method: op.method, url: raw, headers });
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
      add('query', { method: op.method, url: `${good}${query}`, headers });
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
      add(`header ${JSON.stringify(extra).slice(0, 40)}`, {
        method: op.method,
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
      add(`body ${payload.slice(0, 20)}`, { method: op.method, url: good, headers, payload });
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
      add(`body ${JSON.stringify(body).slice(0, 60)}`, {
        method: op.method,
        url: good,
        headers,
        payload: JSON.stringify(withPet(body)),
      });
    }
  }
  return out;
}

/** Unknown routes, unknown methods and URLs that do not decode. */
export function strayRequests(adminKey: string): FuzzRequest[] {
  return (
    [
      ['GET', '/nope'],
      ['GET', '/api/v1/nope'],
      ['PUT', '/api/v1/pets'],
      ['PATCH', '/healthz'],
      ['GET', '/api/v1/pets/%E0%A4%A'],
      ['GET', '/api/v1/pets/%'],
      ['GET', '/v1/models/%'],
    ] as const
  ).map(([method, url]) => ({
    label: `${method} ${url}`,
    method,
    url,
    headers: { authorization: `Bearer ${adminKey}` },
  }));
}

/**
 * What is wrong with one answer to a malformed request (empty: nothing): a 5xx, an error body that is not
 * `{ error: { code, message } }` JSON, or one that names the database.
 */
export function fuzzAnswerProblems(label: string, status: number, body: string): string[] {
  const problems: string[] = [];
  const where = `${label.slice(0, 120)} -> ${status} ${body.slice(0, 200)}`;
  if (status >= 500) problems.push(`5xx: ${where}`);
  if (status < 400) return problems;
  if (/SQLSTATE|database call|\(\w{5}[ )]|insert into|select .* from/i.test(body)) {
    problems.push(`database detail: ${where}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    problems.push(`not JSON: ${where}`);
    return problems;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (
    typeof error?.code !== 'string' ||
    typeof error.message !== 'string' ||
    'statusCode' in (parsed as object)
  ) {
    problems.push(`shape: ${where}`);
  }
  return problems;
}
