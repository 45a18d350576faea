/**
 * @module experiments
 * A/B experiments and the anonymous product events they are measured by (the paper's Table 2): a user's
 * stable arm (`assignVariant`, `experimentOf`), what the arm changes (`worldSimFor`), and recording events
 * with the arm on them. The evaluation module reads the events back (`engagementReport`).
 */
export { assignVariant } from './assign-variant.ts';
export {
  type Experiment,
  experimentOf,
  type ProductEventDeps,
  recordProductEvent,
  worldSimFor,
} from './experiment.ts';
export { PRODUCT_EVENT_KINDS, type ProductEventInput, recordEvent } from './product-events.ts';
