import type { ChatReply } from './chat-reply.ts';
import { type CompletionMeta, createChunkWriter, type Usage } from './completion-format.ts';
import type { Exchange } from './http-io.ts';
import type { SimContext } from './sim-context.ts';

/** Shortest pause between writes of one stream; tokens due meanwhile go out together in one chunk. */
const MIN_TICK_MS = 20;
/** Tokens per chunk when streaming instantly. */
const INSTANT_CHUNK_TOKENS = 4;

export interface StreamPlan {
  includeUsage: boolean;
  /** `streamCut` fault: destroy the connection after about half of the tokens. */
  cut: boolean;
  /** `malformedJson` fault on a text reply: one event carries broken JSON. */
  garbage: boolean;
}

/**
 * Streams `reply` as OpenAI SSE chunks at `tokensPerSecond` (instantly when 0/Infinity) with one timer at
 * a time, then the finish chunk, the usage chunk when asked for, and [DONE]. Resolves true when the stream
 * ended normally.
 */
export async function streamReply(
  ex: Exchange,
  ctx: SimContext,
  meta: CompletionMeta,
  reply: ChatReply,
  usage: Usage,
  plan: StreamPlan,
): Promise<boolean> {
  const { res, scope } = ex;
  const chunks = createChunkWriter(meta);
  const tps = ctx.options.tokensPerSecond;
  const instant = !(tps > 0) || !Number.isFinite(tps);
  const total = reply.tokens.length;
  const limit = plan.cut ? Math.floor(total / 2) : plan.garbage ? Math.ceil(total / 2) : total;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });

  let pending = chunks.role();
  let sent = 0;
  const start = ctx.clock.now();
  while (sent < limit) {
    const due = instant ? limit : Math.min(limit, Math.floor(((ctx.clock.now() - start) * tps) / 1000) + 1);
    const step = instant ? INSTANT_CHUNK_TOKENS : Math.max(1, due - sent);
    for (let i = sent; i < due; i += step) {
      pending += chunks.content(reply.tokens.slice(i, Math.min(due, i + step)).join(''));
    }
    sent = Math.max(sent, due);
    if (sent >= limit) break;
    res.write(pending);
    pending = '';
    const nextDue = start + (sent * 1000) / tps;
    if (!(await scope.sleep(Math.max(MIN_TICK_MS, nextDue - ctx.clock.now())))) return false;
  }

  if (plan.cut) {
    res.write(pending, () => res.destroy());
    return false;
  }
  if (plan.garbage) pending += chunks.garbage();
  pending += chunks.finish(reply.finishReason);
  if (plan.includeUsage) pending += chunks.usage(usage);
  res.end(pending + chunks.done());
  return true;
}
