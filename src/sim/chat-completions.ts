import { admit } from './admission.ts';
import {
  composeReply,
  composeSchemaOnlyReply,
  composeScriptedReply,
  requestSeed,
  schemaOnlySeed,
  truncateJson,
} from './chat-reply.ts';
import { parseChatRequest } from './chat-request.ts';
import { streamReply } from './chat-stream.ts';
import { completionBody, usageOf } from './completion-format.ts';
import { type Exchange, readJsonBody, sendJson } from './http-io.ts';
import { answerFault } from './injected-fault.ts';
import type { SimContext } from './sim-context.ts';
import { estimateTokens, splitTokens } from './tokens.ts';

/** POST /v1/chat/completions: fault draw, admission, latency, then a streamed or whole answer. */
export async function handleChatCompletions(ex: Exchange, ctx: SimContext): Promise<void> {
  ctx.stats.request('chatCompletions');
  const request = parseChatRequest(await readJsonBody(ex.req), ctx.options.models[0] ?? 'ipet-sim');
  const fault = ctx.drawFault();
  ex.faulted = fault !== undefined;
  if (fault && answerFault(fault, ex, ctx, request.stream)) return;

  const lease = await admit(ex, ctx);
  if (!lease) return;
  if (!(await ex.scope.sleep(ctx.options.latencyMs))) return;

  const { seed, schemaOnly, scripts } = ctx.options;
  let reply =
    composeScriptedReply(request, scripts) ??
    (schemaOnly
      ? composeSchemaOnlyReply(request, schemaOnlySeed(seed, request))
      : composeReply(request, requestSeed(seed, request)));
  if (fault === 'malformedJson' && reply.json) {
    const content = truncateJson(reply.content);
    reply = { ...reply, content, tokens: splitTokens(content) };
  }
  const promptTokens = estimateTokens(request.prompt);
  const cachedTokens = ctx.cache.lookupAndRemember(request.prompt);
  const usage = usageOf(promptTokens, reply.tokens.length, cachedTokens);
  ctx.stats.tokens({ prompt: promptTokens, completion: reply.tokens.length, cached: cachedTokens });
  ctx.stats.unsupportedPatterns(reply.unsupportedPatterns);
  const meta = {
    id: ctx.nextId('chatcmpl'),
    created: Math.floor(ctx.clock.epochNow() / 1000),
    model: request.model,
  };

  if (request.stream) {
    const ended = await streamReply(ex, ctx, meta, reply, usage, {
      includeUsage: request.includeUsage,
      cut: fault === 'streamCut',
      garbage: fault === 'malformedJson' && !reply.json,
    });
    if (ended && !fault) ctx.stats.count('completed');
  } else {
    const tps = ctx.options.tokensPerSecond;
    const generationMs = tps > 0 && Number.isFinite(tps) ? (reply.tokens.length * 1000) / tps : 0;
    if (!(await ex.scope.sleep(generationMs))) return;
    const body = completionBody(meta, reply, usage);
    if (fault === 'malformedJson' && !reply.json) {
      const text = truncateJson(JSON.stringify(body));
      ex.res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      ex.res.end(text);
    } else {
      sendJson(ex.res, 200, body);
      if (!fault) ctx.stats.count('completed');
    }
  }
  lease.release();
}
