import { createHmac } from 'node:crypto';
import type { Logger, ProactiveMessage, Sleep } from '../core/index.ts';
import { sleep as realSleep } from '../core/index.ts';

/** What the operator's webhook receives for each delivered message (`POST`, JSON). */
export interface ProactiveWebhookPayload {
  type: 'proactive.delivered';
  id: string;
  userId: string;
  petId: string;
  messageId: string | null;
  text: string;
  date: string;
  dueAt: string;
  deliveredAt: string | null;
}

export interface WebhookSettings {
  url: string;
  /** Signs each body: `x-ipet-signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
  secret?: string | null;
  /** Attempts per message (default 5), waiting `baseDelayMs` (default 1 s) x 4^n between them. */
  attempts?: number;
  baseDelayMs?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: Sleep;
  logger: Logger;
}

export interface WebhookNotifier {
  /** Queues the messages' posts and returns at once: delivery never waits on the operator's endpoint. */
  notify(messages: readonly ProactiveMessage[]): void;
  /** Waits for the posts in flight (retries included); for shutdown and tests. */
  drain(): Promise<void>;
}

export function webhookPayload(m: ProactiveMessage): ProactiveWebhookPayload {
  return {
    type: 'proactive.delivered',
    id: m.id,
    userId: m.userId,
    petId: m.petId,
    messageId: m.messageId,
    text: m.text,
    date: m.date,
    dueAt: m.dueAt.toISOString(),
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
  };
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Posts each delivered message to the operator's URL, in the background, with retries and exponential
 * backoff on network errors, timeouts, 429 and 5xx (other 4xx are final). A receiver may get a message
 * twice after a lost answer: `x-ipet-delivery` (the message id) makes it idempotent. Posts are kept in
 * memory: a process that stops drops its pending retries.
 */
export function createWebhookNotifier(settings: WebhookSettings): WebhookNotifier {
  const doFetch = settings.fetch ?? fetch;
  const wait = settings.sleep ?? realSleep;
  const attempts = settings.attempts ?? 5;
  const baseDelayMs = settings.baseDelayMs ?? 1_000;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const inFlight = new Set<Promise<void>>();

  async function post(message: ProactiveMessage): Promise<void> {
    const body = JSON.stringify(webhookPayload(message));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'ipet-proactive-webhook',
      'x-ipet-delivery': message.id,
    };
    if (settings.secret) headers['x-ipet-signature'] = signBody(settings.secret, body);
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(settings.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel().catch(() => {});
        if (response.ok) return;
        last = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429 && response.status !== 408) break;
      } catch (error) {
        last = error instanceof Error ? error.name : 'error';
      }
      if (attempt < attempts) await wait(baseDelayMs * 4 ** (attempt - 1));
    }
    settings.logger.warn('proactive: the webhook did not accept a message', { id: message.id, reason: last });
  }

  return {
    notify(messages) {
      for (const message of messages) {
        const done: Promise<void> = post(message)
          .catch(() => {})
          .finally(() => inFlight.delete(done));
        inFlight.add(done);
      }
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
