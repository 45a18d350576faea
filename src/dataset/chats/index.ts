export {
  datasetFromChats,
  type FromChatsDeps,
  type FromChatsSummary,
  MAX_CHAT_MESSAGES,
  sessionTurns,
} from './from-chats.ts';
