import { PageTitle } from '../components/page-title.tsx';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div>
      <PageTitle>{t('app.notFound')}</PageTitle>
      <Link href={paths.home} className="button primary">
        {t('app.goHome')}
      </Link>
    </div>
  );
}
