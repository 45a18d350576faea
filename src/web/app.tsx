import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from './api/api-error.ts';
import { type ApiClient, createApiClient } from './api/client.ts';
import type { Locale, Pet, User } from './api/types.ts';
import { AppContext, type AppContextValue } from './app-context.ts';
import { Layout } from './components/layout.tsx';
import { Notice } from './components/notice.tsx';
import { createDayCache } from './day-cache.ts';
import { browserLocale, I18nContext, translator } from './i18n/index.ts';
import { ChatPage } from './pages/chat-page.tsx';
import { FriendsPage } from './pages/friends-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { ItemPage } from './pages/item-page.tsx';
import { MemoriesPage } from './pages/memories-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { OnboardingPage } from './pages/onboarding-page.tsx';
import { EditPetPage } from './pages/pet-edit-page.tsx';
import { NewPetPage } from './pages/pet-new-page.tsx';
import { PetsPage } from './pages/pets-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { navigate, usePathname } from './router/history.tsx';
import { matchRoute, paths } from './router/routes.ts';
import { createSessionStorage, type SessionStorage } from './session.ts';

type Account =
  | { status: 'loading' }
  | { status: 'anonymous'; signedOut?: boolean }
  | { status: 'no-pet'; user: User }
  | { status: 'ready'; user: User; pet: Pet; pets: Pet[] }
  | { status: 'error'; error: Error };

