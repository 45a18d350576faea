/** Model calls and tokens spent on one piece of an evaluation. */
export interface CallUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export const NO_USAGE: Readonly<CallUsage> = Object.freeze({ calls: 0, inputTokens: 0, outputTokens: 0 });

export function addUsage(...parts: readonly CallUsage[]): CallUsage {
  const total = { calls: 0, inputTokens: 0, outputTokens: 0 };
  for (const p of parts) {
    total.calls += p.calls;
    total.inputTokens += p.inputTokens;
    total.outputTokens += p.outputTokens;
  }
  return total;
}
