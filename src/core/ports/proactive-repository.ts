import type { ProactiveMessage } from '../entities.ts';

/** How a due message is delivered: as a pet message in the pair's open chat session, or a new one. */
export interface ProactiveDelivery {
  messageId: string;
  /** Used when the pair has no open session. */
  newSessionId: string;
  emotion: string | null;
  /**
   * An open session whose last message is older than this has ended (the idle gap): it is closed at its last
   * message's time and the message starts a new session, instead of reviving an old conversation.
   */
  staleBefore?: Date;
}

/** What to do with one due message: deliver it, refuse it (the reason is stored), or move it later. */
export type ProactiveDecision = { deliver: ProactiveDelivery } | { skip: string } | { postpone: Date };

export interface ProactiveRepository {
  /** Stores a date's plan; messages already planned for that pair, date and position are left alone. */
  plan(messages: ProactiveMessage[]): Promise<number>;
  /** The pair's messages, newest due first (`from`/`to` bound `dueAt`), at most `limit`. */
  list(q: {
    userId: string;
    petId?: string;
    from?: Date;
    to?: Date;
    limit?: number;
  }): Promise<ProactiveMessage[]>;
  /**
   * Delivers planned messages due at `now` (at most `limit`), each in one transaction: its text becomes a pet
   * message in the pair's open chat session (or a new session) and the plan row is marked delivered. Rows
   * claimed by another process are skipped, so each message is delivered once whatever the number of
   * processes. `decide` may refuse a message instead (the reason): it is marked skipped; or postpone it to a
   * later time (quiet hours): its `dueAt` moves. Returns the messages delivered or skipped. `decide` runs
   * inside the claiming transaction, so it is synchronous: read what it needs first (`due`).
   */
  deliverDue(
    now: Date,
    limit: number,
    decide: (message: ProactiveMessage) => ProactiveDecision,
  ): Promise<ProactiveMessage[]>;
  /** Planned messages due at `now`, soonest first, at most `limit`: a look before `deliverDue`, claiming nothing. */
  due(now: Date, limit: number): Promise<ProactiveMessage[]>;
  /** Marks the pair's delivered messages read up to `at`; returns how many changed. */
  markRead(userId: string, petId: string, at: Date): Promise<number>;
  /** Delivered and unread, per pet of the user. */
  unreadCounts(userId: string): Promise<Record<string, number>>;
}
