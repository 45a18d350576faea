import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { readJson, writeAtomic } from '../files.ts';
import type { DatasetItem } from '../record.ts';
import { type LeftOut, renderDatasheet } from './datasheet.ts';
import { datasetInfoEntry, type ExportFormat, render } from './formats.ts';
import { renderLoraConfig } from './lora-config.ts';
import { SPLITS, type Split, splitPets } from './split.ts';

export interface ExportOptions {
  format: ExportFormat;
  /** The output file; with a split, `<stem>.train<ext>`, `<stem>.validation<ext>`, `<stem>.test<ext>` beside it. */
  out: string;
  /** Emotion labels in the pet's text (`[joy] ...`); false for the ablation variant. */
  labels: boolean;
  /** `pet` (default): train/validation/test by pet; `none`: everything in `out`. */
  split: 'pet' | 'none';
  seed: string;
  /** Also export items not reviewed yet (no review or status pending). Rejected items never are. */
  includePending: boolean;
  /** Users who consent now; `chats` items of anyone else are left out. Null: there are no `chats` items. */
  consentingUsers: ReadonlySet<string> | null;
  /** Where the items came from (for the datasheet). */
  inputDir: string;
  now: Date;
}

/** Which line of which file is which item: `eval reference --test` reads the kinds from it. */
export interface ExportManifest {
  kind: 'ipet-dataset-export';
  version: 1;
  format: ExportFormat;
  labels: boolean;
  files: Partial<Record<Split | 'all', { file: string; items: ManifestItem[] }>>;
}

export interface ManifestItem {
  id: string;
  kind: DatasetItem['kind'];
  source: DatasetItem['source'];
  petId: string;
  petName: string;
  locale: DatasetItem['locale'];
}

export interface ExportSummary {
  files: Partial<Record<Split | 'all', string>>;
  counts: Partial<Record<Split | 'all', number>>;
  pets: Partial<Record<Split | 'all', number>>;
  leftOut: LeftOut;
  datasheet: string;
  datasetInfo: string;
  lora: string;
  manifest: string;
}

const isPending = (i: DatasetItem) => !i.review || i.review.status === 'pending';

/** Writes the export's files: the split files, dataset_info.json, datasheet.md, lora.yaml and a manifest. */
export async function exportDataset(items: readonly DatasetItem[], o: ExportOptions): Promise<ExportSummary> {
  const leftOut: LeftOut = { rejected: 0, pending: 0, consentWithdrawn: 0 };
  const rejectedItems: DatasetItem[] = [];
  const kept: DatasetItem[] = [];
  for (const item of items) {
    const userId = typeof item.meta.userId === 'string' ? item.meta.userId : '';
    const reason: keyof LeftOut | null =
      item.source === 'chats' && !o.consentingUsers?.has(userId)
        ? 'consentWithdrawn'
        : item.review?.status === 'rejected'
          ? 'rejected'
          : isPending(item) && !o.includePending
            ? 'pending'
            : null;
    if (reason) {
      leftOut[reason]++;
      if (reason === 'rejected') rejectedItems.push(item);
    } else kept.push(item);
  }

  const dir = dirname(o.out);
  const ext = extname(o.out) || (o.format === 'openai' ? '.jsonl' : '.json');
  const stem = basename(o.out, extname(o.out));
  const groups: Partial<Record<Split | 'all', DatasetItem[]>> = {};
  if (o.split === 'none') {
    groups.all = kept;
  } else {
    const assignment = splitPets(
      kept.map((i) => i.petId),
      o.seed,
    );
    for (const split of SPLITS) groups[split] = kept.filter((i) => assignment.get(i.petId) === split);
  }
  const fileOf = (g: Split | 'all') => (g === 'all' ? `${stem}${ext}` : `${stem}.${g}${ext}`);

  await mkdir(dir, { recursive: true });
  const files: ExportSummary['files'] = {};
  const counts: ExportSummary['counts'] = {};
  const pets: ExportSummary['pets'] = {};
  const manifest: ExportManifest = {
    kind: 'ipet-dataset-export',
    version: 1,
    format: o.format,
    labels: o.labels,
    files: {},
  };
  const info = ((await readJson(join(dir, 'dataset_info.json'))) ?? {}) as Record<string, unknown>;
  for (const [g, group] of Object.entries(groups) as [Split | 'all', DatasetItem[]][]) {
    const file = fileOf(g);
    await writeAtomic(join(dir, file), render(o.format, group, o.labels));
    files[g] = join(dir, file);
    counts[g] = group.length;
    pets[g] = new Set(group.map((i) => i.petId)).size;
    info[`${stem}_${g}`] = datasetInfoEntry(o.format, file);
    manifest.files[g] = {
      file,
      items: group.map((i) => ({
        id: i.id,
        kind: i.kind,
        source: i.source,
        petId: i.petId,
        petName: i.petName,
        locale: i.locale,
      })),
    };
  }

  const paths = {
    datasheet: join(dir, 'datasheet.md'),
    datasetInfo: join(dir, 'dataset_info.json'),
    lora: join(dir, 'lora.yaml'),
    manifest: join(dir, `${stem}.manifest.json`),
  };
  await writeAtomic(paths.datasetInfo, `${JSON.stringify(info, null, 2)}\n`);
  await writeAtomic(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeAtomic(
    paths.lora,
    renderLoraConfig({
      train: `${stem}_${o.split === 'none' ? 'all' : 'train'}`,
      validation: o.split === 'none' || (counts.validation ?? 0) === 0 ? null : `${stem}_validation`,
    }),
  );
  await writeAtomic(
    paths.datasheet,
    renderDatasheet({
      name: stem,
      createdAt: o.now.toISOString(),
      inputDir: o.inputDir,
      format: o.format,
      labels: o.labels,
      splitBy: o.split,
      seed: o.seed,
      files: Object.fromEntries(Object.entries(groups).map(([g]) => [g, fileOf(g as Split | 'all')])),
      exported: groups,
      rejectedItems,
      leftOut,
    }),
  );
  return { files, counts, pets, leftOut, ...paths };
}
