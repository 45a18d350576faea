/**
 * @module test
 * Fakes and helpers for other modules' tests: a real (in-memory PGlite) store, a fixed clock, sequential ids.
 */
export { fixedClock, sequentialIds } from '../core/index.ts';
export { openTestStore } from './pglite-template.ts';
