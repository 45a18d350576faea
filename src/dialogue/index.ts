/**
 * @module dialogue
 * The paper's interactive dialogue module (section 2.1): R = LLM(I_R, H, T1, T2, T3, P, U, M), streamed as
 * typed parts, with the pet's profiles, emotion and mood. Other modules plug in through the optional
 * sources in ChatDeps (memories, the day, lore, session-closed hook).
 */
export { type ChatDeps, type ChatInput, chat } from './chat.ts';
export { type ChatResult, chatOnce } from './chat-once.ts';
export { ChatTurnError } from './chat-turn-error.ts';
export type { DayContext, DayContextSource } from './context/providers/day.ts';
export type { LoreSource } from './context/providers/lore.ts';
export type { RetrieveMemories } from './context/providers/memories.ts';
export type { ContextItem, ContextProvider, ContextRef, ContextSection, Turn } from './context/types.ts';
export { EMOTIONS, type Emotion } from './emotion/labels.ts';
export { classifyEmotion } from './emotion/lexicon.ts';
export type { ChatErrorInfo } from './errors.ts';
export { greetingFor } from './greeting.ts';
export { resolveMacros } from './macros.ts';
export { baselineMood, decayMood } from './mood.ts';
export { callNameOf } from './names.ts';
export { type ChatOptions, DEFAULT_CHAT_OPTIONS } from './options.ts';
export type { ChatPart, NoticePart, SafetyPart, TurnContext } from './parts.ts';
export type { ChatSafety } from './turn-safety.ts';
