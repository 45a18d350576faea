import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { Day, Mood } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { EmotionBadge } from '../components/emotion.tsx';
import { ModelHelp } from '../components/model-help.tsx';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { formatDate } from '../format.ts';
import { emotionLabel, useI18n } from '../i18n/index.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';
import { useAsync } from '../use-async.ts';

/** The main screen (the paper's Figure 1): the pet, its mood, today's schedule, and chat one tap away. */
export function HomePage() {
  const { api, pet, user, loadDay } = useApp();
  const { t } = useI18n();
  const petName = pet.profile.name;
  const day = useAsync((signal) => loadDay('today', signal), [pet.id]);
  const mood = useAsync((signal) => api.mood(pet.id, signal), [pet.id]);

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
        <h2 id="schedule-heading">
          {t('home.schedule', { pet: petName })}
          {day.state.status === 'ok' && (
            <span className="date"> · {formatDate(day.state.data.date, user.locale)}</span>
          )}
        </h2>
        {day.state.status === 'loading' && <Planning petName={petName} />}
        {day.state.status === 'error' && (
          <>
            <Notice kind="error" onRetry={day.reload}>
              {t('home.failed', { message: day.state.error.message })}
            </Notice>
            <ModelHelp code={ApiError.is(day.state.error) ? day.state.error.code : undefined} />
          </>
        )}
        {day.state.status === 'ok' && <Timeline day={day.state.data} />}
      </section>
    </div>
  );
}

function MoodLine({ mood, petName }: { mood: Mood | undefined; petName: string }) {
  const { t } = useI18n();
  if (!mood) return <p className="mood mood-unknown">&nbsp;</p>;
  return (
    <p className="mood" data-testid="mood">
      <span className="visually-hidden">
        {t('home.moodLine', { pet: petName, emotion: emotionLabel(t, mood.emotion) })}
      </span>
      <span aria-hidden="true">
        <EmotionBadge emotion={mood.emotion} />
      </span>
    </p>
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
