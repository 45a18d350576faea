import {
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
} from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ChatErrorInfo } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { chatReducer, initialChatState } from '../chat/chat-state.ts';
import { errorWords } from '../chat/error-words.ts';
import { chatItems, messageTime, sessionDay } from '../chat/timeline.ts';
import { ChatLineView } from '../components/chat-line.tsx';
import { EmotionBadge } from '../components/emotion.tsx';
import { ModelHelp } from '../components/model-help.tsx';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { emotionLabel, useI18n } from '../i18n/index.ts';
import { newIdempotencyKey } from '../session.ts';

const HISTORY_LIMIT = 30;

/** Whether earlier messages may be there: 'more' (a full page came), 'loading', 'failed', or 'start'. */
type Earlier = 'more' | 'loading' | 'failed' | 'start';

/** Chat with the pet: history, a streamed reply, the pet's emotion, and Retry when the model fails. */
export function ChatPage() {
  const { api, pet, user, refreshUnread } = useApp();
  const { t, locale } = useI18n();
  const petName = pet.profile.name;
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<Earlier>('start');
  /** The distance from the page's bottom kept while an earlier page is put above (the view stays put). */
  const keepFromBottom = useRef<number | null>(null);
  // The pet wrote first while the user was away: said once, and the messages are marked read on view.
  const [wrote, setWrote] = useState(false);
  const [draft, setDraft] = useState(() => initialDraft(t));
  const inFlight = useRef<AbortController | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.messages(pet.id, HISTORY_LIMIT, controller.signal).then(
      ({ messages }) => {
        dispatch({ type: 'history', messages });
        setEarlier(messages.length === HISTORY_LIMIT ? 'more' : 'start');
        // A first chat opens with the pet's greeting, before the user writes (the first turn stores it).
        if (messages.length === 0) {
          api.greeting(pet.id, controller.signal).then(
            ({ text }) => dispatch({ type: 'opening', text }),
            () => {},
          );
        }
        api.proactive(pet.id, controller.signal).then(
          async ({ unread }) => {
            if (unread === 0) return;
            setWrote(true);
            await api.markProactiveRead(pet.id);
            refreshUnread();
          },
          () => {},
        );
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setHistoryError(ApiError.is(error) ? error.code : 'network');
      },
    );
    return () => {
      controller.abort();
      inFlight.current?.abort();
    };
  }, [api, pet.id, refreshUnread]);

  const lastUid = state.lines.at(-1)?.uid;
  const lastLength = state.lines.at(-1)?.content.length ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the conversation as it grows at the end.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lastUid, lastLength, state.phase]);

  const firstUid = state.lines[0]?.uid;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when an earlier page went above.
  useLayoutEffect(() => {
    if (keepFromBottom.current === null) return;
    window.scrollTo(0, document.documentElement.scrollHeight - keepFromBottom.current);
    keepFromBottom.current = null;
  }, [firstUid]);

  const loadEarlier = async () => {
    const oldest = state.lines.find((l) => l.sessionId !== null);
    if (!oldest || earlier === 'loading') return;
    setEarlier('loading');
    try {
      const { messages } = await api.messages(pet.id, HISTORY_LIMIT, undefined, oldest.id);
      keepFromBottom.current = document.documentElement.scrollHeight - window.scrollY;
      dispatch({ type: 'earlier', messages });
      setEarlier(messages.length === HISTORY_LIMIT ? 'more' : 'start');
    } catch {
      setEarlier('failed');
    }
  };

  const runTurn = useCallback(
    async (text: string, key: string) => {
      const controller = new AbortController();
      inFlight.current = controller;
      let settled = false;
      try {
        for await (const part of api.chat(pet.id, { text, idempotencyKey: key }, controller.signal)) {
          dispatch({ type: 'part', part });
          if (part.type === 'finish' || part.type === 'error') settled = true;
        }
        if (!settled) dispatch({ type: 'fail', error: interrupted() });
      } catch (error) {
        if (controller.signal.aborted) return;
        dispatch({ type: 'fail', error: toErrorInfo(error) });
      } finally {
        if (inFlight.current === controller) inFlight.current = null;
      }
    },
    [api, pet.id],
  );

  const sending = state.phase === 'sending';
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || sending) return;
    const key = newIdempotencyKey();
    dispatch({ type: 'send', text, key, at: new Date().toISOString() });
    setDraft('');
    void runTurn(text, key);
  };
  const retry = () => {
    if (!state.turn) return;
    dispatch({ type: 'retry' });
    void runTurn(state.turn.text, state.turn.key);
    input.current?.focus();
  };
  const now = new Date();
  const dayLabel = (at: string) => {
    const day = sessionDay(at, locale, user.timezone, now);
    return day.kind === 'today'
      ? t('chat.sessionToday')
      : day.kind === 'yesterday'
        ? t('chat.sessionYesterday')
        : day.text;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line; an IME composing Chinese also uses Enter.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };

  return (
    <div className="chat">
      <header className="chat-head">
        <PetAvatar name={pet.profile.name} avatarUrl={pet.avatarUrl} size="small" />
        <PageTitle>{t('chat.title', { pet: petName })}</PageTitle>
        <output className="chat-emotion" data-testid="chat-emotion">
          {state.emotion && (
            <>
              <span className="visually-hidden">
                {t('chat.emotion', { emotion: emotionLabel(t, state.emotion) })}
              </span>
              <span aria-hidden="true">
                <EmotionBadge emotion={state.emotion} />
              </span>
            </>
          )}
        </output>
      </header>

      {historyError && (
        <Notice kind="error">
          {t('chat.loadFailed', { message: t(errorWords(historyError), { pet: petName }) })}
        </Notice>
      )}
      {wrote && (
        <p className="hint" data-testid="proactive-note">
          {t('proactive.wrote', { pet: petName })}
        </p>
      )}

      <div
        className="messages"
        role="log"
        aria-live="polite"
        aria-label={t('chat.history')}
        data-testid="messages"
      >
        {earlier !== 'start' && (
          <div className="earlier">
            <button
              type="button"
              className="button secondary"
              onClick={loadEarlier}
              disabled={earlier === 'loading'}
            >
              {earlier === 'loading' ? t('chat.earlierLoading') : t('chat.earlier')}
            </button>
            {earlier === 'failed' && (
              <p className="hint" role="alert">
                {t('chat.earlierFailed')}
              </p>
            )}
          </div>
        )}
        {earlier === 'start' && state.lines.some((l) => l.sessionId) && (
          <p className="hint beginning">{t('chat.beginning', { pet: petName })}</p>
        )}
        {state.lines.length === 0 && !historyError && (
          <p className="empty">{t('chat.empty', { pet: petName })}</p>
        )}
        {chatItems(state.lines, earlier === 'start').map((item) =>
          item.kind === 'divider' ? (
            <p key={item.key} className="session-divider" data-testid="session-divider">
              <span>{t('chat.sessionStart', { day: dayLabel(item.at) })}</span>
            </p>
          ) : (
            <ChatLineView
              key={item.key}
              line={item.line}
              petName={petName}
              names={{ user: user.callName || user.name, char: petName }}
              sending={sending}
              failedTurn={state.phase === 'failed'}
              time={item.line.createdAt ? messageTime(item.line.createdAt, locale, user.timezone, now) : ''}
            />
          ),
        )}
        {state.phase === 'failed' && state.error && (
          // In the list, right after the message it is about (never under the composer).
          <div className="notice notice-error chat-error" role="alert" data-testid="chat-error">
            <p>{t(errorWords(state.error.code), { pet: petName })}</p>
            {state.turn && (
              <button type="button" className="button secondary" onClick={retry}>
                {t('chat.retry')}
              </button>
            )}
            <ModelHelp code={state.error.code} />
          </div>
        )}
        <div ref={end} className="messages-end" />
      </div>

      <form className="composer" onSubmit={send}>
        <label htmlFor="chat-input" className="visually-hidden">
          {t('chat.input')}
        </label>
        <textarea
          id="chat-input"
          ref={input}
          rows={1}
          maxLength={4000}
          placeholder={t('chat.placeholder', { pet: petName })}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button primary" disabled={sending || draft.trim() === ''}>
          {t('chat.send')}
        </button>
      </form>
    </div>
  );
}

/** The item page links here with `?draft=<title>` to start a conversation about that part of the day. */
function initialDraft(t: ReturnType<typeof useI18n>['t']): string {
  const params = new URLSearchParams(window.location.search);
  const title = params.get('draft');
  if (!title) return '';
  window.history.replaceState(window.history.state, '', window.location.pathname);
  return t('chat.askAbout', { title });
}

function interrupted(): ChatErrorInfo {
  return { code: 'interrupted', message: 'the reply was cut off', retryable: true };
}

function toErrorInfo(error: unknown): ChatErrorInfo {
  if (ApiError.is(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  return {
    code: 'network',
    message: error instanceof Error ? error.message : String(error),
    retryable: true,
  };
}
