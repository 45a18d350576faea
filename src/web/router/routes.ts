/** The app's pages as a discriminated union, parsed from the URL path. */
export type Route =
  | { page: 'home' }
  | { page: 'welcome' }
  | { page: 'item'; date: string; index: number }
  | { page: 'chat' }
  | { page: 'memories' }
  | { page: 'friends' }
  | { page: 'settings' }
  | { page: 'pets' }
  | { page: 'pet-new' }
  | { page: 'pet-edit'; petId: string }
  | { page: 'not-found' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (parts.length === 1) {
    if (
      first === 'welcome' ||
      first === 'chat' ||
      first === 'memories' ||
      first === 'friends' ||
      first === 'settings' ||
      first === 'pets'
    ) {
      return { page: first };
    }
  }
  if (parts.length === 2 && first === 'pets' && second) {
    return second === 'new' ? { page: 'pet-new' } : { page: 'pet-edit', petId: second };
  }
  if (parts.length === 3 && first === 'day' && second && DATE.test(second) && third && /^\d+$/.test(third)) {
    return { page: 'item', date: second, index: Number(third) };
  }
  return { page: 'not-found' };
}

/** Paths of the app's pages, so links are not spelled twice. */
export const paths = {
  home: '/',
  welcome: '/welcome',
  item: (date: string, index: number) => `/day/${date}/${index}`,
  chat: '/chat',
  memories: '/memories',
  friends: '/friends',
  settings: '/settings',
  pets: '/pets',
  petNew: '/pets/new',
  petEdit: (petId: string) => `/pets/${encodeURIComponent(petId)}`,
} as const;
