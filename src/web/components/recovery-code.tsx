import { useState } from 'react';
import { useI18n } from '../i18n/index.ts';

/** Saves a blob as a file the browser downloads. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A recovery code shown once, with Copy and Download (.txt) and, when given, a "kept it" button. */
export function RecoveryCode(props: { code: string; name: string; onKept?: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.code);
      setCopied(true);
    } catch {
      // No clipboard (plain http on a LAN address): the code is selectable as it is.
      setCopied(false);
    }
  };
  const download = () =>
    downloadBlob(
      new Blob([t('account.codeFile', { name: props.name, code: props.code })], { type: 'text/plain' }),
      'ipet-recovery-code.txt',
    );
  return (
    <section className="card" aria-labelledby="recovery-heading" data-testid="recovery-code-card">
      <h2 id="recovery-heading">{t('account.codeTitle')}</h2>
      <p className="hint">{t('account.codeIntro')}</p>
      <code className="recovery-code" data-testid="recovery-code">
        {props.code}
      </code>
      <div className="actions">
        <button type="button" className="button secondary" onClick={copy}>
          {copied ? t('account.copied') : t('account.copy')}
        </button>
        <button type="button" className="button secondary" onClick={download}>
          {t('account.download')}
        </button>
        {props.onKept && (
          <button type="button" className="button primary" onClick={props.onKept}>
            {t('account.kept')}
          </button>
        )}
      </div>
    </section>
  );
}
