import { z } from 'zod';
import type { DatasetItem } from '../record.ts';

export const EXPORT_FORMATS = ['openai', 'sharegpt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * OpenAI chat fine-tuning: one JSON object a line, `{"messages":[{"role","content"}...]}`, the system message
 * first, then user/assistant turns, ending with the assistant.
 */
export const openAiLineSchema = z
  .object({
    messages: z
      .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) }).strict())
      .min(2),
  })
  .strict();
export type OpenAiLine = z.infer<typeof openAiLineSchema>;

/**
 * ShareGPT as LLaMA-Factory reads it: a JSON array of `{"conversations":[{"from","value"}], "system"?}`,
 * `from` alternating `human` / `gpt`, starting with `human`.
 */
export const shareGptRecordSchema = z
  .object({
    conversations: z
      .array(z.object({ from: z.enum(['human', 'gpt']), value: z.string().min(1) }).strict())
      .min(2),
    system: z.string().optional(),
  })
  .strict();
export const shareGptFileSchema = z.array(shareGptRecordSchema);
export type ShareGptRecord = z.infer<typeof shareGptRecordSchema>;

/**
 * A pet utterance as the product's chat prompt asks the model for it: the emotion label in square brackets at
 * the very start (`[joy] That sounds lovely!`, English labels in both languages; see the dialogue module's
 * tag parser), so a fine-tuned model emits what ipet reads. Without labels (the ablation) the text alone.
 */
export function petText(content: string, emotion: string | undefined, labels: boolean): string {
  return labels && emotion ? `[${emotion}] ${content}` : content;
}

export function toOpenAi(item: DatasetItem, labels: boolean): OpenAiLine {
  const system = item.system.trim();
  return {
    messages: [
      ...(system ? [{ role: 'system' as const, content: system }] : []),
      ...item.messages.map((m) => ({
        role: m.role,
        content: m.role === 'assistant' ? petText(m.content, m.emotion, labels) : m.content,
      })),
    ],
  };
}

export function toShareGpt(item: DatasetItem, labels: boolean): ShareGptRecord {
  const system = item.system.trim();
  return {
    conversations: item.messages.map((m) => ({
      from: m.role === 'user' ? ('human' as const) : ('gpt' as const),
      value: m.role === 'assistant' ? petText(m.content, m.emotion, labels) : m.content,
    })),
    ...(system ? { system } : {}),
  };
}

/** The file's text for items of one split. */
export function render(format: ExportFormat, items: readonly DatasetItem[], labels: boolean): string {
  if (format === 'openai') return items.map((i) => `${JSON.stringify(toOpenAi(i, labels))}\n`).join('');
  return `${JSON.stringify(
    items.map((i) => toShareGpt(i, labels)),
    null,
    1,
  )}\n`;
}

/** LLaMA-Factory's `dataset_info.json` entry for one file of this export. */
export function datasetInfoEntry(format: ExportFormat, fileName: string) {
  return format === 'sharegpt'
    ? {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'conversations', system: 'system' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      }
    : {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'messages' },
        tags: {
          role_tag: 'role',
          content_tag: 'content',
          user_tag: 'user',
          assistant_tag: 'assistant',
          system_tag: 'system',
        },
      };
}
