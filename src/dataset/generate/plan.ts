import type { Locale } from '../../core/index.ts';
import { renderPrompt } from '../../core/index.ts';
import { datasetPrompt } from '../prompts/templates.ts';
import type { DatasetKind } from '../record.ts';

/** How many items of each kind to make per pet, and how (`ipet dataset generate` flags). */
export interface GenerateMix {
  /** Multi-turn dialogues per pet. */
  dialogues: number;
  /** Character-knowledge Q&A pairs (SPE) per pet. */
  spe: number;
  /** Customised-instruction items (CUS) per pet. */
  cus: number;
  /** Generic-instruction items (RAW) per pet. */
  raw: number;
  /** Pairs asked for in one call. */
  batch: number;
  minTurns: number;
  maxTurns: number;
  /** Languages of the items, taken in turn. */
  locales: Locale[];
  /** Simulated users in the shared pool, spread over the locales. */
  users: number;
}

export const DEFAULT_MIX: GenerateMix = {
  dialogues: 6,
  spe: 8,
  cus: 4,
  raw: 4,
  batch: 4,
  minTurns: 3,
  maxTurns: 6,
  locales: ['en', 'zh'],
  users: 8,
};

/**
 * One unit of work: one model call that yields one dialogue or one batch of pairs. Its id is stable across
 * runs - `<pet>/<kind>/<n>` - so a resumed run skips the units whose items are already written, and raising a
 * count only adds units.
 */
export interface Unit {
  id: string;
  petId: string;
  kind: DatasetKind;
  index: number;
  locale: Locale;
  /** Pairs asked for (1 for a dialogue). */
  count: number;
}

export function planUnits(petIds: readonly string[], mix: GenerateMix): Unit[] {
  const locale = (i: number) => mix.locales[i % mix.locales.length] ?? 'en';
  const units: Unit[] = [];
  for (const petId of petIds) {
    for (let i = 0; i < mix.dialogues; i++) {
      units.push({
        id: `${petId}/dialogue/${i}`,
        petId,
        kind: 'dialogue',
        index: i,
        locale: locale(i),
        count: 1,
      });
    }
    for (const [k, kind] of (['spe', 'cus', 'raw'] as const).entries()) {
      const total = mix[kind];
      for (let b = 0, start = 0; start < total; b++, start += mix.batch) {
        const count = Math.min(mix.batch, total - start);
        units.push({ id: `${petId}/${kind}/${b}`, petId, kind, index: b, locale: locale(b + k), count });
      }
    }
  }
  return units;
}

/** A small stable hash, to spread pets over the persona pool and the focus lists. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What a batch of pairs is about (`focus.v1.<locale>.md`); SPE turns to the pet's lore entries in turn. */
export function focusFor(
  unit: Pick<Unit, 'kind' | 'index' | 'locale' | 'petId'>,
  loreLabels: readonly string[],
): string {
  const lines = datasetPrompt('focus', unit.locale)
    .text.split('\n')
    .filter((l) => l.startsWith(`${unit.kind}: `))
    .map((l) => l.slice(unit.kind.length + 2).trim());
  const lore = lines.filter((l) => l.includes('{{lore}}'));
  const plain = lines.filter((l) => !l.includes('{{lore}}'));
  const choices = [
    ...plain,
    ...(lore[0] ? loreLabels.map((label) => renderPrompt(lore[0] as string, { lore: label })) : []),
  ];
  const at = (unit.index + hashString(unit.petId)) % Math.max(1, choices.length);
  return choices[at] ?? unit.kind;
}
