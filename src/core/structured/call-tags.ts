import type { ModelPurpose } from '../entities.ts';

/** Who a call is for; travels to the middleware (usage accounting) through `providerOptions.ipet`. */
export interface CallTags {
  purpose: ModelPurpose;
  userId?: string;
  petId?: string;
}

/** The `providerOptions` that carry `tags` to the model middleware (read back by the llm adapter). */
export function tagsToProviderOptions(tags: CallTags) {
  return { ipet: { ...tags } };
}
