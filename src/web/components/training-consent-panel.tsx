import { useState } from 'react';
import type { User } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/index.ts';
import { Notice } from './notice.tsx';

/**
 * The opt-in to the user's conversations being used as training data (issue 21): off until turned on, saved
 * at once through PATCH /api/v1/me, and the date of the last change shown.
 */
export function TrainingConsentPanel() {
  const { api, user } = useApp();
  const { t, locale } = useI18n();
  const [current, setCurrent] = useState<Pick<User, 'trainingConsent' | 'trainingConsentAt'>>(user);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const change = async (consent: boolean) => {
    const before = current;
    // Shown at once; the server's answer (with the time of the change) replaces it, a failure undoes it.
    setCurrent({ trainingConsent: consent, trainingConsentAt: null });
    setBusy(true);
    setError(null);
    try {
      const { user: updated } = await api.updateMe({ trainingConsent: consent });
      setCurrent(updated);
    } catch (cause) {
      setCurrent(before);
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  const since = current.trainingConsentAt
    ? new Date(current.trainingConsentAt).toLocaleDateString(locale)
    : null;
  return (
    <section aria-labelledby="training-heading" className="card">
      <h2 id="training-heading">{t('training.title')}</h2>
      <p className="hint">{t('training.explain')}</p>
      <label className="checkbox">
        <input
          type="checkbox"
          name="trainingConsent"
          checked={current.trainingConsent}
          disabled={busy}
          onChange={(e) => change(e.target.checked)}
        />{' '}
        {t('training.label')}
      </label>
      <p data-testid="training-consent-state" aria-live="polite">
        {current.trainingConsent
          ? since
            ? t('training.on', { date: since })
            : t('training.onNow')
          : since
            ? t('training.withdrawn', { date: since })
            : t('training.off')}
      </p>
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}
