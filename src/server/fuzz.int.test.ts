import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FuzzOperation,
  type FuzzRequest,
  fuzzAnswerProblems,
  fuzzOperations,
  fuzzRequests,
  strayRequests,
} from './fuzz-cases.ts';
import { ADMIN_KEY, openServerFixture, type ServerFixture } from './testing.ts';

/**
 * Malformed input over every route the app describes (its OpenAPI document is built from the registered
 * routes): NUL bytes, lone surrogates, deep nesting, huge strings, wrong types, broken JSON, odd headers.
 * None may answer 5xx, every error answers `{ error: { code, message } }`, and no body names the database.
 * The requests and the check are `fuzz-cases.ts`, which the fault-and-load run (`bench/faults`) also sends
 * over HTTP to `ipet serve` processes.
 */

let f: ServerFixture;
let operations: FuzzOperation[];

beforeAll(async () => {
  f = await openServerFixture({ openSignup: false });
  operations = fuzzOperations((await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
});
afterAll(async () => {
  await f?.close();
});

const failures: string[] = [];
beforeEach(() => {
  failures.length = 0;
});

async function send(request: FuzzRequest): Promise<void> {
  const res = await f.app.inject({
    method: request.method as 'POST',
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  failures.push(...fuzzAnswerProblems(request.label, res.statusCode, res.body));
}

describe('malformed requests over every route', () => {
  it('never answer 5xx, always in the project error shape', { timeout: 300_000 }, async () => {
    expect(operations.length).toBeGreaterThan(20);
    // One user and pet for every route; a new pair after a route that may have deleted them.
    let user = await f.signup('Fuzz');
    let pet = await f.createPet(user.token);
    for (const op of operations) {
      const target = { userToken: user.token, userId: user.id, petId: pet.id, adminKey: ADMIN_KEY };
      for (const request of fuzzRequests(op, target)) await send(request);
      if (op.method === 'DELETE') {
        user = await f.signup('Fuzz');
        pet = await f.createPet(user.token);
      }
    }
    expect(failures.length, failures.slice(0, 60).join('\n')).toBe(0);
  });

  it('answers unknown routes, unknown methods and broken URLs in the project shape', async () => {
    for (const request of strayRequests(ADMIN_KEY)) await send(request);
    expect(failures).toEqual([]);
  });
});
