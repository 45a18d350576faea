import type { LanguageModel } from 'ai';
import { generateStructured, type Locale, renderPrompt } from '../../core/index.ts';
import { EMOTIONS } from '../../dialogue/index.ts';
import { crisisSteering } from '../../safety/index.ts';
import { dialogueSchema } from '../prompts/dialogue.schema.ts';
import { instructionPairsSchema } from '../prompts/pairs.schema.ts';
import { datasetPrompt } from '../prompts/templates.ts';
import type { DatasetItem, DatasetMessage } from '../record.ts';
import { groundingMeta, type PetGrounding, personaSheet, worldText } from './grounding.ts';
import { describeUser, type SimulatedUser } from './personas.ts';
import { focusFor, hashString, type Unit } from './plan.ts';

export interface UnitDeps {
  model: LanguageModel;
  /** Recorded on every item. */
  modelId: string;
}

export interface UnitResult {
  items: DatasetItem[];
  usage: { inputTokens: number; outputTokens: number };
}

const emotionList = () => EMOTIONS.join(', ');

function base(unit: Unit, g: PetGrounding, locale: Locale) {
  return {
    source: 'generated' as const,
    kind: unit.kind,
    petId: g.pet.id,
    petName: g.pet.profile.name,
    locale,
    system: personaSheet(g.pet.profile, locale),
  };
}

/** The simulated user and opening topic of dialogue `unit.index` (spread over the pool per pet). */
export function userFor(unit: Unit, pool: readonly SimulatedUser[]): { user: SimulatedUser; topic: string } {
  const n = pool.length;
  const offset = hashString(unit.petId) % n;
  const user = pool[(unit.index + offset) % n] as SimulatedUser;
  const round = Math.floor(unit.index / n);
  const topic = user.topics[round % Math.max(1, user.topics.length)] ?? user.situation;
  return { user, topic };
}

/** One dialogue: a structured call, then one item whose every pet turn carries its emotion label. */
export async function runDialogueUnit(
  deps: UnitDeps,
  input: {
    unit: Unit;
    grounding: PetGrounding;
    pool: readonly SimulatedUser[];
    minTurns: number;
    maxTurns: number;
  },
): Promise<UnitResult> {
  const { unit, grounding: g } = input;
  const { user, topic } = userFor(unit, input.pool);
  const template = datasetPrompt('dialogue', unit.locale);
  const turns =
    input.minTurns === input.maxTurns ? `${input.minTurns}` : `${input.minTurns}-${input.maxTurns}`;
  const result = await generateStructured({
    model: deps.model,
    schema: dialogueSchema(input.minTurns, input.maxTurns),
    schemaName: 'dataset_dialogue',
    tags: { purpose: 'other', petId: g.pet.id },
    prompt: renderPrompt(template, {
      persona: personaSheet(g.pet.profile, unit.locale),
      world: worldText(g, unit.locale),
      user: describeUser(user, unit.locale),
      topic,
      turns,
      emotions: emotionList(),
      safety: crisisSteering(unit.locale, 'crisis'),
    }),
    temperature: 0.9,
    maxOutputTokens: 350 * input.maxTurns + 200,
  });
  const messages: DatasetMessage[] = result.object.turns.flatMap((t) => [
    { role: 'user' as const, content: t.user },
    { role: 'assistant' as const, content: t.pet, emotion: t.emotion },
  ]);
  if (messages.length < 2) return { items: [], usage: result.usage };
  const item: DatasetItem = {
    id: `${unit.id}/0`,
    ...base(unit, g, unit.locale),
    messages,
    meta: {
      unit: unit.id,
      prompt: template.id,
      model: deps.modelId,
      simulatedUser: { name: user.name, ageBand: user.ageBand, occupation: user.occupation },
      topic,
      ...groundingMeta(g),
    },
  };
  return { items: [item], usage: result.usage };
}

/** One batch of SPE, CUS or RAW pairs: a structured call, then one single-exchange item per pair. */
export async function runPairsUnit(
  deps: UnitDeps,
  input: { unit: Unit; grounding: PetGrounding },
): Promise<UnitResult> {
  const { unit, grounding: g } = input;
  const kind = unit.kind === 'dialogue' ? 'spe' : unit.kind;
  const template = datasetPrompt(kind, unit.locale);
  const focus = focusFor(
    unit,
    g.lore.map((l) => l.label),
  );
  const result = await generateStructured({
    model: deps.model,
    schema: instructionPairsSchema(unit.count),
    schemaName: `dataset_${kind}`,
    tags: { purpose: 'other', petId: g.pet.id },
    prompt: renderPrompt(template, {
      count: unit.count,
      persona: personaSheet(g.pet.profile, unit.locale),
      world: worldText(g, unit.locale),
      focus,
      emotions: emotionList(),
    }),
    temperature: 0.9,
    maxOutputTokens: 450 * unit.count + 200,
  });
  const items = result.object.pairs.map(
    (p, j): DatasetItem => ({
      id: `${unit.id}/${j}`,
      ...base(unit, g, unit.locale),
      messages: [
        { role: 'user', content: p.instruction },
        { role: 'assistant', content: p.response, emotion: p.emotion },
      ],
      meta: {
        unit: unit.id,
        prompt: template.id,
        model: deps.modelId,
        focus,
        ...(kind === 'raw' ? {} : groundingMeta(g)),
      },
    }),
  );
  return { items, usage: result.usage };
}
