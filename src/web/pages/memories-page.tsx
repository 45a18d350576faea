import { useEffect, useRef, useState } from 'react';
import type { Memory, MemoryCategory } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { formatInstant } from '../format.ts';
import { useI18n } from '../i18n/index.ts';
import { useAsync } from '../use-async.ts';

const TIERS: MemoryCategory[] = ['permanent', 'long_term', 'short_term'];

/** What the pet remembers about the user, by tier, with delete and a JSON export. */
export function MemoriesPage() {
  const { api, pet, user } = useApp();
  const { t, locale } = useI18n();
  const petName = pet.profile.name;
  const memories = useAsync((signal) => api.memories(pet.id, signal).then((r) => r.memories), [pet.id]);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  // The confirmation replaces the button that opened it: keep the keyboard inside it.
  useEffect(() => {
    if (confirmAll) cancel.current?.focus();
  }, [confirmAll]);

  const items = memories.state.status === 'ok' ? memories.state.data : [];
  const setItems = (next: Memory[]) => memories.setState({ status: 'ok', data: next });

  const remove = async (memory: Memory, index: number) => {
    setError(null);
    try {
      await api.deleteMemory(memory.id);
      setItems(items.filter((m) => m.id !== memory.id));
      setStatus(t('memories.deleted'));
      // Keep the keyboard where it was: the next delete button, else the previous, else the heading.
      requestAnimationFrame(() => {
        const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button[data-memory]');
        const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
        (next ?? list.current?.closest('.memories')?.querySelector<HTMLElement>('h1'))?.focus();
      });
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  const removeAll = async () => {
    setError(null);
    try {
      await api.deleteAllMemories(pet.id);
      setItems([]);
      setConfirmAll(false);
      setStatus(t('memories.deleted'));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  const exportAll = async () => {
    setError(null);
    try {
      const blob = await api.exportMemories();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `ipet-memories-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(t('memories.exported'));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  let flat = 0;
  return (
    <div className="memories">
      <PageTitle>{t('memories.title', { pet: petName })}</PageTitle>
      <p className="lead">{t('memories.intro')}</p>
      <div className="actions">
        <button type="button" className="button secondary" onClick={exportAll}>
          <span aria-hidden="true">⤓</span> {t('memories.export')}
        </button>
        {items.length > 0 && !confirmAll && (
          <button type="button" className="button danger-quiet" onClick={() => setConfirmAll(true)}>
            {t('memories.deleteAll')}
          </button>
        )}
      </div>
      {confirmAll && (
        <fieldset className="confirm card">
          <legend className="visually-hidden">{t('memories.deleteAll')}</legend>
          <p>{t('memories.deleteAllConfirm', { n: items.length })}</p>
          <div className="actions">
            <button type="button" className="button danger" onClick={removeAll}>
              {t('memories.deleteAllYes')}
            </button>
            <button
              type="button"
              className="button secondary"
              ref={cancel}
              onClick={() => setConfirmAll(false)}
            >
              {t('memories.cancel')}
            </button>
          </div>
        </fieldset>
      )}
      <output className="visually-hidden">{status}</output>
      {error && <Notice kind="error">{error}</Notice>}
      {memories.state.status === 'loading' && <Notice kind="status">{t('app.loading')}</Notice>}
      {memories.state.status === 'error' && (
        <Notice kind="error" onRetry={memories.reload}>
          {t('memories.failed', { message: memories.state.error.message })}
        </Notice>
      )}
      {memories.state.status === 'ok' && items.length === 0 && <p className="empty">{t('memories.empty')}</p>}
      <div ref={list}>
        {TIERS.map((tier) => {
          const inTier = items.filter((m) => m.category === tier);
          if (inTier.length === 0) return null;
          return (
            <section
              key={tier}
              className="tier"
              aria-labelledby={`tier-${tier}`}
              data-testid={`tier-${tier}`}
            >
              <h2 id={`tier-${tier}`}>
                {t(`memories.tier.${tier}`)} <span className="count">{inTier.length}</span>
              </h2>
              <p className="hint">{t(`memories.tier.${tier}Hint`)}</p>
              <ul className="memory-list">
                {inTier.map((memory) => {
                  const index = flat++;
                  return (
                    <li key={memory.id} className="memory card" data-testid="memory">
                      <p className="memory-text">{memory.text}</p>
                      <p className="memory-meta">
                        {formatInstant(memory.createdAt, locale, user.timezone, false)}
                        {memory.expiresAt &&
                          ` · ${t('memories.expires', { date: formatInstant(memory.expiresAt, locale, user.timezone, false) })}`}
                      </p>
                      <button
                        type="button"
                        className="button danger-quiet small"
                        data-memory={memory.id}
                        aria-label={t('memories.deleteLabel', { text: memory.text })}
                        onClick={() => remove(memory, index)}
                      >
                        {t('memories.delete')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}
