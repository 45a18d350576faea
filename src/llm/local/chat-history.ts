import type { LanguageModelV3Prompt, SharedV3Warning } from '@ai-sdk/provider';

/** The subset of node-llama-cpp's `ChatHistoryItem` we produce (structurally compatible). */
export type LocalChatItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };

export interface LocalChatPrompt {
  /** Ends with a model item: empty to answer, or holding a prefix to continue. */
  history: LocalChatItem[];
  warnings: SharedV3Warning[];
}

/**
 * AI SDK prompt -> node-llama-cpp chat history. Text is kept; files, reasoning, tool calls and tool results
 * have no place in a plain chat template and are dropped with a warning. Neighbouring messages of the same
 * role are merged (chat templates expect alternation). A trailing assistant message is a prefix the model
 * continues; otherwise an empty model turn is added for the answer.
 */
export function toLocalChatPrompt(prompt: LanguageModelV3Prompt): LocalChatPrompt {
  const history: LocalChatItem[] = [];
  const dropped = new Set<string>();
  const push = (item: LocalChatItem) => {
    const last = history.at(-1);
    if (last?.type === 'model' && item.type === 'model') {
      last.response = [joinText(last.response[0] ?? '', item.response[0] ?? '')];
    } else if (last && last.type !== 'model' && item.type !== 'model' && last.type === item.type) {
      last.text = joinText(last.text, item.text);
    } else {
      history.push(item);
    }
  };

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        push({ type: 'system', text: message.content });
        break;
      case 'user': {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else dropped.add(`${part.type} parts in user messages`);
        }
        push({ type: 'user', text: texts.join('\n') });
        break;
      }
      case 'assistant': {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else dropped.add(`${part.type} parts in assistant messages`);
        }
        push({ type: 'model', response: [texts.join('')] });
        break;
      }
      case 'tool':
        dropped.add('tool messages');
        break;
    }
  }
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  const warnings: SharedV3Warning[] = [...dropped].map((feature) => ({
    type: 'unsupported',
    feature,
    details: 'local models receive text only',
  }));
  return { history, warnings };
}

function joinText(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return `${a}\n\n${b}`;
}
