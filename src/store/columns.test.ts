import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.ts';
import { toVectorLiteral } from './columns.ts';

describe('toVectorLiteral', () => {
  it('writes the text form pgvector parses', () => {
    expect(toVectorLiteral([1, -0.5, 2e-7])).toBe('[1,-0.5,2e-7]');
  });

  it('rejects empty and non-finite vectors', () => {
    expect(() => toVectorLiteral([])).toThrow(ValidationError);
    expect(() => toVectorLiteral([1, Number.NaN])).toThrow(ValidationError);
    expect(() => toVectorLiteral([Number.POSITIVE_INFINITY])).toThrow(ValidationError);
  });
});
