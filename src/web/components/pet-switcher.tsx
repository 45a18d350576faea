import { useContext, useEffect, useId, useRef, useState } from 'react';
import { AppContext } from '../app-context.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../router/history.tsx';
import { paths } from '../router/routes.ts';
import { PetAvatar } from './pet-avatar.tsx';

/**
 * The pet shown, in the header of every page: opens a list of the user's pets to switch to (the choice is
 * remembered in this browser), with the ways to add and manage pets.
 */
export function PetSwitcher() {
  const app = useContext(AppContext);
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!app) return null;
  const { pet, pets, selectPet } = app;
  const choose = (petId: string) => {
    selectPet(petId);
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="pet-switcher" ref={root}>
      <button
        ref={button}
        type="button"
        className="pet-switcher-button"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={t('pets.switcherLabel', { pet: pet.profile.name })}
        data-testid="pet-switcher"
        onClick={() => setOpen((o) => !o)}
      >
        <PetAvatar name={pet.profile.name} avatarUrl={pet.avatarUrl} size="tiny" />
        <span className="pet-switcher-name">{pet.profile.name}</span>
        <span aria-hidden="true" className="pet-switcher-caret">
          ▾
        </span>
      </button>
      <div id={listId} className="pet-switcher-menu" hidden={!open}>
        <p className="pet-switcher-heading">{t('pets.switchTo')}</p>
        <ul>
          {pets.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="pet-switcher-item"
                aria-current={p.id === pet.id ? 'true' : undefined}
                onClick={() => choose(p.id)}
              >
                <PetAvatar name={p.profile.name} avatarUrl={p.avatarUrl} size="tiny" />
                <span className="pet-switcher-item-name">{p.profile.name}</span>
                {p.id === pet.id && (
                  <span className="pet-switcher-check" aria-hidden="true">
                    ✓
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        <div className="pet-switcher-actions">
          <Link href={paths.petNew} className="button secondary" onClick={() => setOpen(false)}>
            {t('pets.add')}
          </Link>
          <Link href={paths.pets} className="button secondary" onClick={() => setOpen(false)}>
            {t('pets.manage')}
          </Link>
        </div>
      </div>
    </div>
  );
}
