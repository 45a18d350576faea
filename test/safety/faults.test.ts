import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDeps } from '../../src/app/index.ts';
import type { Pet, User } from '../../src/core/index.ts';
import { ChatTurnError, chatOnce } from '../../src/dialogue/index.ts';
import { createPet, createUser } from '../../src/profiles/index.ts';
import { FAULT_RUN_LIMITS, type FaultRunReport, openSimRuntime, runFaultyChats } from './fault-run.ts';

/**
 * The chat pipeline under injected faults, through the real wiring (chatDeps, guarded models over HTTP, the
 * simulator): 30 turns over 5 users with 20% of model requests failing (500, 429 with Retry-After, hanging
 * requests, malformed JSON, cut streams). Scaled down from `scripts/soak.ts`.
 */
const RETRY_AFTER_MS = 150;

describe('30 turns with 20% injected faults', () => {
  let report: FaultRunReport;
  beforeAll(async () => {
    report = await runFaultyChats({
      users: 5,
      turns: 30,
      failRate: 0.2,
      seed: 3,
      concurrency: 5,
      crisisEvery: 7,
      retryAfterSeconds: RETRY_AFTER_MS / 1000,
    });
  }, 120_000);
  afterAll(async () => {
    await report?.close();
  });

  it('injected every kind of fault', () => {
    expect(report.sim.faults.total).toBeGreaterThan(0);
    const kinds = Object.entries(report.sim.faults).filter(([kind, n]) => kind !== 'total' && n > 0);
    expect(kinds.length).toBeGreaterThanOrEqual(3);
  });

  it('loses no user message: each stored exactly once, and every turn answered in the end', async () => {
    expect(report.outcomes).toHaveLength(30);
    expect(report.outcomes.filter((o) => o.result === null)).toEqual([]);
    for (const outcome of report.outcomes) {
      const user = await report.store.chats.findByIdempotencyKey(
        outcome.userId,
        outcome.petId,
        outcome.key,
        'user',
      );
      expect(user?.content).toBe(outcome.text);
      expect(await report.store.chats.findReply(user!.id)).toMatchObject({
        status: 'ok',
        id: outcome.result!.replyMessageId,
      });
    }
    for (const { userId, petId } of new Map(report.outcomes.map((o) => [o.userId, o])).values()) {
      const messages = await report.store.chats.recentMessages(userId, petId, 1000);
      const texts = messages.filter((m) => m.role === 'user').map((m) => m.content);
      expect(new Set(texts).size).toBe(texts.length);
      expect(messages.filter((m) => m.status !== 'ok')).toEqual([]);
    }
  });

  it('made some turns fail visibly, then succeed on a retry with the same key', () => {
    const retried = report.outcomes.filter((o) => o.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(
      retried
        .flatMap((o) => o.errors)
        .every(
          (code) => code === 'model_unavailable' || code === 'conflict' || code === 'model_output_invalid',
        ),
    ).toBe(true);
  });

  it('keeps retries bounded: at most 1 + maxRetries requests per model call', () => {
    const calls = Object.values(report.usage).reduce((sum, u) => sum + (u?.calls ?? 0), 0);
    expect(calls).toBeGreaterThan(0);
    expect(report.sim.requests.chatCompletions).toBeLessThanOrEqual(
      calls * (1 + FAULT_RUN_LIMITS.maxRetries!),
    );
    const backoff = report.sleeps.filter((ms) => ms !== RETRY_AFTER_MS);
    expect(backoff.every((ms) => ms <= FAULT_RUN_LIMITS.retryMaxDelayMs!)).toBe(true);
  });

  it('honours Retry-After: a 429 is retried after exactly the wait the server asked for', () => {
    expect(report.sim.faults.rateLimit429).toBeGreaterThan(0);
    const honoured = report.sleeps.filter((ms) => ms === RETRY_AFTER_MS).length;
    expect(honoured).toBeGreaterThan(0);
    expect(honoured).toBeLessThanOrEqual(report.sim.faults.rateLimit429);
  });

  it('shows the crisis notice on every crisis turn, faults or not', () => {
    const crisis = report.outcomes.filter((o) => o.crisis);
    expect(crisis.length).toBeGreaterThanOrEqual(4);
    for (const outcome of crisis) expect(outcome.result!.safety).toMatchObject({ crisis: true });
    // Counted once per crisis message (not again on a retry). The classifier also reads the user's earlier
    // turns, so a turn right after a crisis message of the same user may be a crisis too (quoting it).
    const after = report.outcomes.filter((o, i) => {
      const previous = report.outcomes
        .slice(0, i)
        .filter((p) => p.userId === o.userId)
        .at(-1);
      return !o.crisis && previous?.crisis === true;
    });
    const events = report.events.count({ kind: 'crisis' });
    expect(events).toBeGreaterThanOrEqual(crisis.length);
    expect(events).toBeLessThanOrEqual(crisis.length + after.length);
  });
});

describe('hung model calls', () => {
  it('end every turn with a reply or a clear error, and give every slot back', async () => {
    // Every third request (chat streams, safety checks, the memory lookup's embeddings) is never answered.
    const env = await openSimRuntime({ failRate: 0, faults: ['timeout'], embedding: 'sim', seed: 11 });
    try {
      const { rt, sim } = env;
      const base = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
      const deps = chatDeps(rt, { extractOnClose: false });
      const pairs: Array<{ user: User; pet: Pet }> = [];
      for (let i = 0; i < 4; i++) {
        const user = await createUser(base, { name: `User ${i}`, ageBand: 'adult' });
        const pet = await createPet(base, { ownerId: user.id, profile: { name: `Pet ${i}`, kind: 'cat' } });
        pairs.push({ user, pet });
      }
      sim.configure({ failRate: 0.35 });
      sim.reset();
      const outcomes = await Promise.all(
        pairs.map(async ({ user, pet }, u) => {
          const ends: string[] = [];
          for (let t = 0; t < 4; t++) {
            const text = t === 3 ? 'honestly I want to die' : `message ${u}-${t}: tell me about tea`;
            try {
              const result = await chatOnce(deps, { userId: user.id, petId: pet.id, text });
              ends.push(result.reply.length > 0 ? 'reply' : 'empty reply');
            } catch (error) {
              ends.push(
                error instanceof ChatTurnError && error.isRetryable ? 'retryable error' : String(error),
              );
            }
          }
          return ends;
        }),
      );
      expect(sim.stats().faults.timeout).toBeGreaterThan(0);
      expect(outcomes.flat().every((end) => end === 'reply' || end === 'retryable error')).toBe(true);
      // Each turn's reply row is settled: answered or failed, none left pending.
      for (const { user, pet } of pairs) {
        const messages = await rt.store.chats.recentMessages(user.id, pet.id, 100);
        expect(messages.filter((m) => m.status === 'pending')).toEqual([]);
      }
      // The hung requests were given up (their slots freed): a full load of turns goes through at once.
      sim.configure({ failRate: 0 });
      const again = await Promise.all(
        Array.from({ length: FAULT_RUN_LIMITS.maxConcurrency! }, (_, i) => {
          const { user, pet } = pairs[i % pairs.length]!;
          return chatOnce(deps, { userId: user.id, petId: pet.id, text: `after ${i}` });
        }),
      );
      expect(again.every((r) => r.reply.length > 0)).toBe(true);
      expect(sim.stats().hanging).toBe(0);
    } finally {
      await env.close();
    }
  }, 120_000);
});

describe('the circuit breaker', () => {
  it('opens under sustained failure, fails fast while open, and closes once the server recovers', async () => {
    const cooldownMs = 1500;
    const env = await openSimRuntime({
      failRate: 0,
      faults: ['error500'],
      limits: { ...FAULT_RUN_LIMITS, breakerCooldownMs: cooldownMs },
    });
    try {
      const { rt, sim } = env;
      const base = { users: rt.store.users, pets: rt.store.pets, clock: rt.clock, ids: rt.ids };
      const user = await createUser(base, { name: 'Ada', ageBand: 'adult' });
      const pet = await createPet(base, { ownerId: user.id, profile: { name: 'Mochi', kind: 'cat' } });
      const deps = chatDeps(rt, { extractOnClose: false });
      const turn = (key: string) =>
        chatOnce(deps, { userId: user.id, petId: pet.id, text: `hello ${key}`, idempotencyKey: key });

      await turn('warm-up');
      expect(rt.models.circuits()).toEqual([expect.objectContaining({ state: 'closed', opened: 0 })]);

      sim.configure({ failRate: 1 });
      sim.reset();
      const errors: ChatTurnError[] = [];
      for (let i = 0; i < 4; i++) errors.push(await turn(`down-${i}`).catch((e) => e));
      expect(errors.every((e) => e instanceof ChatTurnError && e.isRetryable)).toBe(true);
      expect(rt.models.circuits()[0]).toMatchObject({ state: 'open', opened: 1 });
      // While open, calls fail fast without reaching the server.
      const before = sim.stats().requests.chatCompletions;
      await expect(turn('down-fast')).rejects.toMatchObject({ code: 'model_unavailable' });
      expect(sim.stats().requests.chatCompletions).toBe(before);

      sim.configure({ failRate: 0 });
      await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
      const recovered = await turn('down-fast');
      expect(recovered.reply.length).toBeGreaterThan(0);
      expect(rt.models.circuits()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
      // Every failed turn is retriable with its key: all answered now, no message lost.
      for (let i = 0; i < 4; i++) expect((await turn(`down-${i}`)).replayed).toBe(false);
      const messages = await rt.store.chats.recentMessages(user.id, pet.id, 100);
      expect(messages.filter((m) => m.role === 'user')).toHaveLength(6);
      expect(messages.filter((m) => m.status !== 'ok')).toEqual([]);
    } finally {
      await env.close();
    }
  });
});
