import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { Day, Mood } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { messageTime } from '../chat/timeline.ts';
import { EmotionBadge } from '../components/emotion.tsx';
import { ModelHelp } from '../components/model-help.tsx';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { formatDate } from '../format.ts';
import { emotionLabel, useI18n } from '../i18n/index.ts';
import { petActivity } from '../pet-now.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';
import { useAsync } from '../use-async.ts';

/** How far the day navigation goes from today, each way. */
const DAY_RANGE = 7;

/** A calendar date `days` away from `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The main screen (the paper's Figure 1): the pet, its mood, the day's schedule (today, or a day before or
 * after it), what the pet is doing when nothing is scheduled, and chat one tap away.
 */
export function HomePage() {
  const { api, pet, user, loadDay } = useApp();
  const { t } = useI18n();
  const petName = pet.profile.name;
  const [offset, setOffset] = useState(0);
  const [build, setBuild] = useState(false);
  const today = useAsync((signal) => loadDay('today', signal), [pet.id]);
  const todayDate = today.state.status === 'ok' ? today.state.data.date : null;
  const date = todayDate && offset !== 0 ? addDays(todayDate, offset) : null;
  // Another day is read as stored (nothing is generated) until the user asks to make it.
  const other = useAsync(
    (signal) =>
      date === null
        ? Promise.resolve(null)
        : build
          ? loadDay(date, signal)
          : api.storedDay(pet.id, date, signal),
    [pet.id, date, build],
  );
  const mood = useAsync((signal) => api.mood(pet.id, signal), [pet.id]);
  const go = (next: number) => {
    setBuild(false);
    setOffset(next);
  };
  const day = offset === 0 ? today : other;
  const notMade =
    day.state.status === 'error' && ApiError.is(day.state.error) && day.state.error.code === 'not_found';
  const shownDate = date ?? todayDate;

  return (
    <div className="home">
      <section className="card pet-card" aria-labelledby="pet-name">
        <PetAvatar name={pet.profile.name} avatarUrl={pet.avatarUrl} />
        <div className="pet-card-text">
          <p className="hello">{t('home.greeting', { name: user.callName || user.name })}</p>
          <PageTitle>
            <span id="pet-name">{petName}</span>
          </PageTitle>
          <MoodLine mood={mood.state.status === 'ok' ? mood.state.data : undefined} petName={petName} />
        </div>
        <Link href={paths.chat} className="button primary chat-cta">
          <span aria-hidden="true">💬</span> {t('home.chat', { pet: petName })}
        </Link>
      </section>

      <section aria-labelledby="schedule-heading" className="schedule">
        <div className="schedule-head">
          <h2 id="schedule-heading">
            {t('home.schedule', { pet: petName })}
            {shownDate && (
              <span className="date" data-testid="schedule-date">
                {' '}
                · {formatDate(shownDate, user.locale)}
              </span>
            )}
          </h2>
          {todayDate && (
            <nav className="day-nav" aria-label={t('home.dayNav')}>
              <button
                type="button"
                className="button secondary small"
                onClick={() => go(offset - 1)}
                disabled={offset <= -DAY_RANGE}
              >
                <span aria-hidden="true">‹ </span>
                {t('home.prevDay')}
              </button>
              {offset !== 0 && (
                <button type="button" className="button secondary small" onClick={() => go(0)}>
                  {t('home.backToday')}
                </button>
              )}
              <button
                type="button"
                className="button secondary small"
                onClick={() => go(offset + 1)}
                disabled={offset >= DAY_RANGE}
              >
                {t('home.nextDay')}
                <span aria-hidden="true"> ›</span>
              </button>
            </nav>
          )}
        </div>
        {day.state.status === 'loading' &&
          (build || offset === 0 ? (
            <Planning petName={petName} />
          ) : (
            <p className="hint">{t('app.loading')}</p>
          ))}
        {notMade && (
          <div className="card not-made" data-testid="day-not-made">
            <p>
              {offset < 0
                ? t('home.notBuiltPast', { pet: petName })
                : t('home.notBuiltFuture', { pet: petName })}
            </p>
            <button type="button" className="button primary" onClick={() => setBuild(true)}>
              {offset < 0 ? t('home.buildPast') : t('home.build')}
            </button>
          </div>
        )}
        {day.state.status === 'error' && !notMade && (
          <>
            <Notice kind="error" onRetry={day.reload}>
              {t('home.failed', { message: day.state.error.message })}
            </Notice>
            <ModelHelp code={ApiError.is(day.state.error) ? day.state.error.code : undefined} />
          </>
        )}
        {day.state.status === 'ok' && day.state.data && (
          <>
            <Activity day={day.state.data} petName={petName} />
            <Timeline day={day.state.data} />
          </>
        )}
      </section>
    </div>
  );
}

