import type { FaultKind } from './faults.ts';
import { type Exchange, sendError } from './http-io.ts';
import type { SimContext } from './sim-context.ts';

/**
 * Answers the faults that need no generated content: 500, 429 with Retry-After, a request held open until
 * the client gives up (`timeout`), and `streamCut` when the request is not streamed (answered as 500).
 * Returns true when the exchange is settled; `malformedJson` and streamed `streamCut` are left to the
 * handler, which produces a partial answer.
 */
export function answerFault(kind: FaultKind, ex: Exchange, ctx: SimContext, streamed: boolean): boolean {
  switch (kind) {
    case 'error500':
      sendError(ex.res, 500, 'simulated internal server error (injected fault)', 'server_error');
      return true;
    case 'rateLimit429':
      sendError(ex.res, 429, 'simulated rate limit (injected fault)', 'rate_limit_exceeded', {
        'retry-after': String(ctx.options.retryAfterSeconds),
      });
      return true;
    case 'timeout':
      // Never answered: no timer is involved, the exchange ends when the client (or close()) drops it.
      ex.scope.onClose(ctx.hold());
      return true;
    case 'streamCut':
      if (streamed) return false;
      sendError(ex.res, 500, 'simulated internal server error (injected fault)', 'server_error');
      return true;
    case 'malformedJson':
      return false;
  }
}
