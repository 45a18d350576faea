import { type FormEvent, useState } from 'react';
import type { ProactivePreferences } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/index.ts';
import { Notice } from './notice.tsx';

/**
 * Messages the pet starts (issue 18): the opt-in (off until turned on), the quiet hours in the user's time
 * zone and the daily cap, saved through PATCH /api/v1/me.
 */
export function ProactivePanel() {
  const { api, user, pet } = useApp();
  const { t } = useI18n();
  const [prefs, setPrefs] = useState<ProactivePreferences>(user.proactive);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' } | { kind: 'error'; message: string } | null>(null);
  const name = pet.profile.name;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const { user: updated } = await api.updateMe({ proactive: prefs });
      setPrefs(updated.proactive);
      setStatus({ kind: 'saved' });
    } catch (cause) {
      setStatus({ kind: 'error', message: cause instanceof Error ? cause.message : String(cause) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="proactive-heading" className="card">
      <h2 id="proactive-heading">{t('proactive.title', { pet: name })}</h2>
      <p className="hint">{t('proactive.explain', { pet: name })}</p>
      <form onSubmit={save} data-testid="proactive-form">
        <label className="checkbox">
          <input
            type="checkbox"
            name="proactiveEnabled"
            checked={prefs.enabled}
            disabled={busy}
            onChange={(e) => setPrefs({ ...prefs, enabled: e.target.checked })}
          />{' '}
          {t('proactive.enabled', { pet: name })}
        </label>
        <div className="row">
          <label>
            {t('proactive.quietStart')}{' '}
            <input
              type="time"
              name="quietStart"
              required
              value={prefs.quietStart}
              disabled={busy}
              onChange={(e) => setPrefs({ ...prefs, quietStart: e.target.value })}
            />
          </label>{' '}
          <label>
            {t('proactive.quietEnd')}{' '}
            <input
              type="time"
              name="quietEnd"
              required
              value={prefs.quietEnd}
              disabled={busy}
              onChange={(e) => setPrefs({ ...prefs, quietEnd: e.target.value })}
            />
          </label>{' '}
          <label>
            {t('proactive.dailyCap')}{' '}
            <input
              type="number"
              name="dailyCap"
              min={0}
              max={5}
              required
              value={prefs.dailyCap}
              disabled={busy}
              onChange={(e) => setPrefs({ ...prefs, dailyCap: Number(e.target.value) })}
            />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          {t('proactive.save')}
        </button>
        <p aria-live="polite" data-testid="proactive-state">
          {status?.kind === 'saved' ? t('proactive.saved') : ''}
        </p>
      </form>
      {status?.kind === 'error' && <Notice kind="error">{status.message}</Notice>}
    </section>
  );
}
