// The store module's test entry, for other modules' tests.
export { postgresTestDatabase } from './postgres-test-database.ts';
