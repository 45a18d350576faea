import { z } from 'zod';
import { estimateTokens, NotFoundError, ValidationError } from '../../core/index.ts';
import { type ChatPart, ChatTurnError } from '../../dialogue/index.ts';
import { getPet, listPets } from '../../profiles/index.ts';
import type { ServerContext } from '../context.ts';
import {
  type CompletionMeta,
  chunk,
  chunkJson,
  completion,
  completionJson,
  completionRequest,
  lastUserText,
  modelJson,
  modelList,
  usageChunk,
  usageOf,
} from '../openai-format.ts';
import { MAX_MESSAGE_CHARS } from '../schemas.ts';
import { sendEventStream, sseEvent } from '../sse.ts';
import { startTurn } from '../turn.ts';
import { idempotencyHeader } from './chat.ts';

type ContextPart = Extract<ChatPart, { type: 'context' }>;

/**
 * Out-of-character texts of a turn (a crisis notice, the AI disclosure, break reminders). OpenAI clients
 * show only the message content, so these go in front of the reply, as their own paragraphs.
 */
function createNotices() {
  const list: Array<{ kind: string; text: string }> = [];
  let safety: { crisis: boolean; level: string } | null = null;
  return {
    list,
    get safety() {
      return safety;
    },
    /** Records the part; returns its text when it is a notice to show. */
    take(part: ChatPart): string | null {
      if (part.type === 'safety') {
        safety = { crisis: part.crisis, level: part.level };
        if (part.notice === null) return null;
        list.push({ kind: 'crisis', text: part.notice });
        return part.notice;
      }
      if (part.type !== 'notice') return null;
      list.push({ kind: part.kind, text: part.text });
      return part.text;
    },
    /** The notices, then `text`. */
    around(text: string): string {
      return [...list.map((n) => n.text), text].join('\n\n');
    },
  };
}

/** Clients resend the whole conversation on every call: allow a larger body than the REST chat route. */
export const COMPLETIONS_BODY_LIMIT_BYTES = 1024 * 1024;

const NOT_A_MODEL_HINT = 'the model is a pet id: GET /v1/models lists yours';

/**
 * An OpenAI-compatible surface, so that apps configured for an OpenAI base URL talk to a pet: `model` is
 * the pet id and the API key is the user's token. ipet applies the persona, memories and the pet's day
 * itself and keeps the history, so only the LAST user message of a request is used.
 */
