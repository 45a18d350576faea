import { type LanguageModel, type ModelMessage, streamText } from 'ai';
import type {
  ChatRepository,
  ChatSession,
  Clock,
  IdGenerator,
  Logger,
  Message,
  PetRepository,
  TurnClosing,
  UserRepository,
} from '../core/index.ts';
import {
  IpetError,
  LimitError,
  ModelOutputError,
  NotFoundError,
  RateLimitedError,
  tagsToProviderOptions,
  ValidationError,
} from '../core/index.ts';
import { checkInput as checkMessage } from '../safety/index.ts';
import type { BuiltPrompt } from './context/assemble.ts';
import {
  assemblePrompt,
  CORE_PROVIDERS,
  collectSections,
  historyWindow,
  optionalProviders,
} from './context/build.ts';
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
import { baselineMood, blendMood, decayMood } from './mood.ts';
import { promptNameOf } from './names.ts';
import { type ChatOptions, promptBudget, type ResolvedChatOptions, resolveChatOptions } from './options.ts';
import type { ChatPart, SafetyPart, TurnContext } from './parts.ts';
import { dialoguePrompt } from './prompt-files.ts';
import { notifySessionClosed } from './session.ts';
import {
  assessUserTurn,
  type ChatSafety,
  NOTICE_WINDOW,
  patternSafetyPart,
  recordAssessment,
  recordEvent,
  safetyPart,
  screenInjection,
  turnNotices,
} from './turn-safety.ts';
import { keepLease, openReply, planOpening, priorTurnOf, writeOpening } from './turn-store.ts';

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
      system: prompt.systemTokens,
      stablePrefix: prompt.stablePrefixTokens,
      history: prompt.historyTokens,
      turnContext: prompt.turnContextTokens,
      user: prompt.userTokens,
      total: prompt.totalTokens,
      budget,
    },
    overBudget: prompt.overBudget,
  };
  for (const ref of prompt.refs) {
    if (ref.type === 'memory')
      context.memories.push({ id: ref.id, text: ref.text, score: ref.score, subject: ref.subject });
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
 * One pass: everything the turn reads about the pair (user, pet, mood, session, history, the idempotency
 * key's turn, the user's other sessions) is loaded in one round trip and handed to every context source; the
 * opening rows are written in one statement while the context is gathered; the safety assessment runs
 * beside the context gathering; the closing rows are one statement again.
 *
 * Safety runs on every turn before the persona replies, independent of its prompt: input checks and limits,
 * injection counting, the crisis assessment (a `safety` part with the out-of-character notice, and steering
 * in the turn context), then the disclosure and break `notice` parts.
 */
export async function* chat(deps: ChatDeps, input: ChatInput): AsyncGenerator<ChatPart, void, undefined> {
  const options = resolveChatOptions(deps.options);
  const log = deps.logger;
  const ids = { userId: input.userId, petId: input.petId };
  const reply = { id: null as string | null, text: '', settled: false };
  // Ends what the turn started and no longer needs (a classifier still running when the turn failed).
  const turnDone = new AbortController();
  const turnSignal = input.signal ? AbortSignal.any([input.signal, turnDone.signal]) : turnDone.signal;

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
    // Read once per turn (the apps may swap the model between turns); fails before anything is read when
    // no model is configured.
    const model = deps.model;
    const state = await deps.chats.loadTurn({
      ...ids,
      recentLimit: Math.max(options.historyLimit, NOTICE_WINDOW),
      idempotencyKey: key,
    });
    if (!state.user) throw new NotFoundError('user', input.userId);
    if (!state.pet) throw new NotFoundError('pet', input.petId);
    const { user, pet } = state;
    const pair = { userId: user.id, petId: pet.id };

    const prior = key ? priorTurnOf(state.prior, text) : ({ state: 'none' } as const);
    if (prior.state === 'answered') {
      yield* replay(prior.userMessage, prior.reply, patternSafetyPart(deps.safety, text, user.locale));
      return;
    }
    // The turn's limit: a retried turn takes it now; a new one with its opening rows (same round trip).
    const limiter = deps.safety?.limiter;
    const limitTurn = { userId: user.id, timeZone: user.timezone, retry: prior.state === 'retry' };
    /** A refused turn is counted and still gets its crisis notice (which must not depend on an answer). */
    async function* refuse(error: LimitError): AsyncGenerator<ChatPart, never, undefined> {
      await recordEvent(deps, { kind: 'quota', userId: pair.userId, at: deps.clock.now() });
      const safety = patternSafetyPart(deps.safety, text, user.locale);
      if (safety) yield safety;
      throw error;
    }
    try {
      limiter?.check(limitTurn);
      if (prior.state === 'retry') await limiter?.take(limitTurn);
    } catch (error) {
      if (error instanceof LimitError) yield* refuse(error);
      throw error;
    }

    const planned =
      prior.state === 'retry'
        ? null
        : planOpening(deps, {
            ...pair,
            latest: state.latestSession,
            text,
            key,
            at: deps.clock.now(),
            idleGapMs: options.idleGapMs,
            greeting: () => {
              const greeting = greetingFor(pet, user);
              return { text: greeting, emotion: classifyEmotion(greeting) };
            },
          });
    const opening =
      planned && limiter
        ? { ...planned, rows: { ...planned.rows, limit: limiter.request(limitTurn) } }
        : planned;
    const userMessage = prior.state === 'retry' ? prior.userMessage : opening!.userMessage;
    // H as it stands before the user's message: the loaded messages, and a greeting written with it.
    const earlier = opening
      ? {
          recent: [...state.recent, ...(opening.greeting ? [opening.greeting] : [])],
          count: state.messageCount + (opening.greeting ? 1 : 0),
        }
      : messagesBefore(state.recent, state.messageCount, userMessage);
    const history = historyWindow(earlier.recent, earlier.count, options.historyLimit);

    const now = deps.clock.now();
    const baseline = baselineMood(pet);
    const mood = decayMood(state.mood, baseline, now, options.moodHalfLifeMs);
    const turn: Turn = {
      user,
      pet,
      text,
      now,
      locale: user.locale,
      userName: promptNameOf(user),
      mood,
      history,
      ...(input.signal ? { signal: input.signal } : {}),
    };
    const providers = {
      core: CORE_PROVIDERS,
      optional: optionalProviders({ ...deps, memoryCount: options.memoryCount }),
    };
    // Gathered while the rows are written and the safety check runs; awaited below.
    const gathering = collectSections(turn, providers, log);
    gathering.catch(() => {});
    // The crisis check (patterns, and the classifier on its own deadline) starts now too, beside the
    // gathering; it never rejects, and a slow classifier is given up while the patterns' verdict stands.
    const assessing = assessUserTurn(
      { ...deps, model },
      {
        ...pair,
        text,
        locale: user.locale,
        recentUserTurns: history.filter((h) => h.role === 'user').map((h) => h.content),
        signal: turnSignal,
      },
    );

    if (opening) {
      try {
        await writeOpening(deps.chats, opening, options.pendingLeaseMs);
      } catch (error) {
        if (error instanceof RateLimitedError && limiter)
          yield* refuse(limiter.refused(error.refusal, limitTurn));
        throw error;
      }
      reply.id = opening.replyId;
      if (opening.closed) notifySessionClosed(deps.onSessionClosed, opening.closed, log);
    } else if (prior.state === 'retry') {
      reply.id = await openReply(deps, userMessage, prior.reply, options.pendingLeaseMs);
    }
    // The reply's lease is renewed until the turn is over (a dead process's turn is taken over after it).
    if (reply.id) keepLease(deps, reply.id, options.pendingLeaseMs, turnDone.signal);

    yield {
      type: 'turn-start',
      sessionId: userMessage.sessionId,
      userMessageId: userMessage.id,
      isNewSession: opening?.isNewSession ?? false,
      replayed: false,
    };
    if (opening?.greeting) yield { type: 'greeting', text: opening.greeting.content };

    const counted = opening !== null;
    await screenInjection(deps, ids, text, counted);
    const [assessment, sections] = await Promise.all([assessing, gathering]);
    // Counted once the message is stored, and once per message (not again on a retry).
    if (counted) await recordAssessment(deps, user.id, assessment);
    const safety = safetyPart(deps.safety, assessment.level, user.locale);
    if (safety) yield safety;
    const notices = turnNotices(deps.safety, {
      user,
      pet,
      userMessage,
      recent: opening ? [...state.recent, ...opening.rows.messages] : state.recent,
      session: opening ? opening.session : (state.prior?.session ?? null),
      others: state.otherSessions,
      idleGapMs: options.idleGapMs,
    });
    for (const notice of notices) yield { type: 'notice', kind: notice.kind, text: notice.text };

    const budget = promptBudget(options);
    const steering = assessment.steering
      ? await safetySteeringProvider(assessment.steering).provide(turn)
      : [];
    const prompt = assemblePrompt({
      turn,
      sections: [...sections, ...steering],
      budgetTokens: budget,
      keepRecentTurns: options.keepRecentTurns,
      logger: log,
    });
    yield {
      type: 'context',
      context: describeContext(prompt, budget, dialoguePrompt('instructions', user.locale).id),
    };

    const replyId = reply.id!;
    const emotion = yield* streamReply(
      { model, logger: log },
      { messages: prompt.messages, pair, options, signal: input.signal },
      (t) => {
        reply.text += t;
      },
    );
    const replyText = reply.text.trim();
    if (!replyText) throw new ModelOutputError('chat', 1, ['the reply was empty']);
    const felt: Emotion = emotion ?? classifyEmotion(replyText);
    if (emotion === null) yield { type: 'emotion', emotion: felt };

    const doneAt = deps.clock.now();
    const blended = blendMood(mood, felt, baseline, options.moodWeight);
    await finishTurn(deps, {
      replyId,
      content: replyText,
      emotion: felt,
      sessionId: userMessage.sessionId,
      at: doneAt,
      mood: { ...pair, emotion: blended.emotion, intensity: blended.intensity, updatedAt: doneAt },
    });
    reply.settled = true;
    log.info('chat turn answered', { ...ids, replyId, tokens: prompt.totalTokens, emotion: felt });
    yield { type: 'finish', replyMessageId: replyId, text: replyText, emotion: felt };
  } catch (error) {
    const info = toErrorInfo(error);
    if (IpetError.is(error))
      log.warn('chat turn failed', { ...ids, code: info.code, retryable: info.retryable });
    else log.error('chat turn failed unexpectedly', { ...ids, error: error as Error });
    await failReply(`${info.code}: ${info.message}`);
    yield { type: 'error', error: info };
  } finally {
    turnDone.abort();
    await failReply('aborted: the caller stopped reading before the reply finished');
  }
}

/** The loaded messages before `userMessage` (a retried turn), and how many the pair had before it. */
function messagesBefore(
  recent: readonly Message[],
  count: number,
  userMessage: Message,
): { recent: Message[]; count: number } {
  const at = recent.findIndex((m) => m.id === userMessage.id);
  const before =
    at === -1
      ? recent.filter((m) => m.createdAt.getTime() < userMessage.createdAt.getTime())
      : recent.slice(0, at);
  return { recent: before, count: count - (recent.length - before.length) };
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

/**
 * The closing rows in one statement. The mood is a nicety: when the statement fails with it, the reply and
 * the session are written without it, and the failure is logged, not a failed turn.
 */
async function finishTurn(deps: Pick<ChatDeps, 'chats' | 'logger'>, rows: TurnClosing): Promise<void> {
  try {
    await deps.chats.finishTurn(rows);
  } catch (error) {
    if (rows.mood === null) throw error;
    const { userId, petId } = rows.mood;
    deps.logger.warn('could not save the mood', { userId, petId, error: error as Error });
    await deps.chats.finishTurn({ ...rows, mood: null });
  }
}
