import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from './api/api-error.ts';
import { type ApiClient, createApiClient } from './api/client.ts';
import type { Locale, Pet, User } from './api/types.ts';
import { AppContext, type AppContextValue } from './app-context.ts';
import { Layout } from './components/layout.tsx';
import { Notice } from './components/notice.tsx';
import { createDayCache } from './day-cache.ts';
import { applyDisplayPrefs } from './display.ts';
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
  useState(() => applyDisplayPrefs());

  const api = useMemo<ApiClient>(
    () =>
      createApiClient({
        getToken: () => session.token(),
        onUnauthorized: () => {
          session.setToken(null);
          // A session that ended while the app was open; the first load's 401 only means "not signed in".
          setAccount((a) =>
            a.status === 'ready' || a.status === 'no-pet' ? { status: 'anonymous', signedOut: true } : a,
          );
        },
      }),
    [session],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again".
  useEffect(() => {
    const controller = new AbortController();
    setAccount((a) => (a.status === 'anonymous' ? a : { status: 'loading' }));
    // The session is the HttpOnly cookie. A token an earlier install kept in localStorage is exchanged for
    // one and forgotten; only when the exchange cannot be made (the server unreachable) it is used as it is.
    const exchange = async () => {
      const legacy = session.token();
      if (!legacy) return;
      try {
        await api.signIn({ token: legacy });
        session.setToken(null);
      } catch (error) {
        if (ApiError.is(error) && error.status >= 400 && error.status < 500 && error.status !== 429) {
          session.setToken(null);
        }
      }
    };
    exchange()
      .then(() => Promise.all([api.me(controller.signal), api.listPets(controller.signal)]))
      .then(
        ([{ user }, { pets }]) => {
          const pet = pets.find((p) => p.id === session.petId()) ?? pets[0];
          setAccount(pet ? { status: 'ready', user, pet, pets } : { status: 'no-pet', user });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (ApiError.is(error) && error.status === 401) {
            setAccount((a) => (a.status === 'loading' ? { status: 'anonymous' } : a));
            return;
          }
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

  // A new time zone (Settings) moves "today" and the pet's hour: days are read afresh in it.
  const timezone = user?.timezone;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `timezone` starts a new cache.
  const dayCache = useMemo(() => createDayCache(api), [api, timezone]);
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
  const setUser = useCallback((next: User) => {
    setAccount((a) => (a.status === 'ready' || a.status === 'no-pet' ? { ...a, user: next } : a));
  }, []);
  const signedOut = useCallback(() => {
    session.setToken(null);
    session.setPetId(null);
    setAccount({ status: 'anonymous' });
    navigate(paths.welcome, { replace: true });
  }, [session]);
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
            setUser,
            signedOut,
          }
        : null,
    [account, api, dayCache, unread, refreshUnread, selectPet, savePet, forgetPet, setUser, signedOut],
  );

  // Signed-out visitors go to the onboarding; signed-in ones leave it once their pet exists.
  useEffect(() => {
    if ((account.status === 'anonymous' || account.status === 'no-pet') && route.page !== 'welcome') {
      navigate(paths.welcome, { replace: true });
    } else if (account.status === 'ready' && route.page === 'welcome') {
      navigate(paths.home, { replace: true });
    }
  }, [account.status, route.page]);

  const onSignedUp = async (token: string, signedUpUser: User) => {
    // The new account's token becomes this browser's session cookie; kept as a bearer token only when the
    // exchange fails.
    try {
      await api.signIn({ token });
    } catch {
      session.setToken(token);
    }
    setAccount({ status: 'no-pet', user: signedUpUser });
  };
  const onSignedIn = () => setAttempt((n) => n + 1);
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
        onSignedIn={onSignedIn}
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
