/**
 * @module proactive
 * Messages the pet starts (issue 18): planned by the nightly pair job for the day it built (one structured
 * call, each message grounded in the day's items or the user's memories), held to rules the model is not
 * trusted with - opt-in, no minors unless the operator allows it, quiet hours in the user's time zone, a
 * daily cap, and never guilt or pressure to stay (a deterministic filter) - and delivered at their time into
 * the chat by a loop any number of processes may run, with the server's event stream and an operator
 * webhook told of each one.
 */
export { proactiveCallSpecs } from './call-specs.ts';
export { type DeliveryDeps, deliverDueMessages, STALE_AFTER_MS } from './deliver.ts';
export { DEFAULT_DELIVERY_EVERY_MS, type DeliveryLoop, startDeliveryLoop } from './delivery-loop.ts';
export { type EligibilityOptions, ineligibility } from './eligibility.ts';
export { createProactiveFeed, type ProactiveFeed } from './feed.ts';
export {
  type PlanDeps,
  type PlanInput,
  type ProactivePlanReport,
  planProactiveMessages,
} from './plan-messages.ts';
export { findPressure } from './pressure-filter.ts';
export { PROACTIVE_MAX_MESSAGES, PROACTIVE_TEXT_MAX } from './prompts/plan.schema.ts';
export { inQuietHours, localInstant, quietHoursEnd } from './quiet-hours.ts';
export { PROACTIVE_PROMPT_VERSION } from './templates.ts';
export {
  createWebhookNotifier,
  type ProactiveWebhookPayload,
  signBody,
  type WebhookNotifier,
  type WebhookSettings,
  webhookPayload,
} from './webhook.ts';
