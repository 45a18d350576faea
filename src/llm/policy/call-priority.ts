import { readCallTags } from './call-tags.ts';

/** Purposes someone waits for when nothing else is said: a chat turn's reply and its safety check. */
const INTERACTIVE_PURPOSES = new Set(['chat', 'safety']);

/**
 * Whether a call is interactive (see `CallTags.priority` in core): its explicit priority tag, or else its
 * purpose. Read from `providerOptions.ipet` like the other call tags.
 */
export function isInteractiveCall(providerOptions: unknown, fallbackPurpose?: 'embed'): boolean {
  const raw =
    providerOptions && typeof providerOptions === 'object'
      ? (providerOptions as Record<string, unknown>)['ipet']
      : undefined;
  const priority = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['priority'] : undefined;
  if (priority === 'interactive') return true;
  if (priority === 'background') return false;
  return INTERACTIVE_PURPOSES.has(readCallTags(providerOptions, fallbackPurpose).purpose);
}
