import type { User } from '../core/index.ts';

/** How the pet addresses the user: the call name when set, else the name. */
export function callNameOf(user: User): string {
  return user.callName || user.name;
}
