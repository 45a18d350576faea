import type { User } from '../core/index.ts';

export interface EligibilityOptions {
  /** The operator lets minors opt in too (IPET_PROACTIVE_MINORS=1); off by default. */
  allowMinors: boolean;
}

/**
 * Why the pet may not message this user first (`opted_out`, `minor`, `no_cap`), or null when it may: only
 * users who opted in, never minors unless the operator allows it, and not with a daily cap of 0.
 */
export function ineligibility(user: User, options: EligibilityOptions): string | null {
  if (!user.proactive.enabled) return 'opted_out';
  if (user.ageBand === 'minor' && !options.allowMinors) return 'minor';
  if (user.proactive.dailyCap <= 0) return 'no_cap';
  return null;
}
