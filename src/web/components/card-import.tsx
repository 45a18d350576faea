import { type ChangeEvent, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ApiClient } from '../api/client.ts';
import type { Pet } from '../api/types.ts';
import { type Translate, useI18n } from '../i18n/index.ts';
import { Field } from './field.tsx';
import { Notice } from './notice.tsx';

/** Largest file the server takes (its import route's body limit). */
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * A file input that creates a pet from a character card (PNG or JSON) as soon as a file is chosen, then
 * hands the pet on. A rejected file leaves nothing behind and says why.
 */
export function CardImport({ api, onImported }: { api: ApiClient; onImported: (pet: Pet) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(t('cards.tooLarge'));
      input.value = '';
      return;
    }
    setBusy(true);
    try {
      const { pet } = await api.importCard(file);
      onImported(pet);
    } catch (cause) {
      setError(rejection(t, cause));
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <section className="card form" aria-labelledby="card-import-heading">
      <h2 id="card-import-heading">{t('cards.heading')}</h2>
      <Field label={t('cards.import')} hint={t('cards.importHint')}>
        {(attrs) => (
          <input
            {...attrs}
            type="file"
            name="card"
            accept=".png,.json,image/png,application/json"
            disabled={busy}
            aria-invalid={error ? true : undefined}
            onChange={upload}
          />
        )}
      </Field>
      {busy && <Notice kind="status">{t('cards.importing')}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

function rejection(t: Translate, cause: unknown): string {
  if (ApiError.is(cause)) {
    if (cause.status === 413) return t('cards.tooLarge');
    if (cause.status === 415) return t('cards.notACard');
    if (cause.status === 400) return t('cards.rejected', { reason: cause.message });
  }
  return cause instanceof Error ? cause.message : String(cause);
}
