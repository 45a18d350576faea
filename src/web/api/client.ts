import { ApiError, apiErrorFrom } from './api-error.ts';
import { parseSse } from './sse.ts';
import type {
  CardImport,
  CardPreview,
  ChatPart,
  ChatRequest,
  Day,
  EndpointTest,
  Friend,
  Greeting,
  Memory,
  Message,
  ModelSave,
  ModelSettings,
  ModelSettingsInput,
  Mood,
  NewPet,
  NewUser,
  Pet,
  PetPatch,
  ProactiveList,
  ProductEvent,
  UnreadCounts,
  User,
  UserPatch,
} from './types.ts';

export interface ApiClientSettings {
  /** Where the API lives; the app is served on the same origin, so this is usually `/api/v1`. */
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on a 401 so the app can forget a token the server no longer accepts. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * A typed client for the HTTP API: the browser's session cookie (with the `x-ipet-csrf` header), or a bearer
 * token when one is given (an earlier install's, until it is exchanged). Every failure is an `ApiError`.
 */
export function createApiClient(settings: ApiClientSettings) {
  const baseUrl = settings.baseUrl ?? '/api/v1';
  const doFetch = settings.fetch ?? globalThis.fetch.bind(globalThis);

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal) {
    // The session cookie goes with every same-origin request; unsafe ones need this header with it (CSRF).
    const headers: Record<string, string> = { accept: 'application/json', 'x-ipet-csrf': '1' };
    const token = settings.getToken();
    if (token) headers['authorization'] = `Bearer ${token}`;
    // A Blob (a file the user picked) goes as it is; anything else as JSON.
    if (body instanceof Blob) headers['content-type'] = body.type || 'application/octet-stream';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: body instanceof Blob ? body : JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError(0, 'network', 'could not reach the server', { cause });
    }
    if (!response.ok) {
      const error = await apiErrorFrom(response);
      if (response.status === 401) settings.onUnauthorized?.();
      throw error;
    }
    return response;
  }

  async function json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await send(method, path, body, signal);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  const pet = (petId: string) => `/pets/${encodeURIComponent(petId)}`;

