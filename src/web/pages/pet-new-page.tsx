import type { Pet } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { CardImport } from '../components/card-import.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetForm } from '../components/pet-form.tsx';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../router/history.tsx';
import { paths } from '../router/routes.ts';

/** Another pet, from a profile or a character card; it becomes the one shown. */
export function NewPetPage() {
  const { api, savePet } = useApp();
  const { t } = useI18n();
  const created = (pet: Pet) => {
    savePet(pet, { select: true });
    navigate(paths.home);
  };
  return (
    <div className="pet-new">
      <PageTitle>{t('pets.addTitle')}</PageTitle>
      <PetForm
        heading={t('pets.fromProfile')}
        intro={t('onboarding.petIntro')}
        submitLabel={t('pets.create')}
        busyLabel={t('onboarding.creating')}
        onSubmit={async (fields) => created((await api.createPet(fields)).pet)}
      />
      <CardImport api={api} onImported={created} />
    </div>
  );
}
