import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXPERIMENT_SALT } from '../app/index.ts';
import type { ProductEvent } from '../core/index.ts';
import { engagementReport } from '../eval/index.ts';
import { assignVariant } from '../experiments/index.ts';
import { openServerFixture, parseSse, type ServerFixture } from './testing.ts';

/**
 * Anonymous product events recorded by the service (issue 9) and the world-sim experiment's gating: the
 * engagement report runs on what a chat turn, a schedule view and a posted detail view really leave.
 */
let f: ServerFixture;
beforeAll(async () => {
  f = await openServerFixture();
});
afterAll(async () => {
  await f.close();
});

const DAY = '2025-03-04';
const FIELDS = ['at', 'experiment', 'kind', 'petId', 'sessionId', 'userId', 'variant'];
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

async function eventsOf(userId: string): Promise<ProductEvent[]> {
  const all = await f.store.events.list({ from: new Date(`${DAY}T00:00:00Z`), to: new Date('2025-03-06') });
  return all.filter((e) => e.userId === userId);
}

/** Events are written in the background: wait until `kinds` are all there. */
async function waitForKinds(userId: string, kinds: string[]): Promise<ProductEvent[]> {
  return vi.waitFor(
    async () => {
      const events = await eventsOf(userId);
      expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(kinds));
      return events;
    },
    { timeout: 5000, interval: 20 },
  );
}

async function chat(token: string, petId: string, text: string) {
  const res = await f.app.inject({
    method: 'POST',
    url: `/api/v1/pets/${petId}/chat`,
    headers: f.bearer(token),
    payload: { text },
  });
  expect(res.statusCode).toBe(200);
  return parseSse(res.body).map((e) => JSON.parse(e.data));
}

const postEvent = (token: string, payload: Record<string, unknown>) =>
  f.app.inject({ method: 'POST', url: '/api/v1/events', headers: f.bearer(token), payload });

describe('product events', () => {
  it('records a chat session, its messages, a schedule view and a detail view, with ids only', async () => {
    const u = await f.signup('Ada');
    const pet = await f.createPet(u.token);
    const parts = await chat(u.token, pet.id, 'Hello Mochi, what did you do this morning?');
    const start = parts.find((p) => p.type === 'turn-start');
    expect(start.isNewSession).toBe(true);

    const today = await f.app.inject({
      method: 'GET',
      url: `/api/v1/pets/${pet.id}/today`,
      headers: f.bearer(u.token),
    });
    expect(today.statusCode).toBe(200);
    const posted = await postEvent(u.token, { kind: 'detail_view', petId: pet.id, date: DAY, index: 0 });
    expect(posted.statusCode).toBe(202);
    expect(posted.json()).toEqual({ accepted: true });

    const events = await waitForKinds(u.id, [
      'session_start',
      'message_sent',
      'schedule_view',
      'detail_view',
    ]);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(FIELDS);
      expect(e).toMatchObject({ userId: u.id, petId: pet.id, experiment: null, variant: null });
      for (const v of [e.userId, e.petId, e.sessionId]) if (v !== null) expect(v).toMatch(ID);
    }
    expect(events.filter((e) => e.kind === 'message_sent')).toEqual([
      expect.objectContaining({ sessionId: start.sessionId }),
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Hello|morning/);

    // A later turn after the idle gap closes the session (session_end at its last message) and opens one.
    f.clock.advance(31 * 60_000);
    await chat(u.token, pet.id, 'Back again!');
    const later = await waitForKinds(u.id, ['session_end']);
    expect(later.find((e) => e.kind === 'session_end')).toMatchObject({ sessionId: start.sessionId });
    expect(later.filter((e) => e.kind === 'session_start')).toHaveLength(2);

    // The OpenAI-compatible surface counts as a message too.
    const completion = await f.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: f.bearer(u.token),
      payload: { model: pet.id, messages: [{ role: 'user', content: 'one more' }] },
    });
    expect(completion.statusCode).toBe(200);
    await vi.waitFor(async () =>
      expect((await eventsOf(u.id)).filter((e) => e.kind === 'message_sent')).toHaveLength(3),
    );

    const report = engagementReport(await eventsOf(u.id), { from: DAY, to: DAY });
    expect(report.variants).toEqual([expect.objectContaining({ users: 1, chatters: 1, engagementRate: 1 })]);
  });

  it('validates posted events and keeps other users’ pets out', async () => {
    const a = await f.signup('Bea');
    const b = await f.signup('Cy');
    const petB = await f.createPet(b.token);
    const bad = [
      { kind: 'message_sent', petId: petB.id },
      { kind: 'detail_view', petId: petB.id, text: 'my secret' },
      { kind: 'detail_view', petId: petB.id, date: 'yesterday' },
      { kind: 'detail_view' },
    ];
    for (const payload of bad) expect((await postEvent(b.token, payload)).statusCode).toBe(400);
    const foreign = await postEvent(a.token, { kind: 'detail_view', petId: petB.id });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('not_found');
    expect((await postEvent('not-a-token', { kind: 'detail_view', petId: petB.id })).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await eventsOf(a.id)).toEqual([]);
    expect(await eventsOf(b.id)).toEqual([]);
  });
});

