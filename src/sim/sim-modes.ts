import type { SimOptions } from './options.ts';

/** A way of running the simulator that an integration suite should pass under. */
export interface SimMode {
  /** 'normal' or 'schema-only' (for test titles: `describe.each(SIM_MODES)('... ($name)', ...)`). */
  name: 'normal' | 'schema-only';
  /** Spread into the suite's own options: `startSimulator({ seed: 11, ...mode.options })`. */
  options: Pick<SimOptions, 'schemaOnly'>;
}

/**
 * Both simulator modes: normal (reads ipet's field hints and echoes the user, so English suites pass as
 * with a good model) and schema-only (honours only the JSON schema, as a guided-decoding server with a
 * weak model does). Suites parameterised over both show that ipet works with either.
 */
export const SIM_MODES: readonly SimMode[] = [
  { name: 'normal', options: { schemaOnly: false } },
  { name: 'schema-only', options: { schemaOnly: true } },
];
