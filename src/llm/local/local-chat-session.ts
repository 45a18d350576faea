import type { SharedV3Warning } from '@ai-sdk/provider';
import type { LocalChatItem } from './chat-history.ts';

/** What the local language model needs from a loaded model: one chat completion at a time. */
export interface LocalGenerateRequest {
  history: LocalChatItem[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stopSequences?: string[];
  /** Constrain the answer to JSON: matching `schema` (already converted for the grammar) or any JSON. */
  json?: { schema: Record<string, unknown> | undefined };
  signal?: AbortSignal;
  onTextChunk?: (text: string) => void;
}

export type LocalStopReason =
  | 'eogToken'
  | 'stopGenerationTrigger'
  | 'customStopTrigger'
  | 'maxTokens'
  | 'functionCalls'
  | 'abort';

export interface LocalGenerateResult {
  text: string;
  stopReason: LocalStopReason;
  /** Tokens evaluated for the prompt (a prefix still in the context is not evaluated again). */
  inputTokens: number;
  outputTokens: number;
  warnings: SharedV3Warning[];
}

export interface LocalChatSession {
  generate(request: LocalGenerateRequest): Promise<LocalGenerateResult>;
}
