import { z } from 'zod';
import { proactiveFeedFor } from '../../app/index.ts';
import type { ProactiveMessage } from '../../core/index.ts';
import { ValidationError } from '../../core/index.ts';
import { ownedPet, type ServerContext } from '../context.ts';
import { petParams } from '../schemas.ts';
import { sendEventStream, sseEvent } from '../sse.ts';

/** A message the pet started, as the user sees it once delivered. */
export const proactiveMessageJson = z.object({
  id: z.string(),
  petId: z.string(),
  text: z.string(),
  dueAt: z.string().describe('ISO 8601 timestamp: when it was due'),
  deliveredAt: z.string().describe('ISO 8601 timestamp: when it reached the chat'),
  readAt: z.string().nullable().describe('ISO 8601 timestamp, or null while unread'),
  messageId: z
    .string()
    .nullable()
    .describe('The chat message it became (in GET /api/v1/pets/:petId/messages)'),
});
export const proactiveListResponse = z.object({
  messages: z.array(proactiveMessageJson).describe('Delivered messages, newest first'),
  unread: z.number().int(),
});
export const proactiveReadResponse = z.object({
  read: z.number().int().describe('Messages newly marked read'),
});
export const unreadResponse = z.object({
  unread: z.record(z.string(), z.number().int()).describe('Unread messages the pets started, by pet id'),
});
/** The parts of `GET /api/v1/events`: a `ready` part first, then one `proactive` part per message delivered. */
export const userEventJson = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), unread: unreadResponse.shape.unread }),
  z.object({ type: z.literal('proactive'), message: proactiveMessageJson }),
]);
const noQuery = z.object({}).strict();
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function proactiveView(m: ProactiveMessage): z.infer<typeof proactiveMessageJson> {
  return {
    id: m.id,
    petId: m.petId,
    text: m.text,
    dueAt: m.dueAt.toISOString(),
    deliveredAt: (m.deliveredAt ?? m.dueAt).toISOString(),
    readAt: m.readAt?.toISOString() ?? null,
    messageId: m.messageId,
  };
}

/** How often an event stream looks in the store for messages another process delivered. */
const POLL_MS = 5_000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Messages the pet starts: the pet's delivered ones and their read marks, the unread counts behind the web
 * app's badge, and the user's event stream. Planned and skipped messages are not shown to the user (the
 * operator sees them with `ipet messages list`).
 */
export function registerProactiveRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;

  router.route({
    method: 'GET',
    url: '/api/v1/pets/:petId/messages/proactive',
    operationId: 'listProactiveMessages',
    tag: 'messages',
    summary: 'Messages the pet started (delivered), newest first, with the unread count',
    description:
      'Delivered messages also appear in the chat history as the pet’s messages; mark them read with ' +
      'POST .../read when the user has seen them.',
    access: 'user',
    params: petParams,
    query: listQuery,
    response: proactiveListResponse,
    async handler({ caller, params, query }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      const rows = await rt.store.proactive.list({
        userId: caller.user.id,
        petId: pet.id,
        to: rt.clock.now(),
      });
      const delivered = rows.filter((m) => m.status === 'delivered');
      return {
        messages: delivered.slice(0, query.limit).map(proactiveView),
        unread: delivered.filter((m) => m.readAt === null).length,
      };
    },
  });

  router.route({
    method: 'POST',
    url: '/api/v1/pets/:petId/messages/proactive/read',
    operationId: 'markProactiveMessagesRead',
    tag: 'messages',
    summary: 'Mark every delivered message of the pet read (the user saw them)',
    access: 'user',
    params: petParams,
    response: proactiveReadResponse,
    async handler({ caller, params }) {
      const pet = await ownedPet(ctx, caller, params.petId);
      return { read: await rt.store.proactive.markRead(caller.user.id, pet.id, rt.clock.now()) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/messages/proactive/unread',
    operationId: 'countUnreadProactiveMessages',
    tag: 'messages',
    summary: 'Unread messages the caller’s pets started, by pet',
    access: 'user',
    response: unreadResponse,
    async handler({ caller }) {
      return { unread: await rt.store.proactive.unreadCounts(caller.user.id) };
    },
  });

  router.route({
    method: 'GET',
    url: '/api/v1/events',
    operationId: 'streamEvents',
    tag: 'messages',
    summary: 'The caller’s event stream: a message a pet started, as it is delivered',
    description:
      'Server-sent events: `ready` (the unread counts) first, then `proactive` for each message delivered ' +
      'from then on, by whichever process delivered it (this one at once, others within a few seconds). ' +
      'Comment lines keep the connection alive; reconnect when it drops. The request must accept ' +
      '`text/event-stream` (EventSource does): other clients get 400 instead of a stream that never ends.',
    access: 'user',
    query: noQuery,
    produces: {
      type: 'text/event-stream',
      description: 'server-sent events; each event data is one part',
      schema: userEventJson,
    },
    async handler({ caller, request, reply }) {
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new ValidationError('this route is an event stream: send Accept: text/event-stream', [
          { path: 'accept', message: 'must accept text/event-stream' },
        ]);
      }
      const userId = caller.user.id;
      const seen = new Set<string>();
      const delivered = async () =>
        (await rt.store.proactive.list({ userId, to: rt.clock.now(), limit: 50 })).filter(
          (m) => m.status === 'delivered',
        );
      // What was delivered before the stream opened is in the unread counts, not replayed.
      for (const m of await delivered()) seen.add(m.id);
      const unread = await rt.store.proactive.unreadCounts(userId);

      const queue: string[] = [sseEvent('ready', { type: 'ready', unread })];
      let wake: (() => void) | null = null;
      let open = true;
      const push = (chunk: string) => {
        queue.push(chunk);
        wake?.();
      };
      const tell = (m: ProactiveMessage) => {
        if (!open || seen.has(m.id) || m.status !== 'delivered') return;
        seen.add(m.id);
        push(sseEvent('proactive', { type: 'proactive', message: proactiveView(m) }));
      };
      const unsubscribe = proactiveFeedFor(rt).subscribe(userId, tell);
      let polling = false;
      const poll = setInterval(
        () => {
          if (polling) return;
          polling = true;
          delivered()
            .then((rows) => rows.reverse().forEach(tell))
            .catch((error) => rt.logger.warn('events: poll failed', { error: error as Error }))
            .finally(() => {
              polling = false;
            });
        },
        Math.min(POLL_MS, rt.config.proactive.everyMs),
      );
      const heartbeat = setInterval(() => push(': keep-alive\n\n'), HEARTBEAT_MS);
      const close = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(poll);
        clearInterval(heartbeat);
        wake?.();
      };
      async function* stream(): AsyncGenerator<string> {
        try {
          while (open) {
            while (queue.length > 0) yield queue.shift()!;
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
          }
        } finally {
          close();
        }
      }
      return sendEventStream(reply, stream(), close);
    },
  });
}
