import { type ChangeEvent, useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import { useApp } from '../app-context.ts';
import { Field } from '../components/field.tsx';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { PetForm } from '../components/pet-form.tsx';
import { fitImage } from '../fit-image.ts';
import { type Translate, useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../router/history.tsx';
import { paths } from '../router/routes.ts';

/** Largest portrait the server keeps. */
const MAX_PORTRAIT_BYTES = 1024 * 1024;

/** One pet's profile, portrait, and deletion (with what it erases said first). */
export function EditPetPage({ petId }: { petId: string }) {
  const { pets } = useApp();
  const { t } = useI18n();
  const pet = pets.find((p) => p.id === petId);
  if (!pet) {
    return (
      <div>
        <PageTitle>{t('pets.missing')}</PageTitle>
        <Link href={paths.pets}>{t('pets.title')}</Link>
      </div>
    );
  }
  return <EditPet key={pet.id} petId={pet.id} />;
}

function EditPet({ petId }: { petId: string }) {
  const { api, pets, savePet } = useApp();
  const { t } = useI18n();
  const pet = pets.find((p) => p.id === petId)!;
  const name = pet.profile.name;
  const [saved, setSaved] = useState(false);

  return (
    <div className="pet-edit">
      <p>
        <Link href={paths.pets}>← {t('pets.title')}</Link>
      </p>
      <PageTitle>{t('pets.editTitle', { pet: name })}</PageTitle>
      <PortraitSection petId={petId} />
      <PetForm
        heading={t('pets.profile')}
        initial={pet.profile}
        submitLabel={t('pets.save')}
        busyLabel={t('pets.saving')}
        onSubmit={async (fields) => {
          setSaved(false);
          const { pet: updated } = await api.updatePet(pet.id, fields);
          savePet(updated);
          setSaved(true);
        }}
      />
      {saved && <Notice kind="status">{t('pets.saved')}</Notice>}
      <DeleteSection petId={petId} />
    </div>
  );
}

function PortraitSection({ petId }: { petId: string }) {
  const { api, pets, savePet } = useApp();
  const { t } = useI18n();
  const pet = pets.find((p) => p.id === petId)!;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'status' | 'error'; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const run = async (work: () => Promise<{ pet: typeof pet }>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      savePet((await work()).pet);
      setMessage({ kind: 'status', text: done });
    } catch (cause) {
      setMessage({ kind: 'error', text: portraitError(t, cause) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    // A large photo is scaled down in the browser first; what is still too large (or no image) is refused.
    let image: Blob;
    try {
      image = await fitImage(file, MAX_PORTRAIT_BYTES);
    } catch {
      setMessage({ kind: 'error', text: t('pets.portraitTooLarge') });
      if (input.current) input.current.value = '';
      return;
    }
    void run(() => api.setAvatar(pet.id, image), t('pets.portraitSaved'));
  };

  return (
    <section className="card form portrait-section" aria-labelledby="portrait-heading">
      <h2 id="portrait-heading">{t('pets.portrait')}</h2>
      <div className="portrait-row">
        <PetAvatar name={pet.profile.name} avatarUrl={pet.avatarUrl} />
        <div className="portrait-controls">
          <Field label={t('pets.portraitUpload')} hint={t('pets.portraitHint')}>
            {(attrs) => (
              <input
                {...attrs}
                ref={input}
                type="file"
                name="portrait"
                accept="image/png,image/jpeg,image/webp"
                disabled={busy}
                onChange={upload}
              />
            )}
          </Field>
          {pet.avatarUrl && (
            <button
              type="button"
              className="button secondary"
              disabled={busy}
              onClick={() => void run(() => api.removeAvatar(pet.id), t('pets.portraitRemoved'))}
            >
              {t('pets.portraitRemove')}
            </button>
          )}
        </div>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </section>
  );
}

function DeleteSection({ petId }: { petId: string }) {
  const { api, pets, forgetPet } = useApp();
  const { t } = useI18n();
  const pet = pets.find((p) => p.id === petId)!;
  const name = pet.profile.name;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deletePet(pet.id);
      navigate(paths.pets);
      forgetPet(pet.id);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  };

  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('pets.deleteHeading')}</h2>
      {!confirming ? (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          {t('pets.delete', { pet: name })}
        </button>
      ) : (
        <div
          role="alertdialog"
          aria-labelledby="delete-confirm-text"
          className="confirm"
          data-testid="delete-confirm"
        >
          <p id="delete-confirm-text">{t('pets.deleteErases', { pet: name })}</p>
          <ul className="erase-list">
            <li>{t('pets.erase.chats')}</li>
            <li>{t('pets.erase.memories')}</li>
            <li>{t('pets.erase.days')}</li>
            <li>{t('pets.erase.reflections')}</li>
            <li>{t('pets.erase.messages')}</li>
          </ul>
          <p>{t('pets.deleteFinal')}</p>
          <div className="actions">
            <button type="button" className="button danger" onClick={remove} disabled={busy}>
              {t('pets.deleteYes', { pet: name })}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => setConfirming(false)}
              disabled={busy}
            >
              {t('memories.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

function portraitError(t: Translate, cause: unknown): string {
  if (ApiError.is(cause)) {
    if (cause.status === 413) return t('pets.portraitTooLarge');
    if (cause.status === 415 || cause.status === 400) return t('pets.portraitRejected');
  }
  return cause instanceof Error ? cause.message : String(cause);
}
