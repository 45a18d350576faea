import type { Api } from '../../server/index.ts';

/**
 * The HTTP API's JSON shapes, inferred from the server's zod schemas (src/server/api-types.ts): the server is
 * the source of truth and a change there fails the web app's type check. Type-only, so nothing of the server
 * (or zod) enters the bundle.
 */

export type NewUser = Api.NewUser;
export type UserPatch = Api.UserPatch;
export type NewPet = Api.NewPet;
export type PetPatch = Api.PetPatch;
export type ChatRequest = Api.ChatRequest;
export type ProductEvent = Api.ProductEvent;
export type ModelSettingsInput = Api.ModelSettingsInput;

export type User = Api.User;
export type Locale = Api.Locale;
export type AgeBand = Api.AgeBand;
export type Pet = Api.Pet;
export type PetProfile = Api.PetProfile;
export type CardImport = Api.CardImport;
export type CardPreview = Api.CardPreview;
export type Greeting = Api.Greeting;
export type Friend = Api.Friend;
export type Mood = Api.Mood;
export type Day = Api.Day;
export type ScheduleItem = Api.ScheduleItem;
export type Message = Api.Message;
export type MessageStatus = Api.MessageStatus;
export type Memory = Api.Memory;
export type MemoryCategory = Api.MemoryCategory;
export type ChatPart = Api.ChatPart;
export type ChatErrorInfo = Api.ChatErrorInfo;
export type NoticeKind = Api.NoticeKind;

export type ProactiveMessage = Api.ProactiveMessage;
export type ProactiveList = Api.ProactiveList;
export type UnreadCounts = Api.UnreadCounts;
export type ProactivePreferences = Api.ProactivePreferences;

export type ModelSettings = Api.ModelSettings;
export type EndpointTest = Api.EndpointTest;
export type EndpointFailure = Api.EndpointFailure;
export type ModelSave = Api.ModelSave;
