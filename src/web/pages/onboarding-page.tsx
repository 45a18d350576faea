import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ApiClient } from '../api/client.ts';
import type { AgeBand, Locale, Pet, User } from '../api/types.ts';
import { CardImport } from '../components/card-import.tsx';
import { Field } from '../components/field.tsx';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RecoveryCode } from '../components/recovery-code.tsx';
import { useI18n } from '../i18n/index.ts';

interface Props {
  api: ApiClient;
  /** Set when the profile exists but no pet yet (step 2). */
  user: User | undefined;
  signedOut: boolean;
  onSignedUp: (token: string, user: User) => Promise<void> | void;
  /** This browser was signed in with a recovery code: the app loads the account. */
  onSignedIn: () => void;
  onPetCreated: (pet: Pet) => void;
}

/**
 * Step 1 creates the user (shows their recovery code once), step 2 the pet. A visitor with an account signs
 * in with their recovery code instead.
 */
export function OnboardingPage(props: Props) {
  const { t } = useI18n();
  const [signingIn, setSigningIn] = useState(false);
  const [code, setCode] = useState<{ code: string; name: string } | null>(null);
  const step = props.user ? 2 : 1;
  return (
    <div className="onboarding">
      <PageTitle>{t('onboarding.welcome')}</PageTitle>
      <p className="lead">{t('onboarding.intro')}</p>
      {props.signedOut && <Notice kind="status">{t('app.signedOut')}</Notice>}
      {step === 1 && signingIn ? (
        <>
          <SignInForm api={props.api} onDone={props.onSignedIn} />
          <p>
            <button type="button" className="link-button" onClick={() => setSigningIn(false)}>
              {t('account.newProfile')}
            </button>
          </p>
        </>
      ) : code ? (
        <RecoveryCode code={code.code} name={code.name} onKept={() => setCode(null)} />
      ) : step === 1 ? (
        <>
          <p className="step">{t('onboarding.step', { n: step })}</p>
          <UserForm
            api={props.api}
            onDone={async (token, user, recoveryCode) => {
              setCode({ code: recoveryCode, name: user.name });
              await props.onSignedUp(token, user);
            }}
          />
          <p>
            <button type="button" className="link-button" onClick={() => setSigningIn(true)}>
              {t('account.haveCode')}
            </button>
          </p>
        </>
      ) : (
        <>
          <p className="step">{t('onboarding.step', { n: step })}</p>
          <PetForm api={props.api} onDone={props.onPetCreated} />
          <CardImport api={props.api} onImported={props.onPetCreated} />
        </>
      )}
    </div>
  );
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function knownTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function SignInForm({ api, onDone }: { api: ApiClient; onDone: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn({ recoveryCode: code.trim() });
      onDone();
    } catch (cause) {
      setError(
        ApiError.is(cause) && cause.status === 429
          ? t('account.tooMany')
          : ApiError.is(cause) && cause.status === 401
            ? t('account.signInFailed')
            : cause instanceof Error
              ? cause.message
              : String(cause),
      );
      setBusy(false);
    }
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="signin-heading">
      <h2 id="signin-heading">{t('account.signIn')}</h2>
      <p className="hint">{t('account.signInIntro')}</p>
      <Field label={t('account.code')} hint={t('account.codeHint')}>
        {(attrs) => (
          <input
            {...attrs}
            name="recoveryCode"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={100}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('account.signingIn') : t('account.signIn')}
      </button>
    </form>
  );
}

function UserForm({
  api,
  onDone,
}: {
  api: ApiClient;
  onDone: (token: string, user: User, recoveryCode: string) => Promise<void>;
}) {
  const { t, locale, setLocale } = useI18n();
  const [name, setName] = useState('');
  const [callName, setCallName] = useState('');
  const [timezone, setTimezone] = useState(browserTimeZone);
  const [ageBand, setAgeBand] = useState<AgeBand>('unknown');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [zones] = useState(knownTimeZones);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user, token, recoveryCode } = await api.createUser({
        name: name.trim(),
        ...(callName.trim() ? { callName: callName.trim() } : {}),
        timezone: timezone.trim(),
        locale,
        ageBand,
      });
      await onDone(token, user, recoveryCode);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="you-heading">
      <h2 id="you-heading">{t('onboarding.you')}</h2>
      <Field label={t('onboarding.name')}>
        {(attrs) => (
          <input
            {...attrs}
            name="name"
            autoComplete="given-name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('onboarding.callName')} hint={t('onboarding.callNameHint')}>
        {(attrs) => (
          <input
            {...attrs}
            name="callName"
            autoComplete="nickname"
            maxLength={80}
            value={callName}
            onChange={(e) => setCallName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('onboarding.timezone')} hint={t('onboarding.timezoneHint')}>
        {(attrs) => (
          <>
            <input
              {...attrs}
              name="timezone"
              list="timezones"
              required
              autoComplete="off"
              value={timezone}
              onChange={(e) => setTimezone(e.target.value)}
            />
            <datalist id="timezones">
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label={t('onboarding.locale')}>
        {(attrs) => (
          <select
            {...attrs}
            name="locale"
            value={locale}
            onChange={(e) => setLocale(e.target.value as Locale)}
          >
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        )}
      </Field>
      <Field label={t('onboarding.ageBand')}>
        {(attrs) => (
          <select
            {...attrs}
            name="ageBand"
            value={ageBand}
            onChange={(e) => setAgeBand(e.target.value as AgeBand)}
          >
            <option value="adult">{t('onboarding.age.adult')}</option>
            <option value="minor">{t('onboarding.age.minor')}</option>
            <option value="unknown">{t('onboarding.age.unknown')}</option>
          </select>
        )}
      </Field>
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('onboarding.creating') : t('onboarding.next')}
      </button>
    </form>
  );
}

function PetForm({ api, onDone }: { api: ApiClient; onDone: Props['onPetCreated'] }) {
  const { t } = useI18n();
  const [fields, setFields] = useState({
    kind: '',
    name: '',
    appearance: '',
    personality: '',
    speakingStyle: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()]));
      const { pet } = await api.createPet({ ...trimmed, name: fields.name.trim(), kind: fields.kind.trim() });
      onDone(pet);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  };

  const text = (key: keyof typeof fields, label: string, hint?: string, required = false) => (
    <Field label={label} {...(hint ? { hint } : {})}>
      {(attrs) => (
        <input
          {...attrs}
          name={key}
          required={required}
          maxLength={80}
          value={fields[key]}
          onChange={set(key)}
        />
      )}
    </Field>
  );
  const area = (key: keyof typeof fields, label: string, hint: string) => (
    <Field label={label} hint={hint}>
      {(attrs) => (
        <textarea {...attrs} name={key} rows={2} maxLength={1000} value={fields[key]} onChange={set(key)} />
      )}
    </Field>
  );

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="pet-heading">
      <h2 id="pet-heading">{t('onboarding.pet')}</h2>
      <p className="hint">{t('onboarding.petIntro')}</p>
      {text('kind', t('onboarding.kind'), t('onboarding.kindHint'), true)}
      {text('name', t('onboarding.petName'), undefined, true)}
      {area('appearance', t('onboarding.appearance'), t('onboarding.appearanceHint'))}
      {area('personality', t('onboarding.personality'), t('onboarding.personalityHint'))}
      {area('speakingStyle', t('onboarding.speakingStyle'), t('onboarding.speakingStyleHint'))}
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('onboarding.creating') : t('onboarding.create')}
      </button>
    </form>
  );
}
