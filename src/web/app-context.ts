import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client.ts';
import type { Day, Pet, User } from './api/types.ts';

/** What every signed-in page needs: the API, who the user is and which pet is shown. */
export interface AppContextValue {
  api: ApiClient;
  user: User;
  pet: Pet;
  /** All the user's pets (the switcher's list), oldest first. */
  pets: Pet[];
  /** Shows another of the user's pets (remembered in this browser). */
  selectPet: (petId: string) => void;
  /** A pet was created or changed: the list (and the shown pet, if it is that one) take it in. */
  savePet: (pet: Pet, options?: { select?: boolean }) => void;
  /** A pet was deleted: another one is shown, or the onboarding's pet step when none is left. */
  forgetPet: (petId: string) => void;
  /** Today's or an earlier day's schedule; one request per pet and date while the tab lives. */
  loadDay: (date: 'today' | string, signal?: AbortSignal) => Promise<Day>;
  /** Messages the pet started that the user has not seen yet (the badge). */
  unread: number;
  /** Reads the unread count again (after the chat marked them read). */
  refreshUnread: () => void;
  /** The profile changed (Settings): every page takes the new one (time zone, language). */
  setUser: (user: User) => void;
  /** This browser was signed out or the account erased: back to the welcome page. */
  signedOut: () => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside a signed-in page');
  return value;
}
