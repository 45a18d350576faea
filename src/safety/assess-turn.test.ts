import { describe, expect, it } from 'vitest';
import type { Logger } from '../core/index.ts';
import { ConfigError, fixedClock, ModelCallError } from '../core/index.ts';
import { scriptedModel } from '../test/index.ts';
import { type AssessTurnDeps, assessTurn } from './assess-turn.ts';
import { createSafetyEventCounter, type SafetyEvents } from './events.ts';

const at = '2025-03-10T12:00:00Z';
const req = { locale: 'en' as const, userId: 'usr_1', petId: 'pet_1' };

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields: unknown }> = [];
  const log = (level: string) => (msg: string, fields?: unknown) => lines.push({ level, msg, fields });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

function setup(model?: AssessTurnDeps['model'], events: SafetyEvents = createSafetyEventCounter()) {
  const { logger, lines } = recordingLogger();
  const deps: AssessTurnDeps = { ...(model ? { model } : {}), events, clock: fixedClock(at), logger };
  return { deps, lines, events };
}

const none = { level: 'none', category: 'none', confidence: 0.95 } as const;

describe('assessTurn', () => {
  it('keeps a pattern crisis even when the model says none', async () => {
    const { deps } = setup(scriptedModel({ generate: [none] }));
    const result = await assessTurn(deps, { ...req, text: 'honestly kms' });
    expect(result).toMatchObject({
      level: 'crisis',
      category: 'suicide',
      signals: ['en.suicide.kms'],
      classifier: { status: 'ok', level: 'none' },
      patternsOnly: false,
      notice: 'crisis',
      steering: 'crisis',
    });
  });

  it('falls back to the patterns, and says so, when the model call fails', async () => {
    const down = new ModelCallError('connection refused', { kind: 'network' });
    const { deps, lines } = setup(scriptedModel({ generate: [down] }));
    const result = await assessTurn(deps, { ...req, text: 'I want to die' });
    expect(result).toMatchObject({
      level: 'crisis',
      notice: 'crisis',
      patternsOnly: true,
      classifier: { status: 'failed', error: 'model_unavailable' },
    });
    expect(lines.some((l) => l.level === 'warn' && l.msg.includes('classifier failed'))).toBe(true);
  });

  it('carries the failure kind: a model outage can be retried, a configuration error cannot', async () => {
    const down = new ModelCallError('connection refused', { kind: 'network' });
    const misconfigured = new ConfigError('the classifier model is not configured');
    const outcomes = [];
    for (const failure of [down, misconfigured]) {
      const { deps } = setup(scriptedModel({ generate: [failure] }));
      outcomes.push((await assessTurn(deps, { ...req, text: 'I want to die' })).classifier);
    }
    expect(outcomes).toEqual([
      {
        status: 'failed',
        error: 'model_unavailable',
        failure: expect.objectContaining({
          reason: 'model_unavailable:network',
          retryable: true,
          cause: down,
        }),
      },
      {
        status: 'failed',
        error: 'config',
        failure: expect.objectContaining({ code: 'config', retryable: false, cause: misconfigured }),
      },
    ]);
  });

  it('never throws into the chat turn, whatever the model does', async () => {
    for (const failure of [new Error('boom'), new TypeError('fetch failed')]) {
      const { deps } = setup(scriptedModel({ generate: [failure] }));
      const result = await assessTurn(deps, { ...req, text: 'how was your day?' });
      expect(result).toMatchObject({
        level: 'none',
        notice: null,
        steering: null,
        classifier: { status: 'failed', error: 'unexpected' },
      });
    }
    const { deps } = setup(scriptedModel({ generate: ['not json at all'] }));
    expect((await assessTurn(deps, { ...req, text: 'hello' })).classifier).toEqual({
      status: 'failed',
      error: 'model_output_invalid',
      failure: expect.objectContaining({ code: 'model_output_invalid', retryable: true }),
    });
  });

  it('reports an aborted classifier call as aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { deps } = setup(scriptedModel({ generate: [none] }));
    const result = await assessTurn(deps, { ...req, text: 'I want to die', abortSignal: controller.signal });
    expect(result.classifier).toEqual({
      status: 'failed',
      error: 'aborted',
      failure: expect.objectContaining({ retryable: true }),
    });
    expect(result.level).toBe('crisis');
  });

  it('lets a confident model raise the level where no pattern matched, with its category', async () => {
    const { deps } = setup(
      scriptedModel({ generate: [{ level: 'crisis', category: 'self_harm', confidence: 0.8 }] }),
    );
    const result = await assessTurn(deps, {
      ...req,
      text: 'I gave my cat to my sister and wrote everyone letters',
    });
    expect(result).toMatchObject({ level: 'crisis', category: 'self_harm', signals: [], notice: 'crisis' });
  });

  it("takes the model's risk only with the user's own words as evidence", async () => {
    const text = 'I gave my cat to my sister and wrote everyone letters';
    const grounded = setup(
      scriptedModel({
        generate: [
          { level: 'crisis', category: 'suicide', confidence: 0.9, evidence: 'Wrote everyone letters.' },
        ],
      }),
    );
    expect(await assessTurn(grounded.deps, { ...req, text })).toMatchObject({
      level: 'crisis',
      notice: 'crisis',
    });
    // a schema-filling answer: evidence that the user never wrote leaves the patterns' verdict (none here)
    const filler = setup(
      scriptedModel({
        generate: [
          { level: 'crisis', category: 'suicide', confidence: 0.9, evidence: 'morning lamp music yard' },
        ],
      }),
    );
    const ignored = await assessTurn(filler.deps, { ...req, text });
    expect(ignored).toMatchObject({ level: 'none', notice: null, patternsOnly: true });
    // too short to prove anything, unless it is the whole message
    const short = setup(
      scriptedModel({
        generate: [{ level: 'concern', category: 'suicide', confidence: 0.9, evidence: 'my' }],
      }),
    );
    expect((await assessTurn(short.deps, { ...req, text })).level).toBe('none');
    // earlier turns count as the user's words too
    const earlier = setup(
      scriptedModel({
        generate: [{ level: 'concern', category: 'suicide', confidence: 0.9, evidence: 'no point anymore' }],
      }),
    );
    const fromHistory = await assessTurn(earlier.deps, {
      ...req,
      text: 'ok',
      recentUserTurns: ['there is no point anymore'],
    });
    expect(fromHistory.level).toBe('concern');
  });

  it('counts an unsure model one level lower', async () => {
    const { deps } = setup(
      scriptedModel({ generate: [{ level: 'crisis', category: 'suicide', confidence: 0.3 }] }),
    );
    const result = await assessTurn(deps, { ...req, text: 'everything is grey lately' });
    expect(result).toMatchObject({ level: 'concern', notice: 'concern', steering: 'concern' });
    const stricter = setup(
      scriptedModel({ generate: [{ level: 'crisis', category: 'suicide', confidence: 0.3 }] }),
    );
    const raised = await assessTurn(stricter.deps, {
      ...req,
      text: 'everything is grey',
      minConfidence: 0.2,
    });
    expect(raised.level).toBe('crisis');
  });

  it('treats fiction about suicide as at least a concern even when the model says none', async () => {
    const { deps } = setup(scriptedModel({ generate: [none] }));
    const result = await assessTurn(deps, {
      ...req,
      text: 'In our story, my character wants to kill himself.',
    });
    expect(result).toMatchObject({ level: 'concern', steering: 'concern', notice: 'concern' });
  });

  it('asks the model only on a pattern hit with classifyWhen: flagged', async () => {
    const model = scriptedModel({ generate: [none] });
    const { deps } = setup(model);
    const quiet = await assessTurn(deps, { ...req, text: 'what a nice day', classifyWhen: 'flagged' });
    expect(quiet.classifier).toEqual({ status: 'skipped' });
    expect(model.doGenerateCalls).toHaveLength(0);
    await assessTurn(deps, { ...req, text: 'I want to disappear', classifyWhen: 'flagged' });
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('works on patterns alone without a model', async () => {
    const { deps } = setup();
    const result = await assessTurn(deps, { ...req, locale: 'zh', text: '我不想活了' });
    expect(result).toMatchObject({ level: 'crisis', classifier: { status: 'skipped' }, patternsOnly: true });
  });

  it('records crisis and concern events with the clock time and no text', async () => {
    const events = createSafetyEventCounter();
    const { deps } = setup(scriptedModel({ generate: [none] }), events);
    await assessTurn(deps, { ...req, text: 'I want to die' });
    await assessTurn(deps, { ...req, text: 'my character wants to kill himself' });
    await assessTurn(deps, { ...req, text: 'lovely weather' });
    expect(events.events).toEqual([
      { kind: 'crisis', userId: 'usr_1', at: new Date(at) },
      { kind: 'concern', userId: 'usr_1', at: new Date(at) },
    ]);
  });

  it('survives an events port that fails', async () => {
    const broken: SafetyEvents = {
      record: async () => {
        throw new Error('db down');
      },
    };
    const { deps, lines } = setup(undefined, broken);
    await expect(assessTurn(deps, { ...req, text: 'I want to die' })).resolves.toMatchObject({
      level: 'crisis',
    });
    expect(lines.some((l) => l.msg.includes('event not recorded'))).toBe(true);
  });

  it('never logs what the user wrote', async () => {
    const { deps, lines } = setup(scriptedModel({ generate: [new Error('boom')] }));
    await assessTurn(deps, { ...req, text: 'Bob, I want to kill myself tonight' });
    const logged = JSON.stringify(lines);
    expect(logged).not.toMatch(/Bob|tonight|kill myself/);
    expect(logged).toContain('en.suicide.kill-myself');
  });
});
