import { type FormEvent, useState } from 'react';
import type { Locale } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import {
  applyDisplayPrefs,
  type DisplayPrefs,
  readDisplayPrefs,
  type TextSize,
  type Theme,
} from '../display.ts';
import { useI18n } from '../i18n/index.ts';
import { Field } from './field.tsx';
import { Notice } from './notice.tsx';
import { downloadBlob, RecoveryCode } from './recovery-code.tsx';

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

function knownTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** Name, call name, time zone (searchable IANA list), language and interests, saved with PATCH /api/v1/me. */
export function ProfilePanel() {
  const { api, user, setUser } = useApp();
  const { t } = useI18n();
  const [zones] = useState(knownTimeZones);
  const [fields, setFields] = useState({
    name: user.name,
    callName: user.callName,
    timezone: user.timezone,
    locale: user.locale as Locale,
    interests: user.interests.join(', '),
  });
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => {
    setStatus(null);
    setFields((f) => ({ ...f, [key]: e.target.value }));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const timezone = fields.timezone.trim();
    // Etc/UTC and other aliases are not all in the browser's list; the server checks the zone either way.
    if (zones.length > 0 && !zones.includes(timezone) && timezone !== 'UTC' && timezone !== user.timezone) {
      setError(t('settings.timezoneUnknown'));
      return;
    }
    setBusy(true);
    try {
      const { user: updated } = await api.updateMe({
        name: fields.name.trim(),
        callName: fields.callName.trim(),
        timezone,
        locale: fields.locale,
        interests: fields.interests
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 20),
      });
      setUser(updated);
      setStatus(t('settings.profileSaved'));
    } catch (cause) {
      setError(t('settings.actionFailed', { message: message(cause) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="profile-heading" className="card">
      <h2 id="profile-heading">{t('settings.profile')}</h2>
      <form className="form" onSubmit={save} aria-labelledby="profile-heading">
        <Field label={t('settings.name')}>
          {(attrs) => (
            <input
              {...attrs}
              name="name"
              required
              maxLength={80}
              value={fields.name}
              onChange={set('name')}
            />
          )}
        </Field>
        <Field label={t('settings.callName')}>
          {(attrs) => (
            <input
              {...attrs}
              name="callName"
              maxLength={80}
              value={fields.callName}
              onChange={set('callName')}
            />
          )}
        </Field>
        <Field label={t('settings.timezone')} hint={t('settings.timezoneHint')}>
          {(attrs) => (
            <>
              <input
                {...attrs}
                name="timezone"
                list="settings-timezones"
                required
                autoComplete="off"
                spellCheck={false}
                value={fields.timezone}
                onChange={set('timezone')}
                onFocus={(e) => e.target.select()}
              />
              <datalist id="settings-timezones">
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('settings.language')}>
          {(attrs) => (
            <select {...attrs} name="locale" value={fields.locale} onChange={set('locale')}>
              <option value="en">English</option>
              <option value="zh">中文</option>
            </select>
          )}
        </Field>
        <Field label={t('settings.interests')} hint={t('settings.interestsHint')}>
          {(attrs) => (
            <input
              {...attrs}
              name="interests"
              maxLength={1700}
              value={fields.interests}
              onChange={set('interests')}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('settings.savingProfile') : t('settings.saveProfile')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {status && <Notice kind="status">{status}</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
      </div>
    </section>
  );
}

/** Colours (system, light, dark) and text size, for this browser. */
export function DisplayPanel() {
  const { t } = useI18n();
  const [prefs, setPrefs] = useState<DisplayPrefs>(readDisplayPrefs);
  const change = (next: Partial<DisplayPrefs>) => setPrefs(applyDisplayPrefs({ ...prefs, ...next }, true));
  const themes: Theme[] = ['system', 'light', 'dark'];
  const sizes: TextSize[] = ['small', 'normal', 'large'];
  return (
    <section aria-labelledby="display-heading" className="card">
      <h2 id="display-heading">{t('settings.display')}</h2>
      <fieldset className="segmented">
        <legend>{t('settings.theme')}</legend>
        {themes.map((theme) => (
          <label key={theme}>
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={prefs.theme === theme}
              onChange={() => change({ theme })}
            />
            {t(`settings.theme.${theme}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>{t('settings.textSize')}</legend>
        {sizes.map((textSize) => (
          <label key={textSize}>
            <input
              type="radio"
              name="textSize"
              value={textSize}
              checked={prefs.textSize === textSize}
              onChange={() => change({ textSize })}
            />
            {t(`settings.textSize.${textSize}`)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

/** A new recovery code, sign-out, the export of everything and the account's erasure (typed confirmation). */
export function AccountPanel() {
  const { api, user, signedOut } = useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState<'code' | 'signout' | 'export' | 'erase' | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);

  const run = async (kind: NonNullable<typeof busy>, work: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
    } catch (cause) {
      setError(t('settings.actionFailed', { message: message(cause) }));
    } finally {
      setBusy(null);
    }
  };
  const typed = confirm.trim();
  const confirmed = typed.toLowerCase() === 'delete' || (typed !== '' && typed === user.name.trim());

  return (
    <section aria-labelledby="account-heading" className="card">
      <h2 id="account-heading">{t('settings.account')}</h2>
      <p className="hint">{t('settings.newCodeIntro')}</p>
      <div className="actions">
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() => run('code', async () => setCode((await api.newRecoveryCode()).recoveryCode))}
        >
          {t('settings.newCode')}
        </button>
      </div>
      {code && <RecoveryCode code={code} name={user.name} />}
      <p className="hint">{t('settings.signOutHint')}</p>
      <div className="actions">
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() =>
            run('signout', async () => {
              await api.signOut();
              signedOut();
            })
          }
        >
          {t('settings.signOut')}
        </button>
      </div>
      <p className="hint">{t('settings.exportHint')}</p>
      <div className="actions">
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() =>
            run('export', async () =>
              downloadBlob(await api.exportMe(), `ipet-export-${new Date().toISOString().slice(0, 10)}.json`),
            )
          }
        >
          {busy === 'export' ? t('settings.exporting') : t('settings.export')}
        </button>
      </div>
      <form
        className="form"
        aria-labelledby="erase-heading"
        onSubmit={(event) => {
          event.preventDefault();
          if (!confirmed) return;
          void run('erase', async () => {
            await api.eraseMe();
            // The session went with the account; the cookie is cleared too.
            await api.signOut().catch(() => {});
            signedOut();
          });
        }}
      >
        <h3 id="erase-heading">{t('settings.erase')}</h3>
        <p className="hint">{t('settings.eraseIntro')}</p>
        <Field label={t('settings.eraseConfirm', { name: user.name })}>
          {(attrs) => (
            <input
              {...attrs}
              name="eraseConfirm"
              autoComplete="off"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button danger" disabled={!confirmed || busy !== null}>
          {busy === 'erase' ? t('settings.erasing') : t('settings.erase')}
        </button>
      </form>
      <div aria-live="polite">{error && <Notice kind="error">{error}</Notice>}</div>
    </section>
  );
}
