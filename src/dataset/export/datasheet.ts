import type { DatasetItem } from '../record.ts';
import type { ExportFormat } from './formats.ts';
import { SPLITS, type Split } from './split.ts';

export interface LeftOut {
  rejected: number;
  /** Not reviewed yet (no review, or status pending) and not asked for with --include-pending. */
  pending: number;
  /** `chats` items whose user no longer consents (or was erased). */
  consentWithdrawn: number;
}

export interface DatasheetInput {
  name: string;
  createdAt: string;
  inputDir: string;
  format: ExportFormat;
  labels: boolean;
  splitBy: 'pet' | 'none';
  seed: string;
  files: Partial<Record<Split | 'all', string>>;
  /** What went into each file. */
  exported: Partial<Record<Split | 'all', readonly DatasetItem[]>>;
  /** Items left out as rejected (their filter/review reasons are counted). */
  rejectedItems: readonly DatasetItem[];
  leftOut: LeftOut;
}

type Column = Split | 'all';

function countBy(
  items: readonly DatasetItem[],
  key: (i: DatasetItem) => string | string[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) {
    const keys = key(item);
    for (const k of Array.isArray(keys) ? keys : [keys]) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

const emotionsOf = (i: DatasetItem) =>
  i.messages.filter((m) => m.role === 'assistant').map((m) => m.emotion ?? '(none)');

/**
 * The datasheet (markdown) of one export: what is in each file, counted per source, pet, language, kind and
 * the pet's emotion labels, and what was left out and why (filter reasons of rejected items). Every count is
 * computed from the items written to the files, so it matches them.
 */
export function renderDatasheet(d: DatasheetInput): string {
  const columns = (Object.keys(d.exported) as Column[]).sort(
    (a, b) => [...SPLITS, 'all'].indexOf(a) - [...SPLITS, 'all'].indexOf(b),
  );
  const all = columns.flatMap((c) => d.exported[c] ?? []);
  const table = (title: string, head: string, key: (i: DatasetItem) => string | string[], note = '') => {
    const per = new Map(columns.map((c) => [c, countBy(d.exported[c] ?? [], key)]));
    const keys = [...countBy(all, key).keys()].sort();
    const lines = [
      `## ${title}`,
      '',
      ...(note ? [note, ''] : []),
      `| ${head} | ${columns.join(' | ')} | total |`,
      `|---|${columns.map(() => '---:|').join('')}---:|`,
    ];
    for (const k of keys) {
      const cells = columns.map((c) => per.get(c)?.get(k) ?? 0);
      lines.push(`| ${k} | ${cells.join(' | ')} | ${cells.reduce((a, b) => a + b, 0)} |`);
    }
    if (keys.length === 0) lines.push(`| (none) | ${columns.map(() => '0').join(' | ')} | 0 |`);
    return [...lines, ''];
  };

  const petSplit = new Map<string, { name: string; split: Column; n: number }>();
  for (const c of columns) {
    for (const i of d.exported[c] ?? []) {
      const row = petSplit.get(i.petId) ?? { name: i.petName, split: c, n: 0 };
      row.n++;
      petSplit.set(i.petId, row);
    }
  }
  const reasons = countBy(d.rejectedItems, (i) =>
    i.review?.reasons.length ? i.review.reasons : ['(no reason given)'],
  );

  const lines = [
    `# Datasheet: ${d.name}`,
    '',
    `Made by \`ipet dataset export\` at ${d.createdAt} from \`${d.inputDir}\`.`,
    '',
    `- format: ${d.format === 'openai' ? 'OpenAI chat fine-tuning JSONL' : 'ShareGPT JSON (LLaMA-Factory, see dataset_info.json)'}`,
    `- emotion labels: ${d.labels ? 'yes, `[label]` at the start of every pet turn (as the chat prompt asks)' : 'no (ablation variant)'}`,
    `- split: ${d.splitBy === 'pet' ? `by pet (seed \`${d.seed}\`): no pet appears in two splits, test personas are unseen in training` : 'none (one file)'}`,
    '- included: accepted items only, unless exported with --include-pending (then not-yet-reviewed items too); rejected items never',
    '',
    '## Files',
    '',
    '| split | file | items | pets |',
    '|---|---|---:|---:|',
    ...columns.map((c) => {
      const items = d.exported[c] ?? [];
      return `| ${c} | ${d.files[c] ?? ''} | ${items.length} | ${new Set(items.map((i) => i.petId)).size} |`;
    }),
    '',
    ...table('Items by source', 'source', (i) => i.source),
    ...table('Items by language', 'language', (i) => i.locale),
    ...table(
      'Items by kind',
      'kind',
      (i) => i.kind,
      'dialogue; spe = character knowledge, cus = customised, raw = generic instructions (RoleCraft-GLM).',
    ),
    ...table('Items by pet', 'pet', (i) => `${i.petName} (${i.petId})`),
    ...table('Pet utterances by emotion', 'emotion', emotionsOf),
    '## Left out',
    '',
    '| reason | items |',
    '|---|---:|',
    `| rejected | ${d.leftOut.rejected} |`,
    `| pending | ${d.leftOut.pending} |`,
    `| consent withdrawn | ${d.leftOut.consentWithdrawn} |`,
    '',
    '## Filter reasons (rejected items)',
    '',
    '| reason | items |',
    '|---|---:|',
    ...([...reasons.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([r, n]) => `| ${r} | ${n} |`) as string[]),
    ...(reasons.size === 0 ? ['| (none) | 0 |'] : []),
    '',
    '## Personal data',
    '',
    'Items from real chats (source `chats`) come only from users who consented at the time of the run and of this export; names, e-mail addresses, phone numbers, addresses and id numbers were replaced by placeholders ([NAME], [EMAIL], [PHONE], [ADDRESS], [ID]).',
    '',
    '## Training',
    '',
    "`lora.yaml` beside this file is a LLaMA-Factory LoRA configuration with the papers' hyper-parameters as a starting point (iPET section 3.1: context 2,048, learning rate 5e-6 with cosine decay and 0.1 warm-up, batch 2 with 4 accumulation steps, 3 epochs).",
    '',
  ];
  return `${lines.join('\n')}`;
}
