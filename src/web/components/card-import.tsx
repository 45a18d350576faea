import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error.ts';
import type { ApiClient } from '../api/client.ts';
import type { CardPreview, Pet } from '../api/types.ts';
import { type Translate, useI18n } from '../i18n/index.ts';
import { CardText } from './card-text.tsx';
import { Field } from './field.tsx';
import { Notice } from './notice.tsx';
import { PetAvatar } from './pet-avatar.tsx';

/** Largest file the server takes (its import route's body limit). */
const MAX_BYTES = 16 * 1024 * 1024;

interface Review {
  file: File;
  preview: CardPreview;
  /** The card image, shown from the file itself (a PNG card is its portrait). */
  imageUrl: string | null;
}

/**
 * A file input for a character card (PNG or JSON). The card is checked by the server and shown for review
 * (name, kind, greeting, lore, portrait) before anything is created; Confirm creates the pet and hands it
 * on, Cancel leaves nothing behind. A rejected file says why.
 */
export function CardImport({ api, onImported }: { api: ApiClient; onImported: (pet: Pet) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'reading' | 'creating' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const reviewHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => () => void (review?.imageUrl && URL.revokeObjectURL(review.imageUrl)), [review]);
  useEffect(() => {
    if (review) reviewHeading.current?.focus();
  }, [review]);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    setError(null);
    setReview(null);
    if (file.size > MAX_BYTES) {
      setError(t('cards.tooLarge'));
      event.currentTarget.value = '';
      return;
    }
    setBusy('reading');
    try {
      const preview = await api.previewCard(file);
      const imageUrl = preview.portrait ? URL.createObjectURL(file) : null;
      setReview({ file, preview, imageUrl });
    } catch (cause) {
      setError(rejection(t, cause));
      if (input.current) input.current.value = '';
    } finally {
      setBusy(null);
    }
  };

  const cancel = () => {
    setReview(null);
    if (input.current) {
      input.current.value = '';
      input.current.focus();
    }
  };

  const confirm = async () => {
    if (!review) return;
    setBusy('creating');
    setError(null);
    try {
      const { pet } = await api.importCard(review.file);
      onImported(pet);
    } catch (cause) {
      setError(rejection(t, cause));
      setBusy(null);
    }
  };

  const { preview } = review ?? {};
  return (
    <section className="card form" aria-labelledby="card-import-heading">
      <h2 id="card-import-heading">{t('cards.heading')}</h2>
      <Field label={t('cards.import')} hint={t('cards.importHint')}>
        {(attrs) => (
          <input
            {...attrs}
            ref={input}
            type="file"
            name="card"
            accept=".png,.json,image/png,application/json"
            disabled={busy !== null}
            aria-invalid={error ? true : undefined}
            onChange={choose}
          />
        )}
      </Field>
      {busy === 'reading' && <Notice kind="status">{t('cards.importing')}</Notice>}
      {review && preview && (
        <div className="card-review" data-testid="card-review">
          <h3 ref={reviewHeading} tabIndex={-1}>
            {t('cards.review')}
          </h3>
          <div className="card-review-head">
            <PetAvatar
              name={preview.profile.name}
              {...(review.imageUrl ? { src: review.imageUrl } : {})}
              size="large"
            />
            <dl className="card-review-facts">
              <dt>{t('onboarding.petName')}</dt>
              <dd data-testid="review-name">{preview.profile.name}</dd>
              <dt>{t('onboarding.kind')}</dt>
              <dd>{preview.profile.kind}</dd>
              <dt>{t('cards.lore')}</dt>
              <dd data-testid="review-lore">{t('cards.loreCount', { n: preview.loreEntries })}</dd>
              <dt>{t('cards.portrait')}</dt>
              <dd>{preview.portrait ? t('cards.portraitYes') : t('cards.portraitNo')}</dd>
            </dl>
          </div>
          <p className="card-review-label">{t('cards.greeting')}</p>
          <blockquote className="card-review-greeting" data-testid="review-greeting">
            <CardText text={preview.greeting} />
          </blockquote>
          {preview.warnings.length > 0 && (
            <details className="card-review-warnings">
              <summary>{t('cards.warnings', { n: preview.warnings.length })}</summary>
              <ul>
                {preview.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </details>
          )}
          <div className="actions">
            <button type="button" className="button primary" onClick={confirm} disabled={busy !== null}>
              {busy === 'creating'
                ? t('onboarding.creating')
                : t('cards.confirm', { pet: preview.profile.name })}
            </button>
            <button type="button" className="button secondary" onClick={cancel} disabled={busy !== null}>
              {t('cards.cancel')}
            </button>
          </div>
        </div>
      )}
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
