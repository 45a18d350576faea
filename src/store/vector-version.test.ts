import { describe, expect, it } from 'vitest';
import { supportsIterativeScan } from './vector-version.ts';

describe('supportsIterativeScan', () => {
  it.each([
    ['0.7.4', false],
    ['0.8.0', true],
    ['0.8.7', true],
    ['0.10.1', true],
    ['1.0.0', true],
    ['garbage', false],
  ])('pgvector %s -> %s', (version, expected) => {
    expect(supportsIterativeScan(version)).toBe(expected);
  });
});
