import { type FormEvent, useState } from 'react';
import type { PetProfile } from '../api/types.ts';
import { useI18n } from '../i18n/index.ts';
import { Field } from './field.tsx';
import { Notice } from './notice.tsx';

/** The profile fields the app edits; the rest of a profile (card lists, scenario...) is kept as it is. */
export type PetFields = Pick<
  PetProfile,
  'kind' | 'name' | 'appearance' | 'personality' | 'speakingStyle' | 'greeting'
>;

const EMPTY: PetFields = {
  kind: '',
  name: '',
  appearance: '',
  personality: '',
  speakingStyle: '',
  greeting: '',
};

/**
 * A pet's profile as a form, to create a pet or edit one. `onSubmit` does the request; its failure is shown
 * under the form (the server's validation message says which field).
 */
export function PetForm(props: {
  heading: string;
  intro?: string;
  initial?: Partial<PetFields>;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (fields: PetFields) => Promise<void>;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<PetFields>(() => {
    const initial: Partial<PetFields> = props.initial ?? {};
    return Object.fromEntries(
      Object.entries(EMPTY).map(([key, empty]) => [key, initial[key as keyof PetFields] ?? empty]),
    ) as PetFields;
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof PetFields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()])) as PetFields;
      await props.onSubmit(trimmed);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  const line = (key: keyof PetFields, label: string, hint?: string, required = false) => (
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
  const area = (key: keyof PetFields, label: string, hint: string, max = 1000) => (
    <Field label={label} hint={hint}>
      {(attrs) => (
        <textarea {...attrs} name={key} rows={3} maxLength={max} value={fields[key]} onChange={set(key)} />
      )}
    </Field>
  );

  return (
    <form className="card form" onSubmit={submit} aria-label={props.heading}>
      <h2>{props.heading}</h2>
      {props.intro && <p className="hint">{props.intro}</p>}
      {line('kind', t('onboarding.kind'), t('onboarding.kindHint'), true)}
      {line('name', t('onboarding.petName'), undefined, true)}
      {area('appearance', t('onboarding.appearance'), t('onboarding.appearanceHint'))}
      {area('personality', t('onboarding.personality'), t('onboarding.personalityHint'), 2000)}
      {area('speakingStyle', t('onboarding.speakingStyle'), t('onboarding.speakingStyleHint'))}
      {area('greeting', t('pets.greeting'), t('pets.greetingHint'))}
      {error && <Notice kind="error">{t('pets.saveFailed', { message: error })}</Notice>}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? props.busyLabel : props.submitLabel}
      </button>
    </form>
  );
}
