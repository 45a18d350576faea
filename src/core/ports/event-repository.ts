/** What a product event records: an action of a user, never its content. */
export type ProductEventKind =
  | 'session_start'
  | 'session_end'
  | 'message_sent'
  | 'schedule_view'
  | 'detail_view';

/**
 * An anonymous product event (engagement analytics, paper Table 2): ids and kinds only, never text a user
 * wrote or read. `experiment` and `variant` say which A/B arm the user was in when it happened.
 */
export interface ProductEvent {
  userId: string;
  kind: ProductEventKind;
  at: Date;
  experiment: string | null;
  variant: string | null;
  sessionId: string | null;
  petId: string | null;
}

export interface EventRepository {
  record(events: readonly ProductEvent[]): Promise<void>;
  /**
   * Events with `from <= at < to` (of the kinds above; rows of other kinds are left out), oldest first; with
   * `experiment`, only the events recorded for it.
   */
  list(range: { from: Date; to: Date; experiment?: string }): Promise<ProductEvent[]>;
}
