import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { EndpointTest, ModelSettings, ModelSettingsInput } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { AccountPanel, DisplayPanel, ProfilePanel } from '../components/account-panels.tsx';
import { Field } from '../components/field.tsx';
import { Notice } from '../components/notice.tsx';
import { OtherAppsPanel } from '../components/other-apps-panel.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ProactivePanel } from '../components/proactive-panel.tsx';
import { TrainingConsentPanel } from '../components/training-consent-panel.tsx';
import { type MessageKey, type Translate, useI18n } from '../i18n/index.ts';
import { useAsync } from '../use-async.ts';

/**
 * The user's profile and display, the machine's language model (operator or local), tokens for other apps,
 * messages the pet starts, training consent, and the account (recovery code, sign-out, export, erase).
 */
export function SettingsPage() {
  const { api } = useApp();
  const { t } = useI18n();
  const settings = useAsync((signal) => api.modelSettings(signal), []);
  return (
    <div className="settings">
      <PageTitle>{t('settings.title')}</PageTitle>
      <ProfilePanel />
      <DisplayPanel />
      <section aria-labelledby="model-heading" className="card">
        <h2 id="model-heading">{t('settings.model')}</h2>
        <p className="hint">{t('settings.modelIntro')}</p>
        {settings.state.status === 'loading' && <Notice kind="status">{t('app.loading')}</Notice>}
        {settings.state.status === 'error' &&
          (ApiError.is(settings.state.error) && settings.state.error.status === 403 ? (
            <Notice kind="status">{t('settings.forbidden')}</Notice>
          ) : (
            <Notice kind="error" onRetry={settings.reload}>
              {t('settings.failed', { message: settings.state.error.message })}
            </Notice>
          ))}
        {settings.state.status === 'ok' && (
          <ModelForm
            settings={settings.state.data}
            onChange={(data) => settings.setState({ status: 'ok', data })}
          />
        )}
      </section>
      <OtherAppsPanel />
      <ProactivePanel />
      <TrainingConsentPanel />
      <AccountPanel />
    </div>
  );
}

function ModelStatus({ settings }: { settings: ModelSettings }) {
  const { t } = useI18n();
  const { active } = settings;
  return (
    <>
      <p data-testid="model-in-use">
        {active.kind === 'openai-compatible'
          ? t('settings.inUse', { model: active.model, url: active.baseURL ?? '' })
          : active.model === 'default'
            ? t('settings.inUseDefault')
            : t('settings.inUseLocal', { model: active.model })}
      </p>
      {settings.downloadFailure && (
        <Notice kind="error">
          {t('settings.downloadFailed', { message: settings.downloadFailure.message })}
        </Notice>
      )}
      {settings.source === 'environment' && settings.environmentVariables.length > 0 && (
        <Notice kind="status">
          {t('settings.environment', { names: settings.environmentVariables.join(', ') })}
        </Notice>
      )}
    </>
  );
}

type Outcome =
  | { kind: 'tested'; test: EndpointTest }
  | { kind: 'saved'; test: EndpointTest; overridden: boolean }
  | { kind: 'not-saved'; test: EndpointTest }
  | { kind: 'forgotten' };

