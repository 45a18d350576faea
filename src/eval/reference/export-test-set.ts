import { z } from 'zod';
import { ValidationError } from '../../core/index.ts';
import { parseReferenceDataset, type ReferenceItem } from './dataset.ts';

/**
 * The test file of an `ipet dataset export` (OpenAI JSONL or ShareGPT JSON, detected from the text) as
 * reference lines: the system message is the persona, the first user turn the query and the pet's first reply
 * the reference (its leading `[emotion]` label removed: ROUGE-L compares words). The export's manifest
 * (`<name>.manifest.json`) gives each line's kind (RoleCraft-GLM's RAW/CUS/SPE, or dialogue), pet and
 * language; without it the kind is `unknown`.
 */
const openAiLine = z.object({
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).min(2),
});
const shareGpt = z.array(
  z.object({
    conversations: z.array(z.object({ from: z.enum(['human', 'gpt']), value: z.string() })).min(2),
    system: z.string().optional(),
  }),
);
export const exportManifestSchema = z.object({
  kind: z.literal('ipet-dataset-export'),
  files: z.record(
    z.string(),
    z.object({
      file: z.string(),
      items: z.array(
        z.object({ id: z.string(), kind: z.string(), petName: z.string(), locale: z.enum(['en', 'zh']) }),
      ),
    }),
  ),
});
export type ExportManifestFile = z.infer<typeof exportManifestSchema>;

interface Turns {
  system: string;
  user: string;
  assistant: string;
}

const LEADING_LABEL = /^\s*[[【［][^\]】］\n]{1,32}[\]】］]\s*/;

function turnsOf(text: string, source: string): Turns[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = shareGpt.safeParse(JSON.parse(trimmed));
    if (!parsed.success) throw new ValidationError(`${source}: not a ShareGPT export`, []);
    return parsed.data.map((r) => ({
      system: r.system ?? '',
      user: r.conversations.find((c) => c.from === 'human')?.value ?? '',
      assistant: r.conversations.find((c) => c.from === 'gpt')?.value ?? '',
    }));
  }
  return trimmed
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const parsed = openAiLine.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new ValidationError(`${source}: line ${i + 1} is not an OpenAI chat line`, []);
      const m = parsed.data.messages;
      return {
        system: m.find((x) => x.role === 'system')?.content ?? '',
        user: m.find((x) => x.role === 'user')?.content ?? '',
        assistant: m.find((x) => x.role === 'assistant')?.content ?? '',
      };
    });
}

/** Reference items of an export's test file; `manifest` is the export's manifest when it was found. */
export function parseExportTestSet(
  text: string,
  source: string,
  manifest: ExportManifestFile | null,
  fileName: string,
): ReferenceItem[] {
  const turns = turnsOf(text, source);
  const entry = manifest ? Object.values(manifest.files).find((f) => f.file === fileName) : undefined;
  if (manifest && (!entry || entry.items.length !== turns.length)) {
    throw new ValidationError(
      `${source}: the export's manifest does not list this file's ${turns.length} lines`,
      [],
      {
        hint: 'export again, or leave the manifest out to score without kinds',
      },
    );
  }
  const lines = turns.map((t, i) => {
    const meta = entry?.items[i];
    return JSON.stringify({
      id: meta?.id ?? `line-${i + 1}`,
      persona: t.system.trim() || '(no persona)',
      ...(meta ? { name: meta.petName, locale: meta.locale } : {}),
      query: t.user,
      reference: t.assistant.replace(LEADING_LABEL, ''),
    });
  });
  return parseReferenceDataset(lines.join('\n'), source).map((item, i) => ({
    ...item,
    kind: entry?.items[i]?.kind ?? 'unknown',
  }));
}