export function App(props: { session?: SessionStorage }) {
  const [session] = useState(() => props.session ?? createSessionStorage());
  const [account, setAccount] = useState<Account>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [guestLocale, setGuestLocale] = useState<Locale>(() => browserLocale());

  const api = useMemo<ApiClient>(
    () =>
      createApiClient({
        getToken: () => session.token(),
        onUnauthorized: () => {
          session.setToken(null);
          setAccount({ status: 'anonymous', signedOut: true });
        },
      }),
    [session],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again".
  useEffect(() => {
    if (!session.token()) {
      setAccount({ status: 'anonymous' });
      return;
    }
    const controller = new AbortController();
    setAccount({ status: 'loading' });
    Promise.all([api.me(controller.signal), api.listPets(controller.signal)]).then(
      ([{ user }, { pets }]) => {
        const pet = pets.find((p) => p.id === session.petId()) ?? pets[0];
        setAccount(pet ? { status: 'ready', user, pet, pets } : { status: 'no-pet', user });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (ApiError.is(error) && error.status === 401) return; // onUnauthorized handled it
        setAccount({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    return () => controller.abort();
  }, [api, session, attempt]);

  const user = account.status === 'ready' || account.status === 'no-pet' ? account.user : undefined;
  const locale = user?.locale ?? guestLocale;
  const setLocale = useCallback(
    (next: Locale) => {
      setGuestLocale(next);
      if (!user || user.locale === next) return;
      setAccount((a) =>
        a.status === 'ready' || a.status === 'no-pet' ? { ...a, user: { ...a.user, locale: next } } : a,
      );
      // The profile's language also decides the pet's; failing to save it only affects the next visit.
      api.updateMe({ locale: next }).catch(() => {});
    },
    [api, user],
  );
  const i18n = useMemo(() => ({ locale, t: translator(locale), setLocale }), [locale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);

  const pathname = usePathname();
  const route = matchRoute(pathname);

  // The badge: messages the pet started that the user has not seen, read again on each page and every 30 s.
  const [unread, setUnread] = useState(0);
  const [unreadTick, setUnreadTick] = useState(0);
  const refreshUnread = useCallback(() => setUnreadTick((n) => n + 1), []);
  const readyPetId = account.status === 'ready' ? account.pet.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `pathname` and `unreadTick` re-read the count.
  useEffect(() => {
    if (!readyPetId) return;
    const controller = new AbortController();
    const read = () =>
      api.unreadProactive(controller.signal).then(
        ({ unread: counts }) => setUnread(counts[readyPetId] ?? 0),
        () => {},
      );
    void read();
    const timer = setInterval(read, 30_000);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [api, readyPetId, pathname, unreadTick]);

  const dayCache = useMemo(() => createDayCache(api), [api]);
  const selectPet = useCallback(
    (petId: string) => {
      setAccount((a) => {
        const pet = a.status === 'ready' ? a.pets.find((p) => p.id === petId) : undefined;
        if (!pet || a.status !== 'ready') return a;
        session.setPetId(pet.id);
        return { ...a, pet };
      });
    },
    [session],
  );
  const savePet = useCallback(
    (pet: Pet, options: { select?: boolean } = {}) => {
      if (options.select) session.setPetId(pet.id);
      setAccount((a) => {
        if (a.status !== 'ready') return a;
        const known = a.pets.some((p) => p.id === pet.id);
        const pets = known ? a.pets.map((p) => (p.id === pet.id ? pet : p)) : [...a.pets, pet];
        return { ...a, pets, pet: options.select || a.pet.id === pet.id ? pet : a.pet };
      });
    },
    [session],
  );
  const forgetPet = useCallback(
    (petId: string) => {
      setAccount((a) => {
        if (a.status !== 'ready') return a;
        const pets = a.pets.filter((p) => p.id !== petId);
        const pet = a.pet.id === petId ? pets[0] : a.pet;
        if (!pet) return { status: 'no-pet', user: a.user };
        session.setPetId(pet.id);
        return { ...a, pets, pet };
      });
    },
    [session],
  );
  const context = useMemo<AppContextValue | null>(
    () =>
      account.status === 'ready'
        ? {
            api,
            user: account.user,
            pet: account.pet,
            pets: account.pets,
            selectPet,
            savePet,
            forgetPet,
            loadDay: (date, signal) => dayCache(account.pet.id, date, signal),
            unread,
            refreshUnread,
          }
        : null,
    [account, api, dayCache, unread, refreshUnread, selectPet, savePet, forgetPet],
  );

  // Signed-out visitors go to the onboarding; signed-in ones leave it once their pet exists.
  useEffect(() => {
    if ((account.status === 'anonymous' || account.status === 'no-pet') && route.page !== 'welcome') {
      navigate(paths.welcome, { replace: true });
    } else if (account.status === 'ready' && route.page === 'welcome') {
      navigate(paths.home, { replace: true });
    }
  }, [account.status, route.page]);

  const onSignedUp = (token: string, signedUpUser: User) => {
    session.setToken(token);
    setAccount({ status: 'no-pet', user: signedUpUser });
  };
  const onPetCreated = (pet: Pet) => {
    session.setPetId(pet.id);
    if (user) setAccount({ status: 'ready', user, pet, pets: [pet] });
    navigate(paths.home, { replace: true });
  };

  let content: React.ReactNode;
  if (account.status === 'loading') {
    content = <Notice kind="status">{i18n.t('app.loading')}</Notice>;
  } else if (account.status === 'error') {
    content = (
      <Notice kind="error" onRetry={() => setAttempt((n) => n + 1)}>
        {account.error.message}
      </Notice>
    );
  } else if (account.status === 'anonymous' || account.status === 'no-pet') {
    content = (
      <OnboardingPage
        api={api}
        user={account.status === 'no-pet' ? account.user : undefined}
        signedOut={account.status === 'anonymous' && account.signedOut === true}
        onSignedUp={onSignedUp}
        onPetCreated={onPetCreated}
      />
    );
  } else {
    // A switch to another pet starts its pages afresh (no lines of one pet's chat left in another's).
    content = <Fragment key={account.pet.id}>{renderPage(route)}</Fragment>;
  }

  return (
    <I18nContext.Provider value={i18n}>
      <AppContext.Provider value={context}>
        <Layout pet={context?.pet} page={route.page} signedIn={account.status === 'ready'} unread={unread}>
          {content}
        </Layout>
      </AppContext.Provider>
    </I18nContext.Provider>
  );
}

function renderPage(route: ReturnType<typeof matchRoute>) {
  switch (route.page) {
    case 'home':
    case 'welcome':
      return <HomePage />;
    case 'item':
      return <ItemPage key={`${route.date}/${route.index}`} date={route.date} index={route.index} />;
    case 'chat':
      return <ChatPage />;
    case 'memories':
      return <MemoriesPage />;
    case 'friends':
      return <FriendsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'pets':
      return <PetsPage />;
    case 'pet-new':
      return <NewPetPage />;
    case 'pet-edit':
      return <EditPetPage key={route.petId} petId={route.petId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
