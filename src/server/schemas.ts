import { z } from 'zod';
import {
  AGE_BANDS,
  isIsoDate,
  LOCALES,
  MEMORY_CATEGORIES,
  MEMORY_KINDS,
  MEMORY_SUBJECTS,
  petProfileSchema,
  proactivePreferencesSchema,
  REFLECTION_SCOPES,
  REFLECTION_TOPICS,
  userProfileSchema,
  WORLD_METHODS,
  WORLD_MODES,
} from '../core/index.ts';
import { EMOTIONS } from '../dialogue/index.ts';

/**
 * The API's shapes as zod schemas: requests are validated with them, responses are built to match them
 * (tests parse real responses with them), and /api/openapi.json is generated from them.
 */

/** The same object with every field optional and no defaults applied (a PATCH must not reset fields). */
function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodObject<
    { [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]>>> },
    z.core.$strict
  >;
}

const id = z.string().min(1).max(100);
const isoTime = z.string().describe('ISO 8601 timestamp');
const date = z
  .string()
  .refine(isIsoDate, { message: 'must be a date as YYYY-MM-DD' })
  .describe("YYYY-MM-DD in the owner's timezone");

// ---- requests ----

export const userProfileBody = userProfileSchema.strict();
export const userPatchBody = patchOf(userProfileSchema).extend({
  proactive: patchOf(proactivePreferencesSchema)
    .optional()
    .describe(
      'Messages the pet starts: opt in (`enabled`), quiet hours (`quietStart`-`quietEnd`, HH:MM in the ' +
        "user's time zone, may wrap past midnight) and the most a day (`dailyCap`); fields left out keep their value",
    ),
  trainingConsent: z
    .boolean()
    .optional()
    .describe("Opt in (true) or out (false) of the user's conversations being used as training data"),
});
export const extensionsSchema: z.ZodType<Record<string, unknown>> = z
  .record(z.string(), z.unknown())
  .describe('Opaque data kept for round trips (character card extensions, avatar...)');
export const petCreateBody = petProfileSchema.extend({ extensions: extensionsSchema.optional() }).strict();
export const petPatchBody = patchOf(petProfileSchema).extend({ extensions: extensionsSchema.optional() });
export const tokenBody = z
  .object({
    label: z.string().trim().max(100).optional(),
    expiresIn: z
      .string()
      .trim()
      .max(20)
      .optional()
      .describe(
        'How long the token works: a number and a unit (m, h, d, w), e.g. `30d`; default: until revoked',
      ),
  })
  .strict();

/** Longest chat message in characters (the dialogue module enforces the same bound). */
export const MAX_MESSAGE_CHARS = 4000;
export const chatBody = z
  .object({
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
    idempotencyKey: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Client-chosen; resending a turn with the same key never stores it twice'),
  })
  .strict();

/** A view the web app reports (anonymous: ids and positions only, no text). */
export const eventBody = z
  .object({
    kind: z.enum(['detail_view', 'schedule_view']),
    petId: id,
    date: date.optional(),
    index: z.number().int().min(0).max(100).optional().describe("The schedule item's position"),
  })
  .strict();

export const userIdParams = z.object({ id });
export const petParams = z.object({ petId: id });
export const dayParams = z.object({ petId: id, date });
export const dayQuery = z.object({
  build: z
    .enum(['true', 'false'])
    .default('true')
    .describe('false: only a stored day (404 `not_found` when it is not made yet), nothing generated'),
});
export const memoryParams = z.object({ id });
export const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: id.optional().describe('a message id of the pair: the page of messages written before it'),
});
export const petFilterQuery = z.object({ petId: id.optional() });
export const nightlyQuery = z.object({ date: date.optional() });

// ---- responses ----