describe('world-sim experiment', () => {
  it('gives control users no day and puts the variant on every event', async () => {
    const experiment = {
      name: 'world-sim',
      salt: DEFAULT_EXPERIMENT_SALT,
      variants: ['control', 'treatment'] as const,
    };
    f.rt.config.experiment = experiment;
    try {
      // Users until both arms have one (assignment is a stable hash of the user id).
      const users: Record<string, { id: string; token: string }> = {};
      for (let i = 0; i < 20 && Object.keys(users).length < 2; i++) {
        const u = await f.signup(`User${i}`);
        users[assignVariant(u.id, 'world-sim', experiment.variants, experiment.salt)] ??= u;
      }
      const control = users['control']!;
      const treatment = users['treatment']!;
      expect(control && treatment).toBeTruthy();

      const context = async (u: { id: string; token: string }) => {
        const pet = await f.createPet(u.token);
        const today = await f.app.inject({
          method: 'GET',
          url: `/api/v1/pets/${pet.id}/today`,
          headers: f.bearer(u.token),
        });
        const parts = await chat(u.token, pet.id, 'What are you up to right now?');
        return { today, context: parts.find((p) => p.type === 'context').context };
      };

      const c = await context(control);
      expect(c.today.statusCode).toBe(404);
      expect(c.today.json().error.code).toBe('not_found');
      expect(c.context.schedule).toEqual([]);
      const keys = (ctx: { sections: Array<{ key: string }> }) => ctx.sections.map((s) => s.key);
      expect(keys(c.context)).not.toContain('outline');

      const t = await context(treatment);
      expect(t.today.statusCode).toBe(200);
      expect(t.context.schedule.length).toBeGreaterThan(0);
      expect(keys(t.context)).toContain('outline');

      const cEvents = await waitForKinds(control.id, ['session_start', 'message_sent']);
      const tEvents = await waitForKinds(treatment.id, ['session_start', 'message_sent', 'schedule_view']);
      expect(cEvents.map((e) => e.kind)).not.toContain('schedule_view');
      for (const e of cEvents) expect(e).toMatchObject({ experiment: 'world-sim', variant: 'control' });
      for (const e of tEvents) expect(e).toMatchObject({ experiment: 'world-sim', variant: 'treatment' });

      const report = engagementReport([...cEvents, ...tEvents], {
        from: '2025-03-01',
        to: '2025-03-31',
        experiment: 'world-sim',
      });
      expect(report.variants.map((v) => [v.variant, v.users, v.engagementRate])).toEqual([
        ['control', 1, 1],
        ['treatment', 1, 1],
      ]);
    } finally {
      f.rt.config.experiment = null;
    }
  });
});
