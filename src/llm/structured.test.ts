import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModelUsageRecord } from '../core/index.ts';
import { generateStructured, ModelCallError, ModelOutputError } from '../core/index.ts';
import { httpError, textResult, usage } from '../test/index.ts';
import { guardForTest } from './testing/guarded-model.ts';

const schema = z.object({ mood: z.enum(['happy', 'sad']), note: z.string() });

/** A model answering each text in turn (the last one repeats). */
function answering(...texts: string[]) {
  const calls: LanguageModelV3CallOptions[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async (options) => {
      calls.push(options);
      return textResult(texts[Math.min(calls.length, texts.length) - 1] ?? '', usage(10, 5));
    },
  });
  return { model, calls };
}

const lastUserText = (options: LanguageModelV3CallOptions | undefined) => {
  const last = options?.prompt.at(-1);
  const part = last?.role === 'user' ? last.content[0] : undefined;
  return part?.type === 'text' ? part.text : '';
};

describe('generateStructured', () => {
  it('returns the validated object, asks for JSON schema output and tags the call', async () => {
    const { model, calls } = answering('{"mood":"happy","note":"sunny"}');
    const records: ModelUsageRecord[] = [];
    const { model: guarded } = guardForTest(model, { record: (r) => records.push(r) });
    const result = await generateStructured({
      model: guarded,
      schema,
      schemaName: 'mood',
      tags: { purpose: 'world', petId: 'pet_1' },
      prompt: 'How is the pet?',
    });
    expect(result).toEqual({
      object: { mood: 'happy', note: 'sunny' },
      attempts: 1,
      usage: { inputTokens: 10, outputTokens: 5 },
    });
    expect(calls[0]?.responseFormat).toMatchObject({ type: 'json', name: 'mood' });
    expect(records[0]).toMatchObject({ purpose: 'world', petId: 'pet_1', ok: true });
  });

  it('asks again, naming the problem, when the answer is not valid JSON', async () => {
    const { model, calls } = answering('sure! here it is', '{"mood":"sad","note":"rain"}');
    const result = await generateStructured({ model, schema, tags: { purpose: 'memory' }, prompt: 'p' });
    expect(result.object).toEqual({ mood: 'sad', note: 'rain' });
    expect(result.attempts).toBe(2);
    expect(result.usage).toEqual({ inputTokens: 20, outputTokens: 10 });
    expect(lastUserText(calls[1])).toContain('the answer was not valid JSON');
  });

  it('throws ModelOutputError after the last invalid attempt', async () => {
    const { model, calls } = answering('{"mood":"angry","note":"x"}');
    const error = await generateStructured({ model, schema, tags: { purpose: 'judge' }, prompt: 'p' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelOutputError);
    expect(error).toMatchObject({ purpose: 'judge', attempts: 3 });
    expect((error as ModelOutputError).problems[0]).toContain('did not match the schema');
    expect(calls).toHaveLength(3);
  });

  it('names what was invalid without quoting the answer (it may echo what the user wrote)', async () => {
    const { model, calls } = answering('{"mood":"angry","note":"my PIN is 4242"}');
    const error = (await generateStructured({
      model,
      schema,
      tags: { purpose: 'memory' },
      prompt: 'p',
    }).catch((e: unknown) => e)) as ModelOutputError;
    expect(error.problems[0]).toMatch(/^the JSON did not match the schema \(mood: /);
    expect(error.message).not.toContain('4242');
    expect(lastUserText(calls[1])).not.toContain('4242');
  });

  it('applies the semantic check and retries with its problems', async () => {
    const { model, calls } = answering('{"mood":"happy","note":""}', '{"mood":"happy","note":"ok"}');
    const result = await generateStructured({
      model,
      schema,
      tags: { purpose: 'world' },
      prompt: 'p',
      check: (value) => (value.note ? { ok: true, value } : { ok: false, problems: ['note is empty'] }),
    });
    expect(result.object.note).toBe('ok');
    expect(lastUserText(calls[1])).toContain('note is empty');
  });

  const longNotes = (value: { mood: 'happy' | 'sad'; note: string }) => {
    const words = value.note.split(' ');
    if (words.length < 3)
      return { ok: false as const, problems: [`note has ${words.length} words`], usable: value };
    return words.length > 4
      ? { ok: true as const, value: { ...value, note: words.slice(0, 4).join(' ') }, repairs: ['note cut'] }
      : { ok: true as const, value };
  };

  it('returns what the check repaired without asking again', async () => {
    const { model, calls } = answering('{"mood":"happy","note":"a b c d e f"}');
    const result = await generateStructured({
      model,
      schema,
      tags: { purpose: 'world' },
      prompt: 'p',
      check: longNotes,
    });
    expect(result).toMatchObject({ object: { note: 'a b c d' }, attempts: 1, repairs: ['note cut'] });
    expect(result.degraded).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('when no attempt passes, returns the best usable answer marked degraded instead of failing', async () => {
    const { model, calls } = answering(
      '{"mood":"happy","note":"a"}',
      '{"mood":"sad","note":"a b"}',
      '{"mood":"happy","note":"x"}',
    );
    // The sad answer has one problem, the happy ones two: the sad one is kept.
    const check = (value: { mood: 'happy' | 'sad'; note: string }) => ({
      ok: false as const,
      problems: value.mood === 'sad' ? ['short'] : ['short', 'happy'],
      usable: value,
    });
    const result = await generateStructured({
      model,
      schema,
      tags: { purpose: 'world' },
      prompt: 'p',
      check,
    });
    expect(calls).toHaveLength(3);
    expect(result).toMatchObject({ object: { mood: 'sad', note: 'a b' }, attempts: 3, degraded: ['short'] });
  });

  it('still throws ModelOutputError when nothing usable came back', async () => {
    const { model } = answering('{"mood":"happy","note":""}');
    const check = () => ({ ok: false as const, problems: ['empty'] });
    await expect(
      generateStructured({ model, schema, tags: { purpose: 'world' }, prompt: 'p', check }),
    ).rejects.toBeInstanceOf(ModelOutputError);
  });

  it('does not retry transport failures: the middleware already did', async () => {
    let calls = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        calls++;
        throw httpError(400);
      },
    });
    const { model: guarded } = guardForTest(model);
    const error = await generateStructured({
      model: guarded,
      schema,
      tags: { purpose: 'chat' },
      prompt: 'p',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(calls).toBe(1);
  });
});
