// The store module's test entry, for other modules' tests.
export { postgresTestDatabase } from './postgres-test-database.ts';
export { countRoundTrips, type RoundTripCounter } from './round-trips.ts';
