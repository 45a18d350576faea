import type { ProactiveMessage } from '../core/index.ts';
import { withAbortSignal } from '../llm/index.ts';
import {
  createProactiveFeed,
  createWebhookNotifier,
  type DeliveryDeps,
  type PlanDeps,
  type ProactiveFeed,
  startDeliveryLoop,
} from '../proactive/index.ts';
import type { Runtime } from './runtime.ts';

const feeds = new WeakMap<Runtime, ProactiveFeed>();

/** The runtime's feed of delivered messages: the delivery loop publishes, the server's event streams listen. */
export function proactiveFeedFor(rt: Runtime): ProactiveFeed {
  let feed = feeds.get(rt);
  if (!feed) {
    feed = createProactiveFeed();
    feeds.set(rt, feed);
  }
  return feed;
}

/** The nightly planner's dependencies; with a signal (the pair's night budget) its model call is cut. */
export function proactivePlanDeps(rt: Runtime, signal?: AbortSignal): PlanDeps {
  return {
    model: signal ? withAbortSignal(rt.language(), signal) : rt.language(),
    proactive: rt.store.proactive,
    memories: rt.store.memories,
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
    allowMinors: rt.config.proactive.allowMinors,
    ...(signal ? { signal } : {}),
  };
}

export function proactiveDeliveryDeps(
  rt: Runtime,
  onDelivered?: (messages: readonly ProactiveMessage[]) => void,
): DeliveryDeps {
  return {
    proactive: rt.store.proactive,
    users: rt.store.users,
    clock: rt.clock,
    ids: rt.ids,
    logger: rt.logger,
    allowMinors: rt.config.proactive.allowMinors,
    sessionIdleMinutes: rt.config.sessionIdleMinutes,
    ...(onDelivered ? { onDelivered } : {}),
  };
}

/**
 * Delivers due messages in this process (`ipet serve`, `ipet up`, `ipet worker`) every
 * `IPET_PROACTIVE_EVERY_SECONDS`: each delivered message goes to this process's event streams and, when
 * `IPET_PROACTIVE_WEBHOOK_URL` is set, to the operator's webhook. Stopping waits for the pass in progress
 * and the webhook posts in flight.
 */
export function startProactiveDelivery(
  rt: Runtime,
  options: { everyMs?: number; fetch?: typeof fetch } = {},
): { stop(): Promise<void> } {
  const { webhookUrl, webhookSecret, everyMs } = rt.config.proactive;
  const feed = proactiveFeedFor(rt);
  const webhook = webhookUrl
    ? createWebhookNotifier({
        url: webhookUrl,
        secret: webhookSecret,
        logger: rt.logger,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : null;
  const loop = startDeliveryLoop(
    proactiveDeliveryDeps(rt, (messages) => {
      feed.publish(messages);
      webhook?.notify(messages);
    }),
    { everyMs: options.everyMs ?? everyMs },
  );
  return {
    async stop() {
      await loop.stop();
      // Posts still retrying after a moment are dropped: shutdown has a budget of its own.
      let timer: NodeJS.Timeout | undefined;
      const moment = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1_500);
      });
      await Promise.race([webhook?.drain(), moment]).finally(() => clearTimeout(timer));
    },
  };
}
