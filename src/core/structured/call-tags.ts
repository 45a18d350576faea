import type { ModelPurpose } from '../entities.ts';

/** Who a call is for; travels to the middleware (usage accounting) through `providerOptions.ipet`. */
export interface CallTags {
  purpose: ModelPurpose;
  userId?: string;
  petId?: string;
  /**
   * `interactive`: someone is waiting for this call (a chat turn); it goes ahead of background work for the
   * model's permits. Default: interactive for the `chat` and `safety` purposes, background otherwise.
   */
  priority?: CallPriority;
}

export type CallPriority = 'interactive' | 'background';

/** The `providerOptions` that carry `tags` to the model middleware (read back by the llm adapter). */
export function tagsToProviderOptions(tags: CallTags) {
  return { ipet: { ...tags } };
}
