import { generateText, Output } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scriptedModel } from '../../test/index.ts';
import { memoryJsonStore } from '../common/json-store.ts';
import { createJudge } from '../common/judge.ts';
import { worldJudgeSchema } from './world-judge.schema.ts';

describe('world judge schema (analyze-rate)', () => {
  it('puts the analysis before the rating, so that the model writes it first', () => {
    const json = z.toJSONSchema(worldJudgeSchema('richness')) as {
      properties: Record<string, { type: string; minimum?: number; maximum?: number }>;
      required: string[];
    };
    expect(Object.keys(json.properties)).toEqual(['analysis', 'rating']);
    expect(json.required).toEqual(['analysis', 'rating']);
    expect(json.properties.rating).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
  });

  it('allows 0 for Realism only', () => {
    expect(worldJudgeSchema('realism').safeParse({ analysis: 'no schedule', rating: 0 }).success).toBe(true);
    expect(worldJudgeSchema('attraction').safeParse({ analysis: 'x', rating: 0 }).success).toBe(false);
    expect(worldJudgeSchema('realism').safeParse({ analysis: 'x', rating: 6 }).success).toBe(false);
    expect(worldJudgeSchema('realism').safeParse({ analysis: 'x', rating: 3.5 }).success).toBe(false);
    expect(worldJudgeSchema('realism').safeParse({ analysis: '  ', rating: 3 }).success).toBe(false);
  });

  it('reaches the model as a JSON schema with the same order', async () => {
    const model = scriptedModel({ generate: () => ({ analysis: 'fine', rating: 4 }) });
    const { calls } = model;
    const judge = createJudge({ model, modelId: 'm', store: memoryJsonStore() });
    await judge.ask({
      schema: worldJudgeSchema('realism'),
      schemaName: 'judge_realism',
      system: 's',
      prompt: 'p',
    });
    const sent = calls[0]?.schema as { properties: Record<string, unknown> };
    expect(calls[0]?.name).toBe('judge_realism');
    expect(Object.keys(sent.properties)).toEqual(['analysis', 'rating']);
    // and the SDK keeps that order in what it parses back
    const { output } = await generateText({
      model,
      prompt: 'p',
      output: Output.object({ schema: worldJudgeSchema('realism') }),
    });
    expect(Object.keys(output)).toEqual(['analysis', 'rating']);
  });
});
