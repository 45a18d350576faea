import { type LanguageModel, type ModelMessage, streamText } from 'ai';
import type {
  ChatRepository,
  ChatSession,
  Clock,
  IdGenerator,
  Logger,
  Message,
  Pet,
  PetRepository,
  User,
  UserRepository,
} from '../core/index.ts';
import {
  IpetError,
  LimitError,
  ModelOutputError,
  tagsToProviderOptions,
  ValidationError,
} from '../core/index.ts';
import { getPet, getUser } from '../profiles/index.ts';
import { checkInput as checkMessage } from '../safety/index.ts';
import type { BuiltPrompt } from './context/assemble.ts';
import { buildPrompt, CORE_PROVIDERS, loadHistory, optionalProviders } from './context/build.ts';
import type { DayContextSource } from './context/providers/day.ts';
import type { LoreSource } from './context/providers/lore.ts';
import type { RetrieveMemories } from './context/providers/memories.ts';
import { safetySteeringProvider } from './context/providers/safety-steering.ts';
import type { ContextProvider, Turn } from './context/types.ts';
import { type Emotion, normalizeEmotion } from './emotion/labels.ts';
import { classifyEmotion } from './emotion/lexicon.ts';
import { createEmotionTagParser, type TagParseStep } from './emotion/tag-parser.ts';
import { abortedError, toErrorInfo, toModelError } from './errors.ts';
import { greetingFor } from './greeting.ts';
import { baselineMood, blendMood, decayMood, type Mood } from './mood.ts';
import { callNameOf } from './names.ts';
import { type ChatOptions, promptBudget, type ResolvedChatOptions, resolveChatOptions } from './options.ts';
import type { ChatPart, SafetyPart, TurnContext } from './parts.ts';
import { dialoguePrompt } from './prompt-files.ts';
import { chooseSession, notifySessionClosed } from './session.ts';
import {
  assessUserTurn,
  type ChatSafety,
  patternSafetyPart,
  recordEvent,
  safetyPart,
  screenInjection,
  turnNotices,
} from './turn-safety.ts';
import { appendGreeting, appendUserMessage, findPriorTurn, openReply } from './turn-store.ts';

export interface ChatDeps {
  users: UserRepository;
  pets: PetRepository;
  chats: ChatRepository;
  model: LanguageModel;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Memory module: related memories M. Absent: the prompt has no memories. */
  retrieveMemories?: RetrieveMemories;
  /** World module: today's T1-T3. Absent, or null for the day: the prompt says nothing about the day. */
  dayContext?: DayContextSource;
  /** Lorebooks. */
  lore?: LoreSource;
  /** More context providers, after the built-in ones (their failures only leave their part out). */
  providers?: ContextProvider[];
  /** Called (not awaited) when a turn closes the previous session after the idle gap. */
  onSessionClosed?: (session: ChatSession) => void | Promise<void>;
  options?: ChatOptions;
  /** Crisis protocol, notices, limits. Always on; this tunes it (classifier, resources, events, limiter). */
  safety?: ChatSafety;
}

