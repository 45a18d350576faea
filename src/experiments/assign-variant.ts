import { createHash } from 'node:crypto';

/**
 * The A/B arm of a user in an experiment: a deterministic hash bucket of (salt, experiment, user), so the same
 * user always gets the same variant, experiments are independent of each other, and changing the salt
 * reshuffles everyone. Variants share users equally.
 */
export function assignVariant(
  userId: string,
  experiment: string,
  variants: readonly string[],
  salt: string,
): string {
  if (variants.length === 0) throw new RangeError('assignVariant needs at least one variant');
  if (new Set(variants).size !== variants.length) throw new RangeError('variant names must be distinct');
  const digest = createHash('sha256').update(`${salt}\u0000${experiment}\u0000${userId}`).digest();
  // 48 bits of the hash, uniform in [0, 1)
  const unit = digest.readUIntBE(0, 6) / 2 ** 48;
  return variants[Math.floor(unit * variants.length)] as string;
}