  return {
    createUser: (input: NewUser) =>
      json<{ id: string; user: User; token: string; recoveryCode: string }>('POST', '/users', input),
    /** Signs this browser in (HttpOnly session cookie) with a recovery code, or an earlier install's token. */
    signIn: (credential: { recoveryCode: string } | { token: string }) =>
      json<{ user: User }>('POST', '/session', credential),
    /** Ends this browser's session (the cookie is cleared). */
    signOut: () => json<{ signedOut: true }>('DELETE', '/session'),
    /** A new recovery code (shown once); the previous one stops working. */
    newRecoveryCode: () => json<{ recoveryCode: string }>('POST', '/me/recovery-code'),
    /** Everything stored about the user, as a file to save (JSON). */
    exportMe: async (): Promise<Blob> => (await send('GET', '/me/export')).blob(),
    /** Erases the user: profile, pets, chats, memories, days and tokens. */
    eraseMe: () => json<{ erased: true }>('DELETE', '/me'),
    me: (signal?: AbortSignal) => json<{ user: User }>('GET', '/me', undefined, signal),
    updateMe: (patch: UserPatch) => json<{ user: User }>('PATCH', '/me', patch),
    /** Another bearer token for the caller, for other apps (an OpenAI client on /v1); shown only in this answer. */
    createToken: (label: string) => json<{ token: string }>('POST', '/me/tokens', { label }),
    /** Revokes one of the caller's tokens, given the token itself (404 when it is not theirs). */
    revokeToken: (token: string) => json<{ revoked: true }>('DELETE', '/me/tokens', { token }),

    listPets: (signal?: AbortSignal) => json<{ pets: Pet[] }>('GET', '/pets', undefined, signal),
    createPet: (input: NewPet) => json<{ pet: Pet }>('POST', '/pets', input),
    /** Creates a pet from a character card file (PNG or JSON, V1/V2/V3). */
    importCard: (file: Blob) => json<CardImport>('POST', '/pets/import', cardBlob(file)),
    /** What importing the card would create, without creating anything (the review step). */
    previewCard: (file: Blob) => json<CardPreview>('POST', '/cards/preview', cardBlob(file)),
    updatePet: (petId: string, patch: PetPatch) => json<{ pet: Pet }>('PATCH', pet(petId), patch),
    /** Deletes the pet with its chats, memories, days, reflections and messages. */
    deletePet: (petId: string) => json<{ deleted: number }>('DELETE', pet(petId)),
    /** Uploads or replaces the pet's portrait (PNG, JPEG or WebP, at most 1 MB). */
    setAvatar: (petId: string, image: Blob) => json<{ pet: Pet }>('PUT', `${pet(petId)}/avatar`, image),
    removeAvatar: (petId: string) => json<{ pet: Pet }>('DELETE', `${pet(petId)}/avatar`),
    /** An image the API serves (a pet's `avatarUrl`), fetched with the caller's credentials. */
    image: async (url: string, signal?: AbortSignal): Promise<Blob> =>
      (
        await send('GET', url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url, undefined, signal)
      ).blob(),
    greeting: (petId: string, signal?: AbortSignal) =>
      json<Greeting>('GET', `${pet(petId)}/greeting`, undefined, signal),
    friends: (petId: string, signal?: AbortSignal) =>
      json<{ friends: Friend[] }>('GET', `${pet(petId)}/friends`, undefined, signal),
    mood: (petId: string, signal?: AbortSignal) => json<Mood>('GET', `${pet(petId)}/mood`, undefined, signal),

    today: (petId: string, signal?: AbortSignal) =>
      json<Day>('GET', `${pet(petId)}/today`, undefined, signal),
    day: (petId: string, date: string, signal?: AbortSignal) =>
      json<Day>('GET', `${pet(petId)}/days/${encodeURIComponent(date)}`, undefined, signal),
    /** A day only if it is already made (404 `not_found` otherwise): nothing is generated. */
    storedDay: (petId: string, date: string, signal?: AbortSignal) =>
      json<Day>('GET', `${pet(petId)}/days/${encodeURIComponent(date)}?build=false`, undefined, signal),

    /** The last `limit` messages across sessions, oldest first; `before` (a message id) pages further back. */
    messages: (petId: string, limit: number, signal?: AbortSignal, before?: string) =>
      json<{ messages: Message[] }>(
        'GET',
        `${pet(petId)}/messages?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        undefined,
        signal,
      ),

    /** Messages the pet started (delivered), newest first, with the unread count. */
    proactive: (petId: string, signal?: AbortSignal) =>
      json<ProactiveList>('GET', `${pet(petId)}/messages/proactive`, undefined, signal),
    markProactiveRead: (petId: string) =>
      json<{ read: number }>('POST', `${pet(petId)}/messages/proactive/read`),
    unreadProactive: (signal?: AbortSignal) =>
      json<{ unread: UnreadCounts }>('GET', '/messages/proactive/unread', undefined, signal),

    /** Sends one chat turn and yields its parts as they stream in. */
    async *chat(petId: string, input: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatPart> {
      const response = await send('POST', `${pet(petId)}/chat`, input, signal);
      if (!response.body) throw new ApiError(0, 'network', 'the reply stream was empty');
      for await (const event of parseSse(response.body)) {
        const part = toChatPart(event.event, event.data);
        if (part) yield part;
      }
    },

    memories: (petId: string, signal?: AbortSignal) =>
      json<{ memories: Memory[] }>('GET', `/memories?petId=${encodeURIComponent(petId)}`, undefined, signal),
    deleteMemory: (id: string) => send('DELETE', `/memories/${encodeURIComponent(id)}`).then(() => undefined),
    deleteAllMemories: (petId: string) =>
      json<{ deleted: number }>('DELETE', `/memories?petId=${encodeURIComponent(petId)}`),
    /** The export as a file to save (JSON). */
    exportMemories: async (): Promise<Blob> => (await send('GET', '/memories/export')).blob(),

    /** The model in use and the saved model settings (the operator, or someone on the machine running ipet up). */
    modelSettings: (signal?: AbortSignal) => json<ModelSettings>('GET', '/settings/model', undefined, signal),
    /** Tries a server without saving anything. */
    testModelSettings: (input: ModelSettingsInput, signal?: AbortSignal) =>
      json<EndpointTest>('POST', '/settings/model/test', input, signal),
    /** Tests, then saves and applies (`saved: false` when the test failed). */
    saveModelSettings: (input: ModelSettingsInput) => json<ModelSave>('PUT', '/settings/model', input),
    clearModelSettings: () => json<ModelSettings>('DELETE', '/settings/model'),

    /** An anonymous product event (ids only) for the engagement report; callers ignore its failures. */
    recordEvent: (event: ProductEvent) => send('POST', '/events', event).then(() => undefined),
  };
}

/** The file with the media type the import route takes (browsers leave `type` empty for unknown names). */
function cardBlob(file: Blob): Blob {
  const name = file instanceof File ? file.name.toLowerCase() : '';
  const type =
    file.type === 'image/png' || name.endsWith('.png')
      ? 'image/png'
      : file.type === 'application/json' || name.endsWith('.json')
        ? 'application/json'
        : 'application/octet-stream';
  return file.type === type ? file : new Blob([file], { type });
}

/** An SSE event -> a chat part; unknown event names are skipped so the server can add parts. */
function toChatPart(event: string, data: string): ChatPart | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // The server may send the part's type in the data, the event name, or both.
  const type = typeof payload['type'] === 'string' ? payload['type'] : event;
  switch (type) {
    case 'turn-start':
    case 'greeting':
    case 'safety':
    case 'notice':
    case 'context':
    case 'emotion':
    case 'text-delta':
    case 'finish':
    case 'error':
      return { ...payload, type } as ChatPart;
    default:
      return undefined;
  }
}
