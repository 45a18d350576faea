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
  proactive: Pick<ProactiveRepository, 'deliverDue' | 'due' | 'list'>;
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
  const limit = options.limit ?? 100;
  // `decide` runs inside the store's claiming transaction, so what it needs is read first: the users with
  // a message due, and how many each got today (on PGlite a read inside would wait for the transaction).
  const due = await deps.proactive.due(now, limit);
  if (due.length === 0) return [];
  const users = new Map<string, { user: User | null; sent: number }>();
  await Promise.all(
    [...new Set(due.map((m) => m.userId))].map(async (id) => {
      const user = await deps.users.get(id);
      users.set(id, { user, sent: user ? await sentToday(deps, user, now) : 0 });
    }),
  );

  const decide = (message: ProactiveMessage): ProactiveDecision => {
    const known = users.get(message.userId);
    // Due since the look above: the next pass decides on it.
    if (!known) return { postpone: new Date(now.getTime() + 1000) };
    const { user } = known;
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
    if (known.sent >= user.proactive.dailyCap) return { skip: 'daily_cap' };
    known.sent++;
    return {
      deliver: {
        messageId: deps.ids('msg'),
        newSessionId: deps.ids('ses'),
        emotion: classifyEmotion(message.text),
        staleBefore: new Date(now.getTime() - deps.sessionIdleMinutes * 60_000),
      },
    };
  };

  const settled = await deps.proactive.deliverDue(now, limit, decide);
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

/** Messages delivered to the user so far on their local day (the daily cap counts them). */
async function sentToday(deps: DeliveryDeps, user: User, now: Date): Promise<number> {
  const today = localDate(now, user.timezone);
  const recent = await deps.proactive.list({
    userId: user.id,
    from: new Date(now.getTime() - 2 * 86_400_000),
    to: now,
  });
  return recent.filter(
    (m) => m.status === 'delivered' && m.deliveredAt && localDate(m.deliveredAt, user.timezone) === today,
  ).length;
}
