import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanguageModel } from 'ai';
import { z } from 'zod';
import { LOCALES, type Locale, type Logger, mapWithConcurrency } from '../../core/index.ts';
import { itemAppender, readItems, readJson, writeAtomic } from '../files.ts';
import { SIM_AGE_BANDS } from '../prompts/personas.schema.ts';
import { DATASET_PROMPT_VERSION } from '../prompts/templates.ts';
import { DATASET_FILES, type DatasetItem, type DatasetKind } from '../record.ts';
import type { PetGrounding } from './grounding.ts';
import { generateSimulatedUsers, type PersonaPool } from './personas.ts';
import { type GenerateMix, planUnits, type Unit } from './plan.ts';
import { runDialogueUnit, runPairsUnit } from './units.ts';

export interface GenerateDeps {
  model: LanguageModel;
  modelId: string;
  logger?: Logger;
}

export interface GenerateInput {
  dir: string;
  pets: PetGrounding[];
  mix: GenerateMix;
  /** Model calls in flight. */
  concurrency: number;
  /** Called once the work is known: units in all, and how many an earlier run already wrote. */
  onPlan?: (total: number, alreadyDone: number) => void;
  onUnitDone?: (unit: Unit, outcome: 'written' | 'failed') => void;
}

export interface GenerateSummary {
  dir: string;
  /** Generated items of each kind in the directory after the run (earlier runs included; from-chats items not). */
  counts: Record<DatasetKind, number>;
  units: { total: number; resumed: number; written: number; failed: number };
  failures: Array<{ unit: string; error: string }>;
  usage: { calls: number; inputTokens: number; outputTokens: number };
}

const storedUserSchema = z.object({
  name: z.string().min(1),
  ageBand: z.enum(SIM_AGE_BANDS),
  occupation: z.string(),
  situation: z.string(),
  style: z.string(),
  topics: z.array(z.string()),
});
const progressSchema = z.object({
  version: z.literal(1),
  promptVersion: z.string(),
  personas: z.partialRecord(z.enum(LOCALES), z.array(storedUserSchema)),
});
type Progress = { version: 1; promptVersion: string; personas: PersonaPool };

/**
 * `ipet dataset generate`: for each pet, dialogues with simulated users and SPE/CUS/RAW pairs, written to
 * `<dir>/items.jsonl` one unit (one model call) at a time. Resumable: the simulated-user pool is kept in
 * `progress.json`, every unit has a stable id, and a rerun skips the units whose items are in the file (a
 * line cut short by a kill is dropped), so nothing is duplicated and counts end complete. A failed unit is
 * reported and left for the next run; the others go on.
 */
export async function generateDataset(deps: GenerateDeps, input: GenerateInput): Promise<GenerateSummary> {
  const usage = { calls: 0, inputTokens: 0, outputTokens: 0 };
  const add = (u: { inputTokens: number; outputTokens: number }) => {
    usage.calls++;
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
  };
  await mkdir(input.dir, { recursive: true });
  const existing = await readItems(input.dir);
  const progressPath = join(input.dir, DATASET_FILES.progress);
  const progress = await loadProgress(progressPath);
  const append = itemAppender(input.dir, existing);

  const units = planUnits(
    input.pets.map((g) => g.pet.id),
    input.mix,
  );
  const done = new Set(existing.items.map((i) => String(i.meta.unit ?? '')));
  const pending = units.filter((u) => !done.has(u.id));
  input.onPlan?.(units.length, units.length - pending.length);

  const pool = await ensurePool(deps, progress, progressPath, input, pending, add);
  const byPet = new Map(input.pets.map((g) => [g.pet.id, g]));
  const failures: GenerateSummary['failures'] = [];
  let written = 0;
  await mapWithConcurrency(pending, input.concurrency, async (unit) => {
    const grounding = byPet.get(unit.petId) as PetGrounding;
    try {
      const result =
        unit.kind === 'dialogue'
          ? await runDialogueUnit(deps, {
              unit,
              grounding,
              pool: pool[unit.locale] ?? [],
              minTurns: input.mix.minTurns,
              maxTurns: input.mix.maxTurns,
            })
          : await runPairsUnit(deps, { unit, grounding });
      add(result.usage);
      if (result.items.length === 0) throw new Error('the answer held no usable item');
      await append(result.items);
      written++;
      input.onUnitDone?.(unit, 'written');
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      failures.push({ unit: unit.id, error: message ?? 'failed' });
      deps.logger?.warn('dataset unit failed', { unit: unit.id, error: message });
      input.onUnitDone?.(unit, 'failed');
    }
  });
  await append([]);
  const after = await readItems(input.dir);
  return {
    dir: input.dir,
    counts: countKinds(after.items.filter((i) => i.source === 'generated')),
    units: { total: units.length, resumed: units.length - pending.length, written, failed: failures.length },
    failures,
    usage,
  };
}

export function countKinds(items: readonly DatasetItem[]): Record<DatasetKind, number> {
  const counts: Record<DatasetKind, number> = { dialogue: 0, spe: 0, cus: 0, raw: 0 };
  for (const item of items) counts[item.kind]++;
  return counts;
}

async function loadProgress(path: string): Promise<Progress> {
  const raw = await readJson(path);
  const parsed = progressSchema.safeParse(raw);
  if (raw !== undefined && parsed.success) return parsed.data as Progress;
  // A missing or unreadable file: the pool is generated again (items already written are kept).
  return { version: 1, promptVersion: DATASET_PROMPT_VERSION, personas: {} };
}

/** The simulated users of every locale a pending dialogue needs, generated once and kept in progress.json. */
async function ensurePool(
  deps: GenerateDeps,
  progress: Progress,
  path: string,
  input: GenerateInput,
  pending: readonly Unit[],
  add: (u: { inputTokens: number; outputTokens: number }) => void,
): Promise<PersonaPool> {
  const needed = new Set<Locale>(pending.filter((u) => u.kind === 'dialogue').map((u) => u.locale));
  const perLocale = Math.max(1, Math.ceil(input.mix.users / Math.max(1, input.mix.locales.length)));
  let changed = false;
  for (const locale of needed) {
    if ((progress.personas[locale] ?? []).length > 0) continue;
    const { users, usage } = await generateSimulatedUsers(deps, { locale, count: perLocale });
    add(usage);
    if (users.length === 0) throw new Error(`no simulated users could be generated for ${locale}`);
    progress.personas[locale] = users;
    changed = true;
  }
  if (changed) await writeAtomic(path, `${JSON.stringify(progress, null, 2)}\n`);
  return progress.personas;
}