export function registerOpenAiRoutes(ctx: ServerContext): void {
  const { rt, router } = ctx;
  const created = (d: Date) => Math.floor(d.getTime() / 1000);

  router.route({
    method: 'GET',
    url: '/v1/models',
    operationId: 'openaiListModels',
    tag: 'openai',
    summary: "The caller's pets as models (id = pet id)",
    access: 'user',
    response: modelList,
    async handler({ caller }) {
      const pets = await listPets({ pets: rt.store.pets }, caller.user.id);
      return {
        object: 'list' as const,
        data: pets.map((p) => ({
          id: p.id,
          object: 'model' as const,
          created: created(p.createdAt),
          owned_by: 'ipet' as const,
        })),
      };
    },
  });

  router.route({
    method: 'GET',
    url: '/v1/models/:model',
    operationId: 'openaiGetModel',
    tag: 'openai',
    summary: 'One of the caller’s pets as a model',
    access: 'user',
    params: z.object({ model: z.string().min(1).max(100) }),
    response: modelJson,
    async handler({ caller, params }) {
      const pet = await getPet({ pets: rt.store.pets }, params.model, { ownerId: caller.user.id }).catch(
        (error) => {
          throw error instanceof NotFoundError
            ? new NotFoundError('model', params.model, { hint: NOT_A_MODEL_HINT })
            : error;
        },
      );
      return {
        id: pet.id,
        object: 'model' as const,
        created: created(pet.createdAt),
        owned_by: 'ipet' as const,
      };
    },
  });

  router.route({
    method: 'POST',
    url: '/v1/chat/completions',
    operationId: 'openaiChatCompletions',
    tag: 'openai',
    summary: 'Chat with a pet in OpenAI’s chat completions format (stream and non-stream)',
    description:
      '`model` is a pet id; the bearer token is the user. ipet builds the prompt itself (persona, user ' +
      "profile, memories, the pet's day, its own stored history), so only the LAST user message of " +
      '`messages` is used as the turn; earlier messages, system messages and sampling parameters are ' +
      'ignored. Out-of-character notices (crisis lines when a message shows risk, the AI disclosure at a ' +
      'session start, break reminders) come first in `content`, each as its own paragraph, and are listed ' +
      'in the `ipet` extension field. Usage counts are ipet’s estimates of its own prompt and the reply. With `stream: true` the ' +
      'reply is `chat.completion.chunk` events ending with `data: [DONE]`; an `Idempotency-Key` header makes ' +
      'client retries safe.',
    access: 'user',
    body: completionRequest,
    bodyName: 'chat completion request',
    bodyLimit: COMPLETIONS_BODY_LIMIT_BYTES,
    response: completionJson,
    produces: {
      type: 'text/event-stream',
      description: 'with `stream: true`: `data: <chat.completion.chunk>` events, then `data: [DONE]`',
      schema: chunkJson,
    },
    async handler({ caller, body, request, reply }) {
      const text = lastUserText(body);
      if (text === null || text.trim() === '') {
        throw new ValidationError('invalid chat completion request: messages needs a user message with text');
      }
      if (text.length > MAX_MESSAGE_CHARS) {
        throw new ValidationError(
          `invalid chat completion request: the last user message must be at most ${MAX_MESSAGE_CHARS} characters`,
        );
      }
      const key = idempotencyHeader(request);
      const turn = await startTurn(ctx, {
        caller,
        petId: body.model,
        text,
        api: 'openai',
        ...(key ? { idempotencyKey: key } : {}),
      }).catch((error) => {
        throw error instanceof NotFoundError && error.entity === 'pet'
          ? new NotFoundError('model', body.model, { hint: NOT_A_MODEL_HINT })
          : error;
      });
      const meta: CompletionMeta = {
        id: `chatcmpl-${rt.ids('cmpl')}`,
        created: created(rt.clock.now()),
        model: body.model,
      };
      const promptTokens = (part: ContextPart | null) =>
        part ? part.context.tokens.total : estimateTokens(text);

      if (!body.stream) {
        let context: ContextPart | null = null;
        let sessionId = '';
        const notices = createNotices();
        for await (const part of turn.parts) {
          notices.take(part);
          if (part.type === 'turn-start') sessionId = part.sessionId;
          else if (part.type === 'context') context = part;
          else if (part.type === 'error') {
            throw new ChatTurnError({ ...part.error, message: notices.around(part.error.message) });
          } else if (part.type === 'finish') {
            return completion(meta, {
              text: notices.around(part.text),
              emotion: part.emotion,
              sessionId,
              promptTokens: promptTokens(context),
              notices: notices.list,
              safety: notices.safety,
            });
          }
        }
        throw new ChatTurnError({ code: 'internal', message: 'the reply ended early', retryable: true });
      }

      const includeUsage = body.stream_options?.include_usage === true;
      async function* events() {
        let context: ContextPart | null = null;
        let sessionId = '';
        let started = false;
        const notices = createNotices();
        const start = function* () {
          if (started) return;
          started = true;
          yield sseEvent(null, chunk(meta, { role: 'assistant', content: '' }));
        };
        for await (const part of turn.parts) {
          const notice = notices.take(part);
          if (notice !== null) {
            yield* start();
            yield sseEvent(null, chunk(meta, { content: `${notice}\n\n` }));
          }
          switch (part.type) {
            case 'turn-start':
              sessionId = part.sessionId;
              yield* start();
              break;
            case 'context':
              context = part;
              break;
            case 'text-delta':
              yield sseEvent(null, chunk(meta, { content: part.text }));
              break;
            case 'finish': {
              const ipet = {
                emotion: part.emotion,
                session_id: sessionId,
                notices: notices.list,
                safety: notices.safety,
              };
              yield sseEvent(null, chunk(meta, {}, 'stop', { ipet }));
              if (includeUsage) {
                yield sseEvent(
                  null,
                  usageChunk(meta, usageOf(promptTokens(context), notices.around(part.text))),
                );
              }
              yield sseEvent(null, '[DONE]');
              return;
            }
            case 'error':
              // OpenAI's clients raise an error for a data event carrying `error`.
              yield sseEvent(null, {
                error: {
                  message: part.error.message,
                  type: 'server_error',
                  param: null,
                  code: part.error.code,
                },
              });
              return;
          }
        }
      }
      return sendEventStream(reply, events(), turn.abort);
    },
  });
}
