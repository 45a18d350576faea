import { z } from 'zod';
import type { Locale, SemanticCheck } from '../../core/index.ts';

/** Output of `friends.v1`: one batch of friend profiles for the pool F. */
export interface FriendDraft {
  name: string;
  kind: string;
  personality: string;
  relationship: string;
  description: string;
}

export interface FriendBatch {
  friends: FriendDraft[];
}

const text = (max: number) => z.string().trim().min(1).max(max);

export function friendBatchSchema(count: number, locale: Locale): z.ZodType<FriendBatch> {
  return z.object({
    friends: z
      .array(
        z.object({
          name: text(40).describe(
            locale === 'zh' ? 'a short first name, 2-4 characters' : 'a short first name, one or two words',
          ),
          kind: text(80).describe('what they are, a few words'),
          personality: text(200).describe('two or three traits, a phrase'),
          relationship: text(200).describe('how they are with friends, a phrase'),
          description: text(500).describe('one or two sentences about their life'),
        }),
      )
      .min(Math.ceil(count / 2))
      .max(count)
      .describe(`${count} characters with distinct names`),
  });
}

const key = (name: string) => name.normalize('NFKC').trim().toLowerCase();

/** Findings about rules JSON Schema cannot carry (see the call specs). */
export const FRIEND_FINDINGS = {
  taken: /^friend ".*" dropped: the name is taken$/,
  allTaken: /^every name in the answer is already taken; invent new names$/,
} as const;

/**
 * Drops friends whose name is already taken (in the pool or earlier in the batch); asks again only when
 * nothing new is left.
 */
export function checkFriendBatch(taken: readonly string[]): SemanticCheck<FriendBatch> {
  return (value) => {
    const seen = new Set(taken.map(key));
    const repairs: string[] = [];
    const friends = value.friends.filter((f) => {
      const k = key(f.name);
      if (seen.has(k)) {
        repairs.push(`friend "${f.name.slice(0, 40)}" dropped: the name is taken`);
        return false;
      }
      seen.add(k);
      return true;
    });
    return friends.length > 0
      ? { ok: true, value: { friends }, repairs }
      : { ok: false, problems: ['every name in the answer is already taken; invent new names'], repairs };
  };
}
