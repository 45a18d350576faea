import { chatDeps, productEventDeps } from '../app/index.ts';
import { NotFoundError } from '../core/index.ts';
import { type ChatDeps, type ChatPart, ChatTurnError, chat } from '../dialogue/index.ts';
import { recordProductEvent } from '../experiments/index.ts';
import type { UserCaller } from './auth.ts';
import type { ServerContext } from './context.ts';

export interface StartedTurn {
  /** Every part of the turn, the first one included; ends after `finish` or `error`. */
  parts: AsyncGenerator<ChatPart, void, undefined>;
  /** Aborts the model call (the client went away); the reply is stored as failed. */
  abort(): void;
}

const depsByServer = new WeakMap<ServerContext, ChatDeps>();

/** The chat dependencies of this server, built once: their caches (lorebooks, prompts) serve every turn. */
function serverChatDeps(ctx: ServerContext): ChatDeps {
  let deps = depsByServer.get(ctx);
  if (!deps) {
    deps = chatDeps(ctx.rt, {
      onExtraction: (work) => ctx.track(work),
      recordEvents: true,
      track: (work) => ctx.track(work),
      safety: { limiter: ctx.limits.turns },
    });
    depsByServer.set(ctx, deps);
  }
  return deps;
}

/**
 * Starts a chat turn for the REST and the OpenAI-compatible routes: runs the dialogue up to its first part
 * (which checks the pet is the caller's: 404 otherwise); the dialogue takes the turn from the server's one turn
 * limiter (`ctx.limits.turns`, 429 with Retry-After when refused). A turn that fails before
 * anything was streamed (bad input, no model configured, a conflicting retry) throws, so the route answers
 * with a plain HTTP error instead of an event stream.
 */
export async function startTurn(
  ctx: ServerContext,
  input: { caller: UserCaller; petId: string; text: string; idempotencyKey?: string; api: 'rest' | 'openai' },
): Promise<StartedTurn> {
  const controller = new AbortController();
  // In flight from here until the last part was read (or the turn failed before streaming): a shutdown
  // waits for it, and aborts it only after its grace period.
  const settled = ctx.turns.add(() => controller.abort(new Error('the server is shutting down')));
  try {
    return await runTurn(ctx, input, controller, settled);
  } catch (error) {
    settled();
    throw error;
  }
}

async function runTurn(
  ctx: ServerContext,
  input: { caller: UserCaller; petId: string; text: string; idempotencyKey?: string; api: 'rest' | 'openai' },
  controller: AbortController,
  settled: () => void,
): Promise<StartedTurn> {
  const deps = serverChatDeps(ctx);
  const userId = input.caller.user.id;
  // Product events (fire and forget): a new session, and each user message (a replayed answer is not one).
  const record = (part: ChatPart) => {
    if (part.type !== 'turn-start' || part.replayed) return;
    const base = { userId, sessionId: part.sessionId, petId: input.petId };
    const events = productEventDeps(ctx.rt);
    if (part.isNewSession) ctx.track(recordProductEvent(events, { kind: 'session_start', ...base }));
    ctx.track(recordProductEvent(events, { kind: 'message_sent', ...base }));
  };
  const source = chat(deps, {
    userId,
    petId: input.petId,
    text: input.text,
    signal: controller.signal,
    ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
  });
  const first = await source.next();
  if (first.done) {
    ctx.metrics.chatTurn(input.api, 'error');
    throw new ChatTurnError({
      code: 'internal',
      message: 'the chat stream ended without a reply',
      retryable: true,
    });
  }
  if (first.value.type === 'error') {
    // The turn checks the pet is the caller's (another user's pet is "not found", never revealed).
    if (first.value.error.code === 'not_found') throw new NotFoundError('pet', input.petId);
    ctx.metrics.chatTurn(input.api, 'error');
    throw new ChatTurnError(first.value.error);
  }
  const head = first.value;
  record(head);
  async function* parts(): AsyncGenerator<ChatPart, void, undefined> {
    let outcome: 'ok' | 'error' | 'aborted' = 'aborted';
    try {
      yield head;
      for await (const part of source) {
        record(part);
        if (part.type === 'finish') outcome = 'ok';
        if (part.type === 'error') outcome = controller.signal.aborted ? 'aborted' : 'error';
        yield part;
      }
    } finally {
      ctx.metrics.chatTurn(input.api, outcome);
      settled();
    }
  }
  return { parts: parts(), abort: () => controller.abort() };
}