export const userJson = z.object({
  id,
  name: z.string(),
  callName: z.string(),
  timezone: z.string(),
  locale: z.enum(LOCALES),
  ageBand: z.enum(AGE_BANDS),
  interests: z.array(z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Opt-in to the user's conversations being used as training data (off until turned on). */
  trainingConsent: z.boolean(),
  /** When the consent last changed (given or withdrawn); null while never set. */
  trainingConsentAt: isoTime.nullable(),
  /** Messages the pet starts: opt-in, quiet hours, daily cap. */
  proactive: proactivePreferencesSchema,
});

export const petJson = z.object({
  id,
  ownerId: id,
  profile: petProfileSchema,
  extensions: extensionsSchema,
  avatarUrl: z
    .string()
    .nullable()
    .describe("where the pet's portrait is served (GET, the owner's token), versioned; null: none"),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const messageJson = z.object({
  id,
  role: z.enum(['user', 'pet']),
  content: z.string(),
  emotion: z.string().nullable(),
  status: z.enum(['ok', 'pending', 'failed']),
  /** The chat session it belongs to (the web app draws a divider where it changes). */
  sessionId: id,
  /** The turn's key (the user message and its reply share it): a failed reply is retried with it. */
  idempotencyKey: z.string().nullable(),
  createdAt: isoTime,
});

export const memoryJson = z.object({
  id,
  petId: id,
  text: z.string(),
  category: z.enum(MEMORY_CATEGORIES),
  /** `pet`: the pet's own memory of the pair (what it did and said); `user`: about the user. */
  subject: z.enum(MEMORY_SUBJECTS),
  kind: z.enum(MEMORY_KINDS).nullable(),
  dueOn: z.string().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
});

export const memoryRecordJson = memoryJson.extend({
  status: z.enum(['active', 'superseded', 'expired']),
  occurredAt: isoTime,
  supersededAt: isoTime.nullable(),
  supersededById: z.string().nullable(),
  sourceSessionId: z.string().nullable(),
  externalId: z.string().nullable(),
  embeddingModel: z.string().nullable(),
});

export const usageJson = z.object({
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  sharedPrefixTokens: z.number().optional(),
});

export const dayJson = z.object({
  petId: id,
  date: z.string(),
  mode: z.enum(WORLD_MODES),
  method: z.enum(WORLD_METHODS),
  outline: z.string(),
  schedule: z.array(
    z.object({
      time: z.string().describe('HH:MM'),
      title: z.string(),
      detail: z.string(),
      current: z.boolean().describe('what the pet is doing now'),
    }),
  ),
  usage: usageJson,
  model: z.string(),
  createdAt: isoTime,
  degraded: z
    .object({ reasons: z.array(z.string()) })
    .nullable()
    .describe('null for a complete day; why parts are missing when the day was kept incomplete'),
  now: z
    .string()
    .nullable()
    .describe("the owner's local time (HH:MM) when the date is their today, else null"),
});

export const friendJson = z.object({
  id,
  name: z.string(),
  kind: z.string(),
  personality: z.string(),
  relationship: z.string(),
  description: z.string(),
});

export const moodJson = z.object({
  emotion: z.enum(EMOTIONS),
  intensity: z.number().min(0).max(1),
  baseline: z.object({ emotion: z.enum(EMOTIONS), intensity: z.number() }),
  updatedAt: isoTime.nullable().describe('last change; null when the pet has not felt anything yet'),
});

export const sessionJson = z.object({
  id,
  petId: id,
  startedAt: isoTime,
  lastMessageAt: isoTime,
  closedAt: isoTime.nullable(),
  messages: z.array(messageJson),
});

export const userResponse = z.object({ user: userJson });
export const signupResponse = z.object({
  id: z.string().describe("the new user's id"),
  user: userJson,
  token: z.string().describe('a bearer token (shown once)'),
  recoveryCode: z
    .string()
    .describe(
      'signs the user in from another browser with POST /api/v1/session (shown once; stored as a hash)',
    ),
});
export const sessionBody = z
  .object({
    recoveryCode: z
      .string()
      .max(100)
      .optional()
      .describe('the code shown at sign-up (any case, dashes optional)'),
    token: z
      .string()
      .max(512)
      .optional()
      .describe("a user token of the web app's earlier installs, exchanged"),
  })
  .strict();
export const sessionResponse = z.object({ user: userJson });
export const signedOutResponse = z.object({ signedOut: z.literal(true) });
export const recoveryCodeResponse = z.object({
  recoveryCode: z.string().describe('the new code (shown once); the previous one no longer works'),
});
export const tokenResponse = z.object({
  token: z.string(),
  expiresAt: isoTime.nullable().describe('when the token stops working; null: until revoked'),
});
/** A token as listed: never its secret or hash. */
export const tokenJson = z.object({
  id,
  label: z.string().nullable(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable().describe('to the minute: requests record it at most once a minute'),
  expiresAt: isoTime.nullable(),
  expired: z.boolean(),
  current: z.boolean().describe('the token this request was made with'),
});
export const tokensResponse = z.object({ tokens: z.array(tokenJson) });
export const tokenIdParams = z.object({ tokenId: id });
export const revokeTokenBody = z.object({ token: z.string().trim().min(1).max(200) }).strict();
export const revokedResponse = z.object({ revoked: z.literal(true) });
export const petResponse = z.object({ pet: petJson });
export const petsResponse = z.object({ pets: z.array(petJson) });
export const deletedResponse = z.object({ deleted: z.number().int() });
export const erasedResponse = z.object({ erased: z.literal(true) });
export const acceptedResponse = z.object({ accepted: z.literal(true) });
export const messagesResponse = z.object({ messages: z.array(messageJson) });
export const memoriesResponse = z.object({ memories: z.array(memoryJson) });
export const memoryExportResponse = z.object({ memories: z.array(memoryRecordJson) });
export const friendsResponse = z.object({ friends: z.array(friendJson) });
/** A message the pet started or was to start, as the export keeps it (planned, delivered or skipped). */
export const proactiveRecordJson = z.object({
  id,
  petId: id,
  date: z.string(),
  position: z.number().int(),
  dueAt: isoTime,
  text: z.string(),
  groundedIn: z.string(),
  status: z.enum(['planned', 'delivered', 'skipped']),
  skipReason: z.string().nullable(),
  createdAt: isoTime,
  deliveredAt: isoTime.nullable(),
  messageId: z.string().nullable(),
  readAt: isoTime.nullable(),
});

export const reflectionJson = z.object({
  id: z.string(),
  text: z.string(),
  createdAt: z.string().describe('ISO 8601 timestamp'),
  scope: z.enum(REFLECTION_SCOPES),
  topic: z.enum(REFLECTION_TOPICS),
  version: z.number().int(),
  periodStart: z.string().describe('YYYY-MM-DD, in the owner’s timezone'),
  periodEnd: z.string().describe('YYYY-MM-DD, in the owner’s timezone'),
});

export const exportResponse = z.object({
  exportedAt: isoTime,
  user: userJson,
  pets: z.array(petJson),
  sessions: z.array(sessionJson),
  memories: z.array(memoryRecordJson),
  days: z.array(dayJson),
  /** Messages the pets started (and those planned or skipped). */
  proactiveMessages: z.array(proactiveRecordJson),
  /** The pets' reflections about their life with the user, every version. */
  reflections: z.array(reflectionJson.extend({ petId: z.string() })),
});

/** The data of each chat SSE event; the event name is the part's `type`. */
export const chatPartJson = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('turn-start'),
    sessionId: z.string(),
    userMessageId: z.string(),
    isNewSession: z.boolean(),
    replayed: z.boolean(),
  }),
  z.object({ type: z.literal('greeting'), text: z.string() }),
  z
    .object({
      type: z.literal('safety'),
      crisis: z.boolean(),
      level: z.enum(['concern', 'crisis']),
      notice: z.string().nullable(),
    })
    .describe('a risk in the message: show `notice` (crisis lines) apart from the reply, out of character'),
  z
    .object({
      type: z.literal('notice'),
      kind: z.enum(['ai-disclosure', 'break-reminder', 'minor-suitability']),
      text: z.string(),
    })
    .describe("a notice the app shows outside the pet's voice"),
  z.object({
    type: z.literal('context'),
    context: z.record(z.string(), z.unknown()).describe('what went into the prompt (memories, schedule...)'),
  }),
  z.object({ type: z.literal('emotion'), emotion: z.enum(EMOTIONS) }),
  z.object({ type: z.literal('text-delta'), text: z.string() }),
  z.object({
    type: z.literal('finish'),
    replyMessageId: z.string(),
    text: z.string(),
    emotion: z.enum(EMOTIONS),
  }),
  z.object({
    type: z.literal('error'),
    error: z.object({
      code: z.string(),
      message: z.string(),
      retryable: z.boolean(),
      hint: z.string().optional(),
    }),
  }),
]);

export const errorJson = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