export interface ChatInput {
  userId: string;
  petId: string;
  text: string;
  /** Client-chosen; a retry with the same key never stores the message twice. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * The message (safety's input check: text, not empty, no control characters, at most `maxChars` - a
 * LimitError when longer) and the idempotency key. The message itself never appears in an error.
 */
function checkTurnInput(input: ChatInput, maxChars: number): { text: string; key: string | null } {
  checkMessage(input.text, { maxChars });
  const key = input.idempotencyKey?.trim() || null;
  if (key !== null && key.length > 200) {
    throw new ValidationError('invalid message: idempotencyKey must be at most 200 characters', [
      { path: 'idempotencyKey', message: 'must be at most 200 characters' },
    ]);
  }
  return { text: input.text.trim(), key };
}

function describeContext(prompt: BuiltPrompt, budget: number, promptId: string): TurnContext {
  const context: TurnContext = {
    promptId,
    memories: [],
    schedule: [],
    details: [],
    lore: [],
    sections: prompt.sections,
    historyMessages: prompt.historyMessages,
    dropped: prompt.dropped,
    tokens: {
      stablePrefix: prompt.stablePrefixTokens,
      history: prompt.historyTokens,
      user: prompt.userTokens,
      total: prompt.totalTokens,
      budget,
    },
    overBudget: prompt.overBudget,
  };
  for (const ref of prompt.refs) {
    if (ref.type === 'memory') context.memories.push({ id: ref.id, text: ref.text, score: ref.score });
    else if (ref.type === 'schedule')
      context.schedule.push({ time: ref.time, title: ref.title, current: ref.current });
    else if (ref.type === 'detail') context.details.push({ time: ref.time, title: ref.title });
    else context.lore.push({ id: ref.id });
  }
  return context;
}

/**
 * An already answered key: the stored reply, without calling the model. A client that lost the answer also
 * lost its crisis notice, so the patterns run again (the classifier does not, and nothing is counted).
 */
function* replay(userMessage: Message, reply: Message, safety: SafetyPart | null): Generator<ChatPart> {
  const emotion = normalizeEmotion(reply.emotion ?? '') ?? classifyEmotion(reply.content);
  yield {
    type: 'turn-start',
    sessionId: userMessage.sessionId,
    userMessageId: userMessage.id,
    isNewSession: false,
    replayed: true,
  };
  if (safety) yield safety;
  yield { type: 'emotion', emotion };
  yield { type: 'text-delta', text: reply.content };
  yield { type: 'finish', replyMessageId: reply.id, text: reply.content, emotion };
}

/**
 * One dialogue turn, R = LLM(I_R, H, T1, T2, T3, P, U, M), as a stream of parts. The user's message is
 * stored before the model is called; the reply row goes from `pending` to `ok`, or to `failed` on a model
 * error, an abort, or a consumer that stops reading. Every failure ends the stream with an `error` part; the
 * generator never throws.
 *
 * Safety runs on every turn before the persona replies, independent of its prompt: input checks and limits,
 * injection counting, the crisis assessment (a `safety` part with the out-of-character notice, and steering
 * in the per-turn system message), then the disclosure and break `notice` parts.
 */
export async function* chat(deps: ChatDeps, input: ChatInput): AsyncGenerator<ChatPart, void, undefined> {
  const options = resolveChatOptions(deps.options);
  const log = deps.logger;
  const ids = { userId: input.userId, petId: input.petId };
  const reply = { id: null as string | null, text: '', settled: false };

  const failReply = async (reason: string) => {
    if (reply.id === null || reply.settled) return;
    reply.settled = true;
    try {
      await deps.chats.updateMessage(reply.id, { status: 'failed', content: reply.text, error: reason });
    } catch (error) {
      log.error('could not mark the reply failed', { ...ids, replyId: reply.id, error: error as Error });
    }
  };

  try {
    const { text, key } = checkTurnInput(input, options.maxMessageChars);
    const user = await getUser(deps, input.userId);
    const pet = await getPet(deps, input.petId, { ownerId: user.id });
    const pair = { userId: user.id, petId: pet.id };

    const prior = key
      ? await findPriorTurn(deps.chats, pair, key, text, {
          now: deps.clock.now(),
          pendingStaleMs: options.pendingStaleMs,
        })
      : ({ state: 'none' } as const);
    if (prior.state === 'answered') {
      yield* replay(prior.userMessage, prior.reply, patternSafetyPart(deps.safety, text, user.locale));
      return;
    }
    const isRetry = prior.state === 'retry';
    try {
      deps.safety?.limiter?.take({ userId: user.id, timeZone: user.timezone, retry: isRetry });
    } catch (error) {
      if (error instanceof LimitError) {
        await recordEvent(deps, { kind: 'quota', userId: user.id, at: deps.clock.now() });
        const safety = patternSafetyPart(deps.safety, text, user.locale);
        if (safety) yield safety;
      }
      throw error;
    }

    const { userMessage, isNewSession, greeting } = isRetry
      ? { userMessage: prior.userMessage, isNewSession: false, greeting: null }
      : await beginTurn(deps, { user, pet, text, key }, options.idleGapMs);
    reply.id = await openReply(deps, userMessage, isRetry ? prior.reply : null);

    yield {
      type: 'turn-start',
      sessionId: userMessage.sessionId,
      userMessageId: userMessage.id,
      isNewSession,
      replayed: false,
    };
    if (greeting !== null) yield { type: 'greeting', text: greeting };

    await screenInjection(deps, ids, text, !isRetry);
    const history = await loadHistory(deps.chats, pair, userMessage, options.historyLimit);
    const assessment = await assessUserTurn(
      deps,
      {
        ...pair,
        text,
        locale: user.locale,
        recentUserTurns: history.filter((h) => h.role === 'user').map((h) => h.content),
        ...(input.signal ? { signal: input.signal } : {}),
      },
      !isRetry,
    );
    const safety = safetyPart(deps.safety, assessment.level, user.locale);
    if (safety) yield safety;
    for (const notice of await turnNotices(deps, { user, pet, userMessage, idleGapMs: options.idleGapMs })) {
      yield { type: 'notice', kind: notice.kind, text: notice.text };
    }

    const now = deps.clock.now();
    const baseline = baselineMood(pet);
    const mood = decayMood(await deps.pets.getMood(pet.id, user.id), baseline, now, options.moodHalfLifeMs);
    const turn: Turn = { user, pet, text, now, locale: user.locale, userName: callNameOf(user), mood };
    const budget = promptBudget(options);
    const steering = assessment.steering ? [safetySteeringProvider(assessment.steering)] : [];
    const prompt = await buildPrompt({
      turn,
      history,
      providers: {
        core: CORE_PROVIDERS,
        optional: [...optionalProviders({ ...deps, memoryCount: options.memoryCount }), ...steering],
      },
      budgetTokens: budget,
      keepRecentTurns: options.keepRecentTurns,
      logger: log,
    });
    yield {
      type: 'context',
      context: describeContext(prompt, budget, dialoguePrompt('instructions', user.locale).id),
    };

    const emotion = yield* streamReply(
      deps,
      { messages: prompt.messages, pair, options, signal: input.signal },
      (t) => {
        reply.text += t;
      },
    );
    const replyText = reply.text.trim();
    if (!replyText) throw new ModelOutputError('chat', 1, ['the reply was empty']);
    const felt: Emotion = emotion ?? classifyEmotion(replyText);
    if (emotion === null) yield { type: 'emotion', emotion: felt };

    await deps.chats.updateMessage(reply.id, {
      status: 'ok',
      content: replyText,
      emotion: felt,
      error: null,
    });
    reply.settled = true;
    const doneAt = deps.clock.now();
    await deps.chats.touchSession(userMessage.sessionId, doneAt);
    await saveMood(deps, pair, blendMood(mood, felt, baseline, options.moodWeight), doneAt);
    log.info('chat turn answered', { ...ids, replyId: reply.id, tokens: prompt.totalTokens, emotion: felt });
    yield { type: 'finish', replyMessageId: reply.id, text: replyText, emotion: felt };
  } catch (error) {
    const info = toErrorInfo(error);
    if (IpetError.is(error))
      log.warn('chat turn failed', { ...ids, code: info.code, retryable: info.retryable });
    else log.error('chat turn failed unexpectedly', { ...ids, error: error as Error });
    await failReply(`${info.code}: ${info.message}`);
    yield { type: 'error', error: info };
  } finally {
    await failReply('aborted: the caller stopped reading before the reply finished');
  }
}

/** A new turn's rows: the session (closing an idle one), the first-session greeting, the user's message. */
async function beginTurn(
  deps: ChatDeps,
  turn: { user: User; pet: Pet; text: string; key: string | null },
  idleGapMs: number,
): Promise<{ userMessage: Message; isNewSession: boolean; greeting: string | null }> {
  const pair = { userId: turn.user.id, petId: turn.pet.id };
  const at = deps.clock.now();
  const choice = await chooseSession(deps, pair, at, idleGapMs);
  if (choice.closed) notifySessionClosed(deps.onSessionClosed, choice.closed, deps.logger);
  const sessionId = choice.session.id;
  let greeting: string | null = null;
  if (choice.isFirst) {
    greeting = greetingFor(turn.pet, turn.user);
    await appendGreeting(deps, {
      ...pair,
      sessionId,
      text: greeting,
      emotion: classifyEmotion(greeting),
      at,
    });
  }
  const userMessage = await appendUserMessage(deps, {
    ...pair,
    sessionId,
    text: turn.text,
    key: turn.key,
    at,
  });
  if (!choice.isNew) await deps.chats.touchSession(sessionId, at);
  return { userMessage, isNewSession: choice.isNew, greeting };
}

/**
 * Streams the model's reply as `emotion` and `text-delta` parts, the leading label stripped; `onText`
 * receives the shown text as it arrives (kept in the reply row if the stream fails). Returns the label read
 * from the reply, or null. Model errors and aborts are thrown as the project's errors.
 */
async function* streamReply(
  deps: Pick<ChatDeps, 'model' | 'logger'>,
  call: {
    messages: ModelMessage[];
    pair: { userId: string; petId: string };
    options: ResolvedChatOptions;
    signal: AbortSignal | undefined;
  },
  onText: (text: string) => void,
): AsyncGenerator<ChatPart, Emotion | null, undefined> {
  const result = streamText({
    model: deps.model,
    messages: call.messages,
    allowSystemInMessages: true,
    maxRetries: 0,
    maxOutputTokens: call.options.maxOutputTokens,
    temperature: call.options.temperature,
    ...(call.signal ? { abortSignal: call.signal } : {}),
    providerOptions: tagsToProviderOptions({ purpose: 'chat', ...call.pair }),
    // Errors arrive as `error` parts below; this only keeps the SDK from printing them.
    onError: () => {},
  });

  const parser = createEmotionTagParser();
  let emotion: Emotion | null = null;
  const absorb = (step: TagParseStep): ChatPart[] => {
    const parts: ChatPart[] = [];
    if (step.tag?.emotion) {
      emotion = step.tag.emotion;
      parts.push({ type: 'emotion', emotion });
    } else if (step.tag?.raw) {
      // The label is model output that may echo the user: only its length is logged.
      deps.logger.debug('reply began with an unknown emotion label', {
        ...call.pair,
        labelChars: step.tag.raw.length,
      });
    }
    if (step.text) {
      onText(step.text);
      parts.push({ type: 'text-delta', text: step.text });
    }
    return parts;
  };

  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') yield* absorb(parser.push(part.text));
    else if (part.type === 'error') throw toModelError(part.error);
    else if (part.type === 'abort') throw abortedError();
  }
  yield* absorb(parser.end());
  if (call.signal?.aborted) throw abortedError(call.signal.reason);
  return emotion;
}

/** The mood is a nicety: failing to save it is logged, not a failed turn. */
async function saveMood(
  deps: Pick<ChatDeps, 'pets' | 'logger'>,
  pair: { userId: string; petId: string },
  mood: Mood,
  at: Date,
): Promise<void> {
  try {
    await deps.pets.setMood({ ...pair, emotion: mood.emotion, intensity: mood.intensity, updatedAt: at });
  } catch (error) {
    deps.logger.warn('could not save the mood', { ...pair, error: error as Error });
  }
}
