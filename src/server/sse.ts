import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** One server-sent event. `event` null: a data-only event (OpenAI's stream format). */
export function sseEvent(event: string | null, data: unknown): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  const lines = payload.split('\n').map((line) => `data: ${line}`);
  return `${event === null ? '' : `event: ${event}\n`}${lines.join('\n')}\n\n`;
}

/**
 * Sends `events` as a `text/event-stream` response. Each string is written as it is produced (no
 * buffering by proxies that honour `x-accel-buffering`). When the client goes away before the end,
 * `onDisconnect` runs (the turn is aborted) and the source generator is closed.
 */
export function sendEventStream(
  reply: FastifyReply,
  events: AsyncIterable<string>,
  onDisconnect: () => void,
): FastifyReply {
  // The server's idle timeout must not cut a reply that waits on the model: a stream ends by itself.
  // (A callback, even a no-op, because injected requests' responses require one.)
  reply.raw.setTimeout(0, () => {});
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) onDisconnect();
  });
  return reply
    .status(200)
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no')
    .send(Readable.from(events, { objectMode: false }));
}
