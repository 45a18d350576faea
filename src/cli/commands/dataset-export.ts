import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  datasetFromChats,
  EXPORT_FORMATS,
  type ExportFormat,
  exportDataset,
  type FromChatsSummary,
  readItems,
} from '../../dataset/index.ts';
import { contextFor } from '../context.ts';
import { choiceOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';

/**
 * `ipet dataset from-chats` (real conversations, consenting users only, personal data scrubbed) and
 * `ipet dataset export` (OpenAI JSONL or ShareGPT JSON split by pet, dataset_info.json, datasheet.md,
 * lora.yaml) - issue 21 items 4 and 5.
 */
export function registerDatasetExport(dataset: Command, env: NodeJS.ProcessEnv): void {
  dataset
    .command('from-chats')
    .description(
      'turn the stored chats of users who consent now into dialogue items, personal data scrubbed; items of users who withdrew or were erased are removed',
    )
    .requiredOption('--out <dir>', 'dataset directory (items.jsonl; items from other sources are kept)')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const dir = resolve(opts.out);
      const summary = await withRuntime(ctx, (rt) =>
        datasetFromChats({ users: rt.store.users, pets: rt.store.pets, chats: rt.store.chats }, dir),
      );
      ctx.out.result({ out: dir, ...summary }, renderFromChats);
    });

  dataset
    .command('export')
    .description(
      'write accepted items as OpenAI chat fine-tuning JSONL or ShareGPT JSON, split by pet, with dataset_info.json, datasheet.md and a LLaMA-Factory lora.yaml',
    )
    .requiredOption('--in <dir>', 'dataset directory (items.jsonl)')
    .requiredOption('--format <format>', 'openai or sharegpt', choiceOption('--format', EXPORT_FORMATS))
    .requiredOption(
      '--out <file>',
      'output file; split by pet it becomes <name>.train/.validation/.test<ext> beside each other',
    )
    .option(
      '--split <how>',
      'pet (train/validation/test by pet) or none (one file)',
      choiceOption('--split', ['pet', 'none'] as const),
      'pet',
    )
    .option('--seed <s>', 'which pets go to which split', 'ipet')
    .option('--no-emotion', 'leave the [emotion] labels out of the pet turns (ablation variant)')
    .option('--include-pending', 'also export items not reviewed yet (rejected items never are)', false)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const dir = resolve(opts.in);
      const { items } = await readItems(dir);
      const chatUsers = new Set(
        items.flatMap((i) =>
          i.source === 'chats' && typeof i.meta.userId === 'string' ? [i.meta.userId] : [],
        ),
      );
      // Consent is checked again at export: an item of a user who withdrew since from-chats ran is left out.
      const consentingUsers =
        chatUsers.size === 0
          ? null
          : await withRuntime(ctx, async (rt) => {
              const ok = new Set<string>();
              for (const id of chatUsers) if ((await rt.store.users.get(id))?.trainingConsent) ok.add(id);
              return ok;
            });
      const summary = await exportDataset(items, {
        format: opts.format as ExportFormat,
        out: resolve(opts.out),
        labels: opts.emotion !== false,
        split: opts.split,
        seed: opts.seed,
        includePending: opts.includePending === true,
        consentingUsers,
        inputDir: dir,
        now: new Date(),
      });
      ctx.out.result(summary, (s) =>
        [
          ...Object.entries(s.files).map(
            ([split, file]) =>
              `${split.padEnd(10)} ${String(s.counts[split as 'train'] ?? 0).padStart(6)} items  ${file}`,
          ),
          `left out: ${s.leftOut.rejected} rejected, ${s.leftOut.pending} pending, ${s.leftOut.consentWithdrawn} consent withdrawn`,
          `wrote ${s.datasheet}, ${s.datasetInfo}, ${s.lora}`,
        ].join('\n'),
      );
    });
}

function renderFromChats(s: FromChatsSummary & { out: string }): string {
  const scrubbed = Object.entries(s.scrubbed)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return [
    `${s.items} chat items from ${s.sessions} sessions of ${s.consentingUsers} consenting users (${s.skippedUsers} users without consent left out)`,
    s.removed > 0 ? `removed ${s.removed} items of users who withdrew consent or were erased` : '',
    `scrubbed: ${scrubbed || 'nothing found'}`,
    `wrote ${s.out}/items.jsonl`,
  ]
    .filter(Boolean)
    .join('\n');
}
