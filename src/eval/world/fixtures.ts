/** Records and reports for the world evaluation's tests (imported by tests only). */
import type { WorldMethod, WorldMode } from '../../core/index.ts';
import { aggregateWorld } from './aggregate.ts';
import type { WorldReport } from './report.ts';
import type { WorldEvalRecord } from './run-world-eval.ts';

export function aRecord(
  mode: WorldMode,
  method: WorldMethod,
  ratings: [number, number, number, number] | null,
  overrides: Partial<WorldEvalRecord> = {},
): WorldEvalRecord {
  const [realism, consistency, richness, attraction] = ratings ?? [0, 0, 0, 0];
  const score = (rating: number) => ({ analysis: `rated ${rating}`, rating });
  return {
    sampleId: 'mochi+ada',
    locale: 'en',
    pet: 'mochi',
    owner: 'ada',
    mode,
    method,
    date: '2025-05-12',
    status: ratings ? 'ok' : 'failed',
    error: ratings ? null : 'boom',
    day: null,
    scores: ratings
      ? {
          realism: score(realism),
          consistency: score(consistency),
          richness: score(richness),
          attraction: score(attraction),
        }
      : {},
    judgePromptVersion: 'world-judge@v1/en',
    usage: {
      generation: { calls: 3, inputTokens: 1000, outputTokens: 200 },
      judge: { calls: 4, inputTokens: 400, outputTokens: 80 },
    },
    cached: { day: false, judgements: 0 },
    ...overrides,
  };
}

export function aReport(records: WorldEvalRecord[], simulator = false): WorldReport {
  const modes = [...new Set(records.map((r) => r.mode))];
  const methods = [...new Set(records.map((r) => r.method))];
  return {
    kind: 'ipet-eval-world',
    version: 1,
    simulator,
    warning: simulator ? 'SIMULATOR — these numbers measure nothing' : null,
    createdAt: '2025-05-12T06:00:00.000Z',
    setup: {
      companion: { model: 'companion-m', simulator },
      judge: { model: 'judge-m', simulator: false },
      samples: 2,
      seed: '1',
      modes,
      methods,
      now: '2025-05-12T06:00:00.000Z',
      promptVersions: { world: 'v1', eval: 'v1' },
      friendPools: { en: 20 },
    },
    table: aggregateWorld(records, modes, methods),
    records,
  };
}
