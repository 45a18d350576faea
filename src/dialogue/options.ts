/** Tunables of a chat turn. Every field has a default; the apps pass what their config says. */
export interface ChatOptions {
  /** A new session starts after this much silence (default 30 minutes). */
  idleGapMs?: number;
  /** The model's context window in tokens (default 8192). */
  contextWindowTokens?: number;
  /** Tokens kept free for the reply, also sent as maxOutputTokens (default 1024). */
  maxOutputTokens?: number;
  /** The last N turns of history are dropped only after everything else (default 3). */
  keepRecentTurns?: number;
  /** How many past messages of the pair are considered for H (default 40). */
  historyLimit?: number;
  /** Memories retrieved per turn (default 8). */
  memoryCount?: number;
  /** Half-life of the pet's mood back to its baseline (default 6 hours). */
  moodHalfLifeMs?: number;
  /** How much one reply's emotion moves the mood, 0..1 (default 0.5). */
  moodWeight?: number;
  /** Sampling temperature (default 0.9, as in the paper). */
  temperature?: number;
  /** Longest accepted user message in characters (default 4000). */
  maxMessageChars?: number;
  /**
   * The lease of a turn's pending reply (default 30 s), renewed while the turn runs: once it has run out the
   * turn's process died (killed, crashed), and a retry with the same idempotency key takes the turn over
   * instead of answering `conflict`.
   */
  pendingLeaseMs?: number;
}

export type ResolvedChatOptions = Required<ChatOptions>;

export const DEFAULT_CHAT_OPTIONS: ResolvedChatOptions = {
  idleGapMs: 30 * 60_000,
  contextWindowTokens: 8192,
  maxOutputTokens: 1024,
  keepRecentTurns: 3,
  historyLimit: 40,
  memoryCount: 8,
  moodHalfLifeMs: 6 * 60 * 60_000,
  moodWeight: 0.5,
  temperature: 0.9,
  maxMessageChars: 4000,
  pendingLeaseMs: 30_000,
};

export function resolveChatOptions(options: ChatOptions = {}): ResolvedChatOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CHAT_OPTIONS, ...defined };
}

/** Prompt tokens available: the window minus what the reply may use. */
export function promptBudget(options: ResolvedChatOptions): number {
  return Math.max(0, options.contextWindowTokens - options.maxOutputTokens);
}
