import { useApp } from '../app-context.ts';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { useI18n } from '../i18n/index.ts';
import { Link, navigate } from '../router/history.tsx';
import { paths } from '../router/routes.ts';

/** The user's pets: which one is shown, switch, edit, and the way to add another. */
export function PetsPage() {
  const { pet, pets, selectPet } = useApp();
  const { t } = useI18n();
  return (
    <div className="pets">
      <div className="page-head">
        <PageTitle>{t('pets.title')}</PageTitle>
        <Link href={paths.petNew} className="button primary">
          {t('pets.add')}
        </Link>
      </div>
      <ul className="pet-list">
        {pets.map((p) => (
          <li key={p.id} className="card pet-row" data-testid="pet-row">
            <PetAvatar name={p.profile.name} avatarUrl={p.avatarUrl} size="small" />
            <div className="pet-row-text">
              <h2>{p.profile.name}</h2>
              <p className="hint">{p.profile.kind}</p>
            </div>
            <div className="pet-row-actions">
              {p.id === pet.id ? (
                <span className="chip">{t('pets.current')}</span>
              ) : (
                <button
                  type="button"
                  className="button secondary"
                  aria-label={t('pets.switchToPet', { pet: p.profile.name })}
                  onClick={() => {
                    selectPet(p.id);
                    navigate(paths.home);
                  }}
                >
                  {t('pets.switch')}
                </button>
              )}
              <Link
                href={paths.petEdit(p.id)}
                className="button secondary"
                aria-label={t('pets.editPet', { pet: p.profile.name })}
              >
                {t('pets.edit')}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
