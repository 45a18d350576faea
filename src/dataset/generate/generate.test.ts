import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../dialogue/index.ts';
import { aPet, type ModelCall, scriptedModel, someFriends } from '../../test/index.ts';
import { readItems } from '../files.ts';
import { generateDataset } from './generate.ts';
import type { PetGrounding } from './grounding.ts';
import type { GenerateMix } from './plan.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ipet-dataset-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MIX: GenerateMix = {
  dialogues: 3,
  spe: 3,
  cus: 2,
  raw: 2,
  batch: 2,
  minTurns: 2,
  maxTurns: 3,
  locales: ['en', 'zh'],
  users: 4,
};

const pets: PetGrounding[] = ['pet_1', 'pet_2', 'pet_3'].map((id, i) => ({
  pet: aPet({ id, profile: { ...aPet().profile, name: ['Mochi', 'Pip', 'Hazel'][i] as string } }),
  friends: i === 0 ? someFriends() : [],
  days: [],
  lore:
    i === 1
      ? [{ id: 'card:1', label: 'the lighthouse', text: 'Pip keeps the old lighthouse lamp lit.' }]
      : [],
}));

const zh = (call: ModelCall) => /[\u4e00-\u9fff]/.test(call.prompt.slice(0, 40));

/** Answers every dataset call with schema-valid JSON (the number of items the schema asks for). */
function answer(call: ModelCall): unknown {
  const schema = call.schema as { properties: Record<string, { minItems?: number }> };
  const n = (key: string) => schema.properties[key]?.minItems ?? 1;
  const say = (en: string, cn: string) => (zh(call) ? cn : en);
  switch (call.name) {
    case 'dataset_user_personas':
      return {
        personas: Array.from({ length: n('personas') }, (_, i) => ({
          name: `User${i}`,
          ageBand: i === 1 ? 'minor' : 'adult',
          occupation: say('baker', '面包师'),
          situation: say('Busy week at work.', '这周工作很忙。'),
          style: say('Short messages.', '消息很短。'),
          topics: [say('the weather', '天气'), say('a new hobby', '新爱好')],
        })),
      };
    case 'dataset_dialogue':
      return {
        turns: Array.from({ length: n('turns') }, (_, i) => ({
          user: say(`How are you today, number ${i}?`, `你今天好吗？第${i}次`),
          pet: say(`I feel wonderful, thank you for asking ${i}!`, `我很好，谢谢你问我${i}！`),
          emotion: EMOTIONS[i % EMOTIONS.length],
        })),
      };
    default:
      return {
        pairs: Array.from({ length: n('pairs') }, (_, i) => ({
          instruction: say(`Tell me about thing ${i}.`, `讲讲第${i}件事。`),
          response: say(`Thing ${i} is lovely, I think.`, `第${i}件事很可爱。`),
          emotion: 'joy',
        })),
      };
  }
}

// 3 pets x (3 dialogues + SPE 2 batches + CUS 1 + RAW 1) = 21 units
const UNITS = 21;
const ITEMS = { dialogue: 9, spe: 9, cus: 6, raw: 6 };

describe('generateDataset', () => {
  it('writes labelled dialogues and SPE/CUS/RAW pairs for three pets, in both locales', async () => {
    const model = scriptedModel({ generate: answer });
    const done: string[] = [];
    let plan: [number, number] | null = null;
    const summary = await generateDataset(
      { model, modelId: 'scripted' },
      {
        dir,
        pets,
        mix: MIX,
        concurrency: 3,
        onPlan: (total, already) => {
          plan = [total, already];
        },
        onUnitDone: (unit) => done.push(unit.id),
      },
    );
    expect(plan).toEqual([UNITS, 0]);
    expect(done).toHaveLength(UNITS);
    expect(summary.counts).toEqual(ITEMS);
    expect(summary.units).toEqual({ total: UNITS, resumed: 0, written: UNITS, failed: 0 });

    const { items } = await readItems(dir);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.locale))).toEqual(new Set(['en', 'zh']));
    for (const item of items) {
      expect(item.messages.map((m) => m.role).join()).toMatch(/^(user,assistant,?)+$/);
      for (const m of item.messages.filter((x) => x.role === 'assistant')) {
        expect(EMOTIONS).toContain(m.emotion);
      }
    }
    // The emotion label is a schema enum in the structured output, never free text.
    const dialogueCall = model.callsNamed('dataset_dialogue')[0] as ModelCall;
    type Wire = { properties: { turns: { items: { properties: { emotion: { enum: string[] } } } } } };
    const turn = (dialogueCall.schema as Wire).properties.turns.items;
    expect(turn.properties.emotion.enum).toEqual([...EMOTIONS]);
    // Grounded: the pet's friends and lore reach the prompts; zh units get the zh prompt.
    expect(model.callsNamed('dataset_dialogue').some((c) => c.prompt.includes(someFriends()[0]!.name))).toBe(
      true,
    );
    expect(model.callsNamed('dataset_spe').some((c) => c.prompt.includes('lighthouse'))).toBe(true);
    expect(model.callsNamed('dataset_dialogue').filter(zh).length).toBeGreaterThan(0);
    // One pool of simulated users per locale, kept for resumed runs.
    expect(model.callsNamed('dataset_user_personas')).toHaveLength(2);
    const progress = JSON.parse(await readFile(join(dir, 'progress.json'), 'utf8'));
    expect(Object.keys(progress.personas).sort()).toEqual(['en', 'zh']);
  });

  it('resumes: failed units and a line cut by a kill are redone once, nothing is duplicated', async () => {
    let calls = 0;
    const flaky = scriptedModel({
      generate: (call) =>
        ++calls > 9 && call.name !== 'dataset_user_personas' ? new Error('down') : answer(call),
    });
    const first = await generateDataset(
      { model: flaky, modelId: 'scripted' },
      { dir, pets, mix: MIX, concurrency: 1 },
    );
    expect(first.units.failed).toBeGreaterThan(0);
    expect(first.units.written).toBe(7); // 9 calls: 2 for the user pools, 7 units
    // A kill in the middle of a write leaves half a line behind.
    await appendFile(join(dir, 'items.jsonl'), '{"id":"pet_3/raw/0/0","source":"gen');

    const model = scriptedModel({ generate: answer });
    const plans: number[] = [];
    const second = await generateDataset(
      { model, modelId: 'scripted' },
      { dir, pets, mix: MIX, concurrency: 4, onPlan: (_t, already) => plans.push(already) },
    );
    expect(plans).toEqual([7]);
    expect(second.units).toEqual({ total: UNITS, resumed: 7, written: UNITS - 7, failed: 0 });
    expect(model.callsNamed('dataset_user_personas')).toHaveLength(0);
    expect(model.calls).toHaveLength(UNITS - 7);
    expect(second.counts).toEqual(ITEMS);
    const { items, truncatedTail } = await readItems(dir);
    expect(truncatedTail).toBe(false);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);

    // A third run has nothing left to do.
    const idle = scriptedModel({ generate: answer });
    const third = await generateDataset(
      { model: idle, modelId: 'scripted' },
      { dir, pets, mix: MIX, concurrency: 2 },
    );
    expect(idle.calls).toHaveLength(0);
    expect(third.counts).toEqual(ITEMS);
  });
});
