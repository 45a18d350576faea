import { z } from 'zod';
import type { EventRepository, ProductEvent, ProductEventKind } from '../core/index.ts';
import { describeIssues, formatIssues, ValidationError } from '../core/index.ts';

export const PRODUCT_EVENT_KINDS = [
  'session_start',
  'session_end',
  'message_sent',
  'schedule_view',
  'detail_view',
] as const satisfies readonly ProductEventKind[];

/** Ids only: no spaces, so a sentence can never be smuggled into an event. */
const idField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be an id (letters, digits, _ . : -)');
const nameField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be a short name (letters, digits, _ . -)');

const eventInput = z
  .object({
    userId: idField,
    kind: z.enum(PRODUCT_EVENT_KINDS),
    at: z.date(),
    experiment: nameField.nullish(),
    variant: nameField.nullish(),
    sessionId: idField.nullish(),
    petId: idField.nullish(),
  })
  .strict()
  .refine((e) => (e.experiment == null) === (e.variant == null), {
    message: 'experiment and variant go together',
    path: ['variant'],
  });

export type ProductEventInput = z.input<typeof eventInput>;

/**
 * Records one anonymous product event. Events carry ids and kinds only, never text: anything that is not an
 * id is rejected with a ValidationError. Analytics must not break the product: callers fire and forget,
 * e.g. `void recordEvent(store.events, e).catch((error) => logger.warn('event not recorded', { error }))`.
 *
 * Where to call it (the server and the web app, once wired):
 * - `session_start` / `session_end`: when a visit starts and ends (a chat session opening, `onSessionClosed`,
 *   or the app going to the background), with its `sessionId`;
 * - `message_sent`: each user message of a chat turn (`turn-start` part), with `sessionId` and `petId`;
 * - `schedule_view` / `detail_view`: when the pet's schedule page or one item's detail is shown.
 * Put the user's `experiment` and `variant` (from `assignVariant`) on every event while an experiment runs.
 */
export async function recordEvent(
  port: Pick<EventRepository, 'record'>,
  input: ProductEventInput,
): Promise<ProductEvent> {
  const parsed = eventInput.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, input).map((i) => ({ ...i, path: i.path || 'event' }));
    throw new ValidationError(`invalid product event: ${formatIssues(issues)}`, issues);
  }
  const e = parsed.data;
  const event: ProductEvent = {
    userId: e.userId,
    kind: e.kind,
    at: e.at,
    experiment: e.experiment ?? null,
    variant: e.variant ?? null,
    sessionId: e.sessionId ?? null,
    petId: e.petId ?? null,
  };
  await port.record([event]);
  return event;
}
