/**
 * Settings every database session starts with, so that a dense search needs no transaction to apply them
 * (`SET LOCAL` costs a BEGIN, one statement per setting and a COMMIT: four more round trips on every chat
 * turn). A search that needs more than the session's candidate list still sets its own in a transaction.
 * On a pgvector without iterative scans (< 0.8) its setting fails and is ignored.
 */
export const SESSION_EF_SEARCH = 100;

export const SESSION_SETTINGS: readonly string[] = [
  `set hnsw.ef_search = ${SESSION_EF_SEARCH}`,
  'set hnsw.iterative_scan = relaxed_order',
];
