import type { ReactNode } from 'react';
import type { ChatLine } from '../chat/chat-state.ts';
import { emotionLabel, useI18n } from '../i18n/index.ts';
import { type CardNames, CardText } from './card-text.tsx';
import { EmotionBadge } from './emotion.tsx';

/** One line of the conversation: the user's message, the pet's (maybe streaming) reply, or an app notice. */
export function ChatLineView(props: {
  line: ChatLine;
  petName: string;
  /** How `{{user}}` and `{{char}}` read in the pet's lines (card greetings use them). */
  names?: CardNames;
  sending: boolean;
  failedTurn: boolean;
  /** When it was written, in the user's time zone (empty for the greeting shown before the first message). */
  time?: string;
}) {
  const { line, petName } = props;
  const { t } = useI18n();

  if (line.role === 'notice') {
    const crisis = line.kind === 'crisis';
    const label = crisis
      ? t('chat.crisisLabel')
      : line.kind === 'concern'
        ? t('chat.concernLabel')
        : t('chat.noticeLabel');
    return (
      <aside
        className={`system-notice ${crisis ? 'crisis' : ''} ${line.kind === 'concern' ? 'concern' : ''}`}
        data-testid={`notice-${line.kind}`}
      >
        <p className="system-notice-label">{label}</p>
        <p className="system-notice-text">{linkify(line.content)}</p>
      </aside>
    );
  }

  const streaming = line.status === 'streaming';
  return (
    <div
      className={`bubble ${line.role} ${line.status}`}
      aria-busy={streaming ? true : undefined}
      data-testid={line.role === 'pet' ? 'pet-line' : 'user-line'}
    >
      <span className="visually-hidden">{line.role === 'pet' ? `${petName}:` : `${t('chat.you')}:`}</span>
      {streaming && line.content === '' ? (
        <span className="typing">{t('chat.typing', { pet: petName })}</span>
      ) : (
        <span className="bubble-text">
          {line.role === 'pet' ? (
            <CardText text={line.content} {...(props.names ? { names: props.names } : {})} />
          ) : (
            line.content
          )}
        </span>
      )}
      {(props.time || (line.role === 'pet' && line.emotion && !streaming)) && (
        <span className="bubble-meta">
          {line.role === 'pet' && line.emotion && !streaming && (
            <span className="bubble-emotion" data-testid="reply-emotion">
              <span className="visually-hidden">
                {t('chat.replyEmotion', { pet: petName, emotion: emotionLabel(t, line.emotion) })}
              </span>
              <span aria-hidden="true">
                <EmotionBadge emotion={line.emotion} />
              </span>
            </span>
          )}
          {props.time && line.createdAt && (
            <time className="bubble-time" dateTime={line.createdAt} data-testid="message-time">
              {props.time}
            </time>
          )}
        </span>
      )}
      {line.role === 'user' && line.status === 'pending' && !props.sending && (
        <span className="bubble-note">{t('chat.pendingOld')}</span>
      )}
      {line.role === 'user' && line.status === 'failed' && (line.missing || !props.failedTurn) && (
        <span className="bubble-note" data-testid="reply-missing">
          <span aria-hidden="true">⚠ </span>
          {line.missing === 'cut-off' ? t('chat.cutOff') : t('chat.failedOld')}
        </span>
      )}
    </div>
  );
}

const LINK =
  /\b(https?:\/\/[^\s)]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|gov|cn|uk|ie)(?:\/[^\s)]*)?)/gi;

/** Web addresses in a notice (helplines' sites) become links that open in a new tab. */
export function linkify(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const at = match.index ?? 0;
    const address = match[0].replace(/[.,;:]+$/, '');
    if (at > last) out.push(text.slice(last, at));
    const href = /^https?:\/\//i.test(address) ? address : `https://${address}`;
    out.push(
      <a key={at} href={href} target="_blank" rel="noopener noreferrer">
        {address}
      </a>,
    );
    last = at + address.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
