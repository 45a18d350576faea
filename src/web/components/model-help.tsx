import { useI18n } from '../i18n/index.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';

/**
 * Under an error whose cause is the model set-up (code `config`: no model, or its download failed): a way
 * to the settings page, where another model can be chosen and tested.
 */
export function ModelHelp({ code }: { code: string | undefined }) {
  const { t } = useI18n();
  if (code !== 'config') return null;
  return (
    <p className="model-help" data-testid="model-help">
      {t('modelHelp.text')} <Link href={paths.settings}>{t('modelHelp.link')}</Link>
    </p>
  );
}
