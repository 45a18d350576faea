import type {
  Clock,
  IdGenerator,
  Logger,
  ProactiveDecision,
  ProactiveMessage,
  ProactiveRepository,
  User,
  UserRepository,
} from '../core/index.ts';
import { localDate } from '../core/index.ts';
import { classifyEmotion } from '../dialogue/index.ts';
import { type EligibilityOptions, ineligibility } from './eligibility.ts';
import { findPressure } from './pressure-filter.ts';
import { inQuietHours, quietHoursEnd } from './quiet-hours.ts';

export interface DeliveryDeps extends EligibilityOptions {
  proactive: Pick<ProactiveRepository, 'deliverDue' | 'list'>;
  users: Pick<UserRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** A chat session idle this long has ended: a message after it starts a new one. */
  sessionIdleMinutes: number;
  /** Told of every message delivered (the server's event stream, the operator's webhook). */
  onDelivered?: (messages: readonly ProactiveMessage[]) => void;
}

/** A message due longer ago than this is not sent any more (the delivery loop was down). */
export const STALE_AFTER_MS = 6 * 3600_000;

/**
 * One delivery pass: every message due now, checked again at the moment it would be sent - the user may
 * have opted out, changed their quiet hours or cap since the night planned it. In quiet hours it is moved
 * to their end; over the user's cap for their local day, or too late, it is skipped with the reason;
 * otherwise it becomes the pet's message in the pair's chat (the open session, or a new one when the last
 * has ended). Safe in any number of processes at once: the store hands each due message to one of them.
 */
export async function deliverDueMessages(
  deps: DeliveryDeps,
  options: { limit?: number } = {},
): Promise<ProactiveMessage[]> {
  const now = deps.clock.now();
  const users = new Map<string, Promise<User | null>>();
  const sentToday = new Map<string, number>();
  const userOf = (id: string) => {
    let user = users.get(id);
    if (!user) {
      user = deps.users.get(id);
      users.set(id, user);
    }
    return user;
  };
  const countToday = async (user: User): Promise<number> => {
    const known = sentToday.get(user.id);
    if (known !== undefined) return known;
    const today = localDate(now, user.timezone);
    const recent = await deps.proactive.list({
      userId: user.id,
      from: new Date(now.getTime() - 2 * 86_400_000),
      to: now,
    });
    const count = recent.filter(
      (m) => m.status === 'delivered' && m.deliveredAt && localDate(m.deliveredAt, user.timezone) === today,
    ).length;
    sentToday.set(user.id, count);
    return count;
  };

  const decide = async (message: ProactiveMessage): Promise<ProactiveDecision> => {
    const user = await userOf(message.userId);
    if (!user) return { skip: 'gone' };
    const refused = ineligibility(user, deps);
    if (refused) return { skip: refused };
    // The night's filter ran on this text already; a row written another way is held to it too.
    const pressure = findPressure(message.text);
    if (pressure) return { skip: `pressure:${pressure}` };
    if (now.getTime() - message.dueAt.getTime() > STALE_AFTER_MS) return { skip: 'stale' };
    if (inQuietHours(now, user.timezone, user.proactive)) {
      return { postpone: quietHoursEnd(now, user.timezone, user.proactive) };
    }
    const sent = await countToday(user);
    if (sent >= user.proactive.dailyCap) return { skip: 'daily_cap' };
    sentToday.set(user.id, sent + 1);
    return {
      deliver: {
        messageId: deps.ids('msg'),
        newSessionId: deps.ids('ses'),
        emotion: classifyEmotion(message.text),
        staleBefore: new Date(now.getTime() - deps.sessionIdleMinutes * 60_000),
      },
    };
  };

  const settled = await deps.proactive.deliverDue(now, options.limit ?? 100, decide);
  const delivered = settled.filter((m) => m.status === 'delivered');
  if (settled.length > 0) {
    deps.logger.info('proactive: delivery pass', {
      delivered: delivered.length,
      skipped: settled.length - delivered.length,
    });
  }
  if (delivered.length > 0) deps.onDelivered?.(delivered);
  return settled;
}
