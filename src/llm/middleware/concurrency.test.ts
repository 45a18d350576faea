import type { LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { streamOf, textParts, textResult } from '../../test/index.ts';
import { createSemaphore, type Limiter } from '../policy/semaphore.ts';
import { guardForTest, settle, userPrompt } from '../testing/guarded-model.ts';

describe('concurrency middleware', () => {
  it('keeps at most n calls in the model and serves the queue in order', async () => {
    const started: number[] = [];
    const gates: Array<() => void> = [];
    let inside = 0;
    let maxInside = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async (options) => {
        const part = options.prompt[0]?.content[0];
        started.push(Number(part && typeof part === 'object' && 'text' in part ? part.text : -1));
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise<void>((resolve) => gates.push(resolve));
        inside--;
        return textResult('ok');
      },
    });
    const semaphore = createSemaphore(2);
    const { model: guarded } = guardForTest(model, { semaphore });
    const calls = [1, 2, 3, 4, 5].map((n) =>
      guarded.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: String(n) }] }] }),
    );
    await settle();
    expect(started).toEqual([1, 2]);
    while (gates.length > 0) {
      gates.shift()?.();
      await settle();
    }
    await Promise.all(calls);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(maxInside).toBe(2);
  });

  it('holds the permit of a stream until it ends or is cancelled', async () => {
    const model = new MockLanguageModelV3({ doStream: async () => ({ stream: streamOf(textParts(['a'])) }) });
    const semaphore = createSemaphore(1);
    const { model: guarded } = guardForTest(model, { semaphore });
    const first = await guarded.doStream(userPrompt);
    expect(semaphore.active).toBe(1);
    const reader = first.stream.getReader();
    const parts: LanguageModelV3StreamPart[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    expect(parts.at(-1)?.type).toBe('finish');
    expect(semaphore.active).toBe(0);

    const second = await guarded.doStream(userPrompt);
    expect(semaphore.active).toBe(1);
    await second.stream.cancel();
    expect(semaphore.active).toBe(0);
  });

  it('takes a permit from the external limiter too, and gives both back', async () => {
    const log: string[] = [];
    const external: Limiter = {
      acquire: async () => {
        log.push('acquire');
        return () => log.push('release');
      },
    };
    const semaphore = createSemaphore(1);
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        log.push(`model (local active: ${semaphore.active})`);
        return textResult('ok');
      },
    });
    const { model: guarded } = guardForTest(model, { semaphore, limiter: external });
    await guarded.doGenerate(userPrompt);
    expect(log).toEqual(['acquire', 'model (local active: 1)', 'release']);
    expect(semaphore.active).toBe(0);
  });

  it('lets a chat call through while background calls hold every other permit', async () => {
    const gates: Array<() => void> = [];
    const started: string[] = [];
    const model = new MockLanguageModelV3({
      doGenerate: async (options) => {
        const purpose = (options.providerOptions?.['ipet'] as { purpose?: string } | undefined)?.purpose;
        started.push(purpose ?? '?');
        if (purpose !== 'chat') await new Promise<void>((resolve) => gates.push(resolve));
        return textResult('ok');
      },
    });
    const semaphore = createSemaphore(2, { reserve: 1 });
    const { model: guarded } = guardForTest(model, { semaphore });
    const call = (purpose: string) =>
      guarded.doGenerate({ ...userPrompt, providerOptions: { ipet: { purpose } } });
    // A night's batch: three calls that hang; only one may hold a permit.
    const night = ['memory', 'world', 'memory'].map(call);
    await settle();
    expect(started).toEqual(['memory']);
    await call('chat');
    expect(started).toEqual(['memory', 'chat']);
    while (gates.length > 0 || started.length < 4) {
      gates.shift()?.();
      await settle();
    }
    await Promise.all(night);
    expect(semaphore.active).toBe(0);
  });
});
