import { describe, expect, it } from 'vitest';
import type { LogFields } from '../../core/index.ts';
import { ModelCallError } from '../../core/index.ts';
import { watchRateLimits } from './rate-limit-watch.ts';

function recording() {
  const lines: Array<[string, string, LogFields | undefined]> = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push([level, msg, fields]);
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('watchRateLimits', () => {
  it("reports the retry middleware's 429 retries with their delay", () => {
    const seen: Array<number | undefined> = [];
    const { lines, logger } = recording();
    const watched = watchRateLimits(logger, (ms) => seen.push(ms));
    watched.debug('model call failed, retrying', { kind: 'rate-limited', status: 429, delayMs: 1000 });
    watched.debug('model call failed, retrying', { kind: 'http', status: 500, delayMs: 300 });
    expect(seen).toEqual([1000]);
    expect(lines).toHaveLength(2);
  });

  it('reports a rate-limited ModelCallError logged after the retries ran out', () => {
    const seen: Array<number | undefined> = [];
    const watched = watchRateLimits(recording().logger, (ms) => seen.push(ms));
    const error = new ModelCallError('429', { kind: 'rate-limited', status: 429, retryAfterMs: 5000 });
    watched.error('memory extraction failed', { error });
    watched.error('memory extraction failed', { error: new ModelCallError('down', { kind: 'network' }) });
    watched.info('no fields');
    expect(seen).toEqual([5000]);
  });
});
