/**
 * Persona training data (issue 21): generate, filter, review, profile-from-dialogue; consent, from-chats and
 * export. Public surface of the `dataset` domain module.
 */
export * from './record.ts';
