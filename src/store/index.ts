/**
 * @module store
 * The repositories of `core/ports` on PostgreSQL: embedded (PGlite, a directory or `memory://`) or a server
 * (node-postgres). `openStore` applies the committed migrations in `drizzle/` before returning;
 * `jobQueueDatabase` tells a job queue where to keep its tables next to the store's data.
 */
export { BM25_B, BM25_K1, bm25AverageLength, bm25Idf, bm25Sum, bm25Term } from './bm25.ts';
export { toVectorLiteral } from './columns.ts';
export { counterKey, mergeDeltas } from './counter-repository.ts';
export { DatabaseError, isConnectionFailure } from './database-error.ts';
export { describeStoreConfig, type StoreConfig } from './describe-store-config.ts';
export { internalsOf } from './internals.ts';
export { type JobQueueDatabase, jobQueueDatabase } from './job-queue-database.ts';
export { lexicalTerms } from './memory-search.ts';
export { MIGRATIONS_FOLDER, openStore, prepareStore, type StoreDeps } from './open-store.ts';
export { openPgliteEngine } from './pglite-engine.ts';
export { readProfile } from './profile-json.ts';
export { refusalFrom } from './rate-limit-repository.ts';
export { openRedisShared, type RedisShared, type RedisSharedOptions } from './redis-shared.ts';
export { checkDimensions, checkModel, MAX_INDEXED_DIMENSIONS } from './vector-sql.ts';