/** What the pet is doing when the schedule does not say: asleep, waking up, winding down. */
function Activity({ day, petName }: { day: Day; petName: string }) {
  const { t } = useI18n();
  const activity = petActivity(day.schedule, day.now);
  if (!activity) return null;
  const face = { asleep: '💤', waking: '🌅', 'winding-down': '🌙' }[activity];
  const key = {
    asleep: 'home.activity.asleep',
    waking: 'home.activity.waking',
    'winding-down': 'home.activity.winding-down',
  } as const;
  return (
    <p className={`pet-activity ${activity}`} data-testid="pet-activity" data-activity={activity}>
      <span aria-hidden="true">{face}</span> {t(key[activity], { pet: petName })}
    </p>
  );
}

function MoodLine({ mood, petName }: { mood: Mood | undefined; petName: string }) {
  const { t, locale } = useI18n();
  const { user } = useApp();
  if (!mood) return <p className="mood mood-unknown">&nbsp;</p>;
  const when = mood.updatedAt ? messageTime(mood.updatedAt, locale, user.timezone, new Date()) : null;
  const why =
    when === null
      ? t('home.moodUsual', { pet: petName })
      : mood.emotion === mood.baseline.emotion
        ? t('home.moodFaded', { when })
        : t('home.moodFromChat', { when });
  return (
    <div className="mood" data-testid="mood">
      <p className="mood-chip">
        <span className="visually-hidden">
          {t('home.moodLine', { pet: petName, emotion: emotionLabel(t, mood.emotion) })}
        </span>
        <span aria-hidden="true">
          <EmotionBadge emotion={mood.emotion} />
        </span>
        <span className="mood-why" data-testid="mood-why">
          {why}
        </span>
      </p>
      <details className="mood-help">
        <summary>{t('home.moodHelp')}</summary>
        <p>{t('home.moodAbout', { pet: petName, baseline: emotionLabel(t, mood.baseline.emotion) })}</p>
      </details>
    </div>
  );
}

/** The day is generated on its first request, which can take seconds: say so, and count them. */
function Planning({ petName }: { petName: string }) {
  const { t } = useI18n();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="planning card" data-testid="planning">
      <output>{t('home.planning', { pet: petName })}</output>
      <progress aria-label={t('home.planning', { pet: petName })} />
      <p className="hint">
        {t('home.planningHint')}{' '}
        <span aria-hidden="true">{seconds > 0 ? t('home.elapsed', { s: seconds }) : ''}</span>
      </p>
    </div>
  );
}

function Timeline({ day }: { day: Day }) {
  const { t } = useI18n();
  if (day.schedule.length === 0) return <p className="empty">{t('home.empty')}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {day.schedule.map((item, index) => (
        <li
          key={`${item.time}-${index}`}
          className={item.current ? 'slot current' : 'slot'}
          aria-current={item.current ? 'time' : undefined}
        >
          <Link href={paths.item(day.date, index)} className="slot-link">
            <time className="slot-time" dateTime={item.time}>
              {item.time}
            </time>
            <span className="slot-title">{item.title}</span>
            {item.current ? (
              <span className="now-marker" data-testid="now-marker">
                {t('home.now')}
              </span>
            ) : (
              <span />
            )}
            <span className="slot-chevron" aria-hidden="true">
              ›
            </span>
          </Link>
        </li>
      ))}
    </ol>
  );
}
