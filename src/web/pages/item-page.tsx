import { useEffect } from 'react';
import { useApp } from '../app-context.ts';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { formatDate } from '../format.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';
import { useAsync } from '../use-async.ts';

/** One schedule item with its detail (the paper's T3, about 50 words). */
export function ItemPage({ date, index }: { date: string; index: number }) {
  const { api, pet, user, loadDay } = useApp();
  const { t } = useI18n();
  const day = useAsync((signal) => loadDay(date, signal), [pet.id, date]);
  const item = day.state.status === 'ok' ? day.state.data.schedule[index] : undefined;
  const when = formatDate(date, user.locale);
  const shown = item !== undefined;

  // The detail is on screen: one anonymous `detail_view` (ids and position only) for the engagement report.
  useEffect(() => {
    if (!shown) return;
    api.recordEvent({ kind: 'detail_view', petId: pet.id, date, index }).catch(() => {});
  }, [api, shown, pet.id, date, index]);

  // One h1 in every state, so that the focus put on it by the navigation stays there when the day loads.
  let title = when;
  if (day.state.status === 'loading') title = t('app.loading');
  else if (item) title = item.title;

  return (
    <article className="item">
      <Link href={paths.home} className="back">
        <span aria-hidden="true">‹</span> {t('app.back')}
      </Link>
      <div className="card item-card">
        {item && (
          <p className="item-when">
            <time dateTime={`${date}T${item.time}`}>
              {when} · {item.time}
            </time>
            {item.current && <span className="now-marker">{t('home.now')}</span>}
          </p>
        )}
        <PageTitle>{title}</PageTitle>
        {day.state.status === 'loading' && <progress aria-label={t('app.loading')} />}
        {day.state.status === 'error' && (
          <Notice kind="error" onRetry={day.reload}>
            {day.state.error.message}
          </Notice>
        )}
        {day.state.status === 'ok' && !item && <p>{t('item.missing')}</p>}
        {item && (
          <>
            <p className="item-detail" data-testid="item-detail">
              {item.detail}
            </p>
            <Link href={`${paths.chat}?draft=${encodeURIComponent(item.title)}`} className="button secondary">
              <span aria-hidden="true">💬</span> {t('item.chatAbout', { pet: pet.profile.name })}
            </Link>
          </>
        )}
      </div>
    </article>
  );
}
