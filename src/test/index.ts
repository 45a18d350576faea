/**
 * @module test
 * Fakes and helpers for other modules' tests: a real (in-memory PGlite) store, a fixed clock, sequential ids.
 */
export { fixedClock } from '../core/clock.ts';
export { sequentialIds } from '../core/ids.ts';
export { openTestStore } from './pglite-template.ts';