function ModelForm(props: { settings: ModelSettings; onChange: (settings: ModelSettings) => void }) {
  const { api } = useApp();
  const { t } = useI18n();
  const { saved } = props.settings;
  const [baseURL, setBaseURL] = useState(saved?.baseURL ?? '');
  const [model, setModel] = useState(saved?.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | 'forget' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [listed, setListed] = useState<string[]>([]);

  const input = (): ModelSettingsInput => ({
    baseURL: baseURL.trim(),
    model: model.trim(),
    // Write-only: empty keeps the saved key (same server), unless the user asked to remove it.
    ...(apiKey.trim() ? { apiKey: apiKey.trim() } : removeKey ? { apiKey: '' } : {}),
  });

  const run = async (kind: 'test' | 'save' | 'forget', work: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    setOutcome(null);
    try {
      await work();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(null);
    }
  };

  const test = () =>
    run('test', async () => {
      const result = await api.testModelSettings(input());
      setListed(result.models);
      setOutcome({ kind: 'tested', test: result });
    });

  const save = (event: FormEvent) => {
    event.preventDefault();
    return run('save', async () => {
      const result = await api.saveModelSettings(input());
      setListed(result.test.models);
      if (result.saved) {
        setApiKey('');
        setRemoveKey(false);
        props.onChange(result.settings);
        setOutcome({
          kind: 'saved',
          test: result.test,
          overridden: result.settings.source === 'environment',
        });
      } else {
        setOutcome({ kind: 'not-saved', test: result.test });
      }
    });
  };

  const forget = () =>
    run('forget', async () => {
      props.onChange(await api.clearModelSettings());
      setOutcome({ kind: 'forgotten' });
    });

  return (
    <>
      <ModelStatus settings={props.settings} />
      <form className="form" onSubmit={save} aria-labelledby="model-heading">
        <Field label={t('settings.baseUrl')} hint={t('settings.baseUrlHint')}>
          {(attrs) => (
            <input
              {...attrs}
              name="baseURL"
              type="url"
              inputMode="url"
              required
              autoComplete="url"
              placeholder="http://127.0.0.1:11434/v1"
              value={baseURL}
              onChange={(e) => setBaseURL(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('settings.modelName')} hint={t('settings.modelNameHint')}>
          {(attrs) => (
            <>
              <input
                {...attrs}
                name="model"
                required
                autoComplete="off"
                list="served-models"
                placeholder="qwen2.5:1.5b"
                value={model}
                onChange={(e) => setModel(e.target.value)}
              />
              <datalist id="served-models">
                {listed.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field
          label={t('settings.apiKey')}
          hint={
            saved?.hasApiKey
              ? `${t('settings.apiKeySaved')} ${t('settings.apiKeyHint')}`
              : t('settings.apiKeyHint')
          }
        >
          {(attrs) => (
            <input
              {...attrs}
              name="apiKey"
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
            />
          )}
        </Field>
        {saved?.hasApiKey && (
          <label className="checkbox">
            <input type="checkbox" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} />{' '}
            {t('settings.removeKey')}
          </label>
        )}
        <div className="actions">
          <button type="button" className="button secondary" disabled={busy !== null} onClick={test}>
            {busy === 'test' ? t('settings.testing') : t('settings.test')}
          </button>
          <button type="submit" className="button primary" disabled={busy !== null}>
            {busy === 'save' ? t('settings.testing') : t('settings.save')}
          </button>
          {saved && (
            <button type="button" className="button danger-quiet" disabled={busy !== null} onClick={forget}>
              {t('settings.forget')}
            </button>
          )}
        </div>
      </form>
      <div aria-live="polite">
        {outcome && <OutcomeNotice outcome={outcome} />}
        {error && <Notice kind="error">{error}</Notice>}
      </div>
      <p className="hint">{t('settings.localFile')}</p>
    </>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  if (outcome.kind === 'forgotten') return <Notice kind="status">{t('settings.forgotten')}</Notice>;
  const { test } = outcome;
  if (!test.ok) {
    return (
      <div className="notice notice-error" role="alert" data-testid="model-test-failed">
        <p>
          {outcome.kind === 'not-saved' ? `${t('settings.notSaved')} ` : ''}
          {failureText(t, test)}
        </p>
        <p className="hint">{t('settings.details', { message: test.message })}</p>
        {test.models.length > 0 && (
          <p className="hint">{t('settings.listed', { models: test.models.join(', ') })}</p>
        )}
      </div>
    );
  }
  const works = `${t('settings.works', { ms: test.latencyMs ?? 0 })}${test.simulator ? ` ${t('settings.simulator')}` : ''}`;
  return (
    <Notice kind="status">
      {outcome.kind === 'saved'
        ? `${works} ${outcome.overridden ? t('settings.savedOverridden') : t('settings.saved')}`
        : works}
    </Notice>
  );
}

function failureText(t: Translate, test: EndpointTest): string {
  return test.failure ? t(`settings.failure.${test.failure}` as MessageKey) : test.message;
}
