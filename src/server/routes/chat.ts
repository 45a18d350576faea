import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { chatBody, chatPartJson, petParams } from '../schemas.ts';
import { sendEventStream, sseEvent } from '../sse.ts';
import { startTurn } from '../turn.ts';

/** A chat body is one message: a small limit keeps large payloads out before they are parsed. */
export const CHAT_BODY_LIMIT_BYTES = 64 * 1024;

/** `Idempotency-Key` header, used when the body does not carry a key. */
export function idempotencyHeader(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  const key = Array.isArray(value) ? value[0] : value;
  return key && key.length <= 200 ? key : undefined;
}

export function registerChatRoutes(ctx: ServerContext): void {
  ctx.router.route({
    method: 'POST',
    url: '/api/v1/pets/:petId/chat',
    operationId: 'chat',
    tag: 'chat',
    summary: 'Send a message; the reply streams as server-sent events',
    description:
      'One event per part of the turn: `event: <type>` and `data: <the part as JSON>`, in the order ' +
      'turn-start, greeting (first session only), safety (a risk was found: show its notice), notice ' +
      '(AI disclosure, break reminder), context, emotion, text-delta..., then finish or error, after which ' +
      'the stream ends (a safety part can also come first, before an error or a replayed reply). Closing the connection aborts the turn (the reply is stored as failed; ' +
      'resend with the same idempotencyKey to retry). Errors before the turn starts (validation, unknown ' +
      'pet, rate limit) are plain JSON errors.',
    access: 'user',
    params: petParams,
    body: chatBody,
    bodyName: 'message',
    bodyLimit: CHAT_BODY_LIMIT_BYTES,
    produces: {
      type: 'text/event-stream',
      description: 'server-sent events; each event data is one chat part',
      schema: chatPartJson,
    },
    async handler({ caller, params, body, request, reply }) {
      const key = body.idempotencyKey ?? idempotencyHeader(request);
      const turn = await startTurn(ctx, {
        caller,
        petId: params.petId,
        text: body.text,
        api: 'rest',
        ...(key ? { idempotencyKey: key } : {}),
      });
      async function* events() {
        for await (const part of turn.parts) yield sseEvent(part.type, part);
      }
      return sendEventStream(reply, events(), turn.abort);
    },
  });
}
