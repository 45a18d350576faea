import type { z } from 'zod';
import type { cardImportResponse, cardPreviewResponse } from './routes/cards.ts';
import type { greetingResponse } from './routes/pets.ts';
import type {
  proactiveListResponse,
  proactiveMessageJson,
  unreadResponse,
  userEventJson,
} from './routes/proactive.ts';
import type {
  endpointTestJson,
  modelSaveJson,
  modelSettingsBody,
  modelSettingsJson,
} from './routes/settings.ts';
import type {
  chatBody,
  chatPartJson,
  dayJson,
  eventBody,
  friendJson,
  memoryJson,
  messageJson,
  moodJson,
  petCreateBody,
  petJson,
  petPatchBody,
  userJson,
  userPatchBody,
  userProfileBody,
} from './schemas.ts';

/**
 * The HTTP API's JSON shapes as a client sees them, inferred from the zod schemas the server validates
 * requests with and builds responses to (schemas.ts). Types only: the web app imports them through the
 * server's index.ts with `import type`, so neither zod nor server code enters its bundle.
 *
 * Requests are the schemas' input (fields with defaults may be left out); responses their output (dates
 * are ISO strings).
 */

// ---- requests ----

export type NewUser = z.input<typeof userProfileBody>;
export type UserPatch = z.input<typeof userPatchBody>;
export type NewPet = z.input<typeof petCreateBody>;
export type PetPatch = z.input<typeof petPatchBody>;
export type ChatRequest = z.input<typeof chatBody>;
export type ProductEvent = z.input<typeof eventBody>;
export type ModelSettingsInput = z.input<typeof modelSettingsBody>;

// ---- responses ----

export type User = z.output<typeof userJson>;
export type Locale = User['locale'];
export type AgeBand = User['ageBand'];
export type Pet = z.output<typeof petJson>;
export type PetProfile = Pet['profile'];
/** What importing a character card created. */
export type CardImport = z.output<typeof cardImportResponse>;
/** What importing a character card would create (the review step; nothing stored). */
export type CardPreview = z.output<typeof cardPreviewResponse>;
/** The pet's first words to the caller. */
export type Greeting = z.output<typeof greetingResponse>;
export type Friend = z.output<typeof friendJson>;
export type Mood = z.output<typeof moodJson>;
export type Day = z.output<typeof dayJson>;
export type ScheduleItem = Day['schedule'][number];
export type Message = z.output<typeof messageJson>;
export type MessageStatus = Message['status'];
export type Memory = z.output<typeof memoryJson>;
export type MemoryCategory = Memory['category'];

/** One server-sent event of a chat turn (the event name is its `type`). */
export type ChatPart = z.output<typeof chatPartJson>;
export type ChatErrorInfo = Extract<ChatPart, { type: 'error' }>['error'];
export type NoticeKind = Extract<ChatPart, { type: 'notice' }>['kind'];

// ---- messages the pet starts ----

export type ProactiveMessage = z.output<typeof proactiveMessageJson>;
export type ProactiveList = z.output<typeof proactiveListResponse>;
export type UnreadCounts = z.output<typeof unreadResponse>['unread'];
/** One server-sent event of `GET /api/v1/events` (the event name is its `type`). */
export type UserEvent = z.output<typeof userEventJson>;
export type ProactivePreferences = User['proactive'];

// ---- settings ----

export type ModelSettings = z.output<typeof modelSettingsJson>;
export type EndpointTest = z.output<typeof endpointTestJson>;
export type EndpointFailure = NonNullable<EndpointTest['failure']>;
export type ModelSave = z.output<typeof modelSaveJson>;
