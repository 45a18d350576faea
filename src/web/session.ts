/** The bearer token kept in the browser, and the pet the app shows. */
export interface SessionStorage {
  token(): string | null;
  setToken(token: string | null): void;
  petId(): string | null;
  setPetId(petId: string | null): void;
}

const TOKEN = 'ipet.token';
const PET = 'ipet.petId';

export function createSessionStorage(storage: Storage | undefined = safeLocalStorage()): SessionStorage {
  const memory = new Map<string, string>();
  const get = (key: string) => (storage ? storage.getItem(key) : (memory.get(key) ?? null));
  const set = (key: string, value: string | null) => {
    if (storage) {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
    } else if (value === null) memory.delete(key);
    else memory.set(key, value);
  };
  return {
    token: () => get(TOKEN),
    setToken: (token) => set(TOKEN, token),
    petId: () => get(PET),
    setPetId: (petId) => set(PET, petId),
  };
}

/** localStorage, or undefined when the browser refuses it (some private modes): the session then lasts a tab. */
function safeLocalStorage(): Storage | undefined {
  try {
    const storage = globalThis.localStorage;
    storage.getItem(TOKEN);
    return storage;
  } catch {
    return undefined;
  }
}

/** A fresh idempotency key for one chat turn. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; plain http on a LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
