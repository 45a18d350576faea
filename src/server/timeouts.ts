import type http from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/**
 * How long a connection may take before the server gives up on it. A client that sends its headers or its
 * body slowly (or not at all) holds a socket; these bound it, authenticated or not. Streams are not cut:
 * the request timeouts end once the request is received, and `sendEventStream` lifts the idle timeout for
 * the stream's socket (a chat reply may wait on the model longer than any idle limit).
 */
export interface ServerTimeouts {
  /** Until the request headers are complete (Node's `headersTimeout`). */
  headersMs: number;
  /** Until the whole request, body included, is received (Node's `requestTimeout`; answers 408). */
  requestMs: number;
  /** A socket with no traffic either way is closed (Fastify's `connectionTimeout`); streams are exempt. */
  idleMs: number;
  /** A kept-alive connection waiting for its next request. */
  keepAliveMs: number;
  /** How often Node checks the header and request timeouts (its default, 30 s, would let them run over). */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 15_000,
  // A 16 MiB card upload needs ~280 KB/s to make it.
  requestMs: 60_000,
  // Long enough for a day generated on demand (several model calls before the first byte of the answer).
  idleMs: 10 * 60_000,
  keepAliveMs: 72_000,
  checkIntervalMs: 2_000,
};

/** The Fastify (and Node http) options for these timeouts. */
export function timeoutOptions(settings: Partial<ServerTimeouts> = {}): FastifyHttpOptions<http.Server> {
  const t = { ...DEFAULT_SERVER_TIMEOUTS, ...settings };
  return {
    // Node wants the headers limit within the request limit.
    http: {
      headersTimeout: Math.min(t.headersMs, t.requestMs),
      connectionsCheckingInterval: t.checkIntervalMs,
    },
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
  };
}
