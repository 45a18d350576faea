import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

/** A status line, or an error (announced as an alert) with an optional "try again" button. */
export function Notice(props: { kind: 'status' | 'error'; children: ReactNode; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <p>{props.children}</p>
      {props.onRetry && (
        <button type="button" className="button secondary" onClick={props.onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
