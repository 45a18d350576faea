import { useApp } from '../app-context.ts';
import { Notice } from '../components/notice.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PetAvatar } from '../components/pet-avatar.tsx';
import { useI18n } from '../i18n/index.ts';
import { useAsync } from '../use-async.ts';

/** The pet's friends (the paper's randomized character profiles F that people its days). */
export function FriendsPage() {
  const { api, pet } = useApp();
  const { t } = useI18n();
  const petName = pet.profile.name;
  const friends = useAsync((signal) => api.friends(pet.id, signal).then((r) => r.friends), [pet.id]);

  return (
    <div className="friends">
      <div className="page-head-pet">
        <PetAvatar name={petName} avatarUrl={pet.avatarUrl} size="small" />
        <PageTitle>{t('friends.title', { pet: petName })}</PageTitle>
      </div>
      {friends.state.status === 'loading' && <Notice kind="status">{t('app.loading')}</Notice>}
      {friends.state.status === 'error' && (
        <Notice kind="error" onRetry={friends.reload}>
          {t('friends.failed', { message: friends.state.error.message })}
        </Notice>
      )}
      {friends.state.status === 'ok' && friends.state.data.length === 0 && (
        <p className="empty">{t('friends.empty', { pet: petName })}</p>
      )}
      {friends.state.status === 'ok' && friends.state.data.length > 0 && (
        <ul className="friend-list">
          {friends.state.data.map((friend) => (
            <li key={friend.id} className="card friend" data-testid="friend">
              <PetAvatar name={friend.name} size="small" />
              <div>
                <h2>{friend.name}</h2>
                <p className="friend-kind">
                  {[friend.kind, friend.relationship].filter(Boolean).join(' · ')}
                </p>
                {friend.personality && <p className="friend-personality">{friend.personality}</p>}
                {friend.description && <p>{friend.description}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
