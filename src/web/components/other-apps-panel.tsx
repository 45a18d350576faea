import { type RefObject, useEffect, useRef, useState } from 'react';
import { useApp } from '../app-context.ts';
import { useI18n } from '../i18n/index.ts';
import { Notice } from './notice.tsx';

/** Stands in for the token in the snippets until one is created (and again once it is revoked). */
export const TOKEN_PLACEHOLDER = 'YOUR_TOKEN';

export interface SnippetValues {
  baseURL: string;
  apiKey: string;
  model: string;
  message: string;
}

/** A JavaScript string literal in single quotes. */
const jsString = (text: string) =>
  `'${JSON.stringify(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;

/** A script for the official `openai` npm package (ESM, top-level await) that sends one message to the pet. */
export function openAiSnippet(v: SnippetValues): string {
  return [
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI({',
    `  baseURL: ${jsString(v.baseURL)},`,
    `  apiKey: ${jsString(v.apiKey)},`,
    '});',
    'const reply = await client.chat.completions.create({',
    `  model: ${jsString(v.model)},`,
    `  messages: [{ role: 'user', content: ${jsString(v.message)} }],`,
    '});',
    'console.log(reply.choices[0].message.content);',
  ].join('\n');
}

/** The same request as one shell command (POSIX quoting). */
export function curlSnippet(v: SnippetValues): string {
  const body = JSON.stringify({ model: v.model, messages: [{ role: 'user', content: v.message }] });
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  return [
    `curl ${quote(`${v.baseURL}/chat/completions`)}`,
    `  -H ${quote(`Authorization: Bearer ${v.apiKey}`)}`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${quote(body)}`,
  ].join(' \\\n');
}

type Busy = 'create' | 'revoke' | null;
type Outcome = { kind: 'revoked' } | { kind: 'error'; message: string } | null;

/**
 * "Use <pet> from other apps": what an OpenAI client needs to talk to the pet through /v1 - the base URL,
 * the model id (the pet's id) and a token made here, shown once - with snippets that have them filled in.
 */
export function OtherAppsPanel() {
  const { api, pet } = useApp();
  const { t } = useI18n();
  const name = pet.profile.name;
  const [token, setToken] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const tokenRef = useRef<HTMLInputElement>(null);

  const values: SnippetValues = {
    baseURL: `${location.origin}/v1`,
    apiKey: token ?? TOKEN_PLACEHOLDER,
    model: pet.id,
    message: t('otherApps.sample'),
  };

  const run = async (kind: Exclude<Busy, null>, work: () => Promise<void>) => {
    setBusy(kind);
    setOutcome(null);
    try {
      await work();
    } catch (cause) {
      setOutcome({ kind: 'error', message: cause instanceof Error ? cause.message : String(cause) });
    } finally {
      setBusy(null);
    }
  };

  const create = () =>
    run('create', async () => {
      const created = await api.createToken(t('otherApps.label'));
      setToken(created.token);
    });

  const revoke = () =>
    run('revoke', async () => {
      if (!token) return;
      await api.revokeToken(token);
      setToken(null);
      setOutcome({ kind: 'revoked' });
    });

  // A new token takes the focus, selected, so it can be copied at once and a screen reader reads it.
  useEffect(() => {
    if (!token) return;
    tokenRef.current?.focus();
    tokenRef.current?.select();
  }, [token]);

  return (
    <section aria-labelledby="other-apps-heading" className="card other-apps" data-testid="other-apps">
      <h2 id="other-apps-heading">{t('otherApps.title', { pet: name })}</h2>
      <p className="hint">{t('otherApps.intro', { pet: name })}</p>
      <dl className="other-apps-values">
        <Value label={t('otherApps.baseUrl')} value={values.baseURL} copyLabel={t('otherApps.copyBaseUrl')} />
        <Value
          label={t('otherApps.model')}
          value={values.model}
          copyLabel={t('otherApps.copyModel')}
          hint={t('otherApps.modelHint', { pet: name })}
        />
      </dl>

      {token ? (
        <div className="other-apps-token">
          <label htmlFor="other-apps-token">{t('otherApps.token')}</label>
          <div className="copy-row">
            <input
              ref={tokenRef}
              id="other-apps-token"
              readOnly
              value={token}
              spellCheck={false}
              autoComplete="off"
              aria-describedby="other-apps-once"
            />
            <CopyButton text={token} label={t('otherApps.copyToken')} target={tokenRef} />
          </div>
          <p id="other-apps-once" className="hint once">
            {t('otherApps.shownOnce', { pet: name })}
          </p>
        </div>
      ) : (
        <p className="hint">{t('otherApps.noToken')}</p>
      )}
      <div className="actions">
        {token ? (
          <button type="button" className="button danger-quiet" disabled={busy !== null} onClick={revoke}>
            {busy === 'revoke' ? t('otherApps.revoking') : t('otherApps.revoke')}
          </button>
        ) : (
          <button type="button" className="button primary" disabled={busy !== null} onClick={create}>
            {busy === 'create' ? t('otherApps.creating') : t('otherApps.create')}
          </button>
        )}
      </div>
      <div aria-live="polite">
        {outcome?.kind === 'revoked' && (
          <Notice kind="status">{t('otherApps.revoked', { pet: name })}</Notice>
        )}
        {outcome?.kind === 'error' && (
          <Notice kind="error">{t('otherApps.failed', { message: outcome.message })}</Notice>
        )}
      </div>

      <Snippet
        title={t('otherApps.js')}
        code={openAiSnippet(values)}
        copyLabel={t('otherApps.copyJs')}
        testId="snippet-openai"
      />
      <Snippet
        title={t('otherApps.curl')}
        code={curlSnippet(values)}
        copyLabel={t('otherApps.copyCurl')}
        testId="snippet-curl"
      />
    </section>
  );
}

function Value(props: { label: string; value: string; copyLabel: string; hint?: string }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>
        <span className="copy-row">
          <code ref={ref}>{props.value}</code>
          <CopyButton text={props.value} label={props.copyLabel} target={ref} />
        </span>
        {props.hint && <span className="hint">{props.hint}</span>}
      </dd>
    </div>
  );
}

function Snippet(props: { title: string; code: string; copyLabel: string; testId: string }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <figure className="snippet">
      <figcaption className="copy-row">
        <span>{props.title}</span>
        <CopyButton text={props.code} label={props.copyLabel} target={ref} />
      </figcaption>
      <pre>
        <code ref={ref} data-testid={props.testId}>
          {props.code}
        </code>
      </pre>
    </figure>
  );
}

/**
 * Copies to the clipboard; where the browser does not allow it (a page not served from localhost or
 * https), selects the text instead and says how to copy it.
 */
function CopyButton(props: { text: string; label: string; target: RefObject<HTMLElement | null> }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setState('copied');
    } catch {
      selectContents(props.target.current);
      setState('select');
    }
  };

  return (
    <>
      <button type="button" className="button secondary small" aria-label={props.label} onClick={copy}>
        {t('otherApps.copy')}
      </button>
      <output className="hint copy-status">
        {state === 'copied' ? t('otherApps.copied') : state === 'select' ? t('otherApps.pressCopy') : ''}
      </output>
    </>
  );
}

function selectContents(element: HTMLElement | null) {
  if (!element) return;
  if (element instanceof HTMLInputElement) {
    element.select();
    return;
  }
  const selection = window.getSelection();
  selection?.selectAllChildren(element);
}
