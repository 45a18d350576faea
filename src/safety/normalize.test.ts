import { describe, expect, it } from 'vitest';
import {
  baseNormalize,
  joinHan,
  joinSpelledOut,
  screeningVariants,
  toSimplified,
  unLeet,
} from './normalize.ts';

describe('screening normalisation', () => {
  it('folds width, case, invisible characters and curly quotes', () => {
    expect(baseNormalize('Ｉ don\u200B’t  KNOW…  ok')).toBe("i don't know ok");
  });

  it('undoes leetspeak inside words but keeps numbers', () => {
    expect(unLeet('k1ll mys3lf, call 988, ran 5 km, wow!')).toBe('kill myself, call 988, ran 5 km, wow!');
    expect(unLeet('su!c!de')).toBe('suicide');
  });

  it('joins spelled-out letters, not ordinary short words', () => {
    expect(joinSpelledOut('k.m.s and k m s and k-i-l-l')).toBe('kms and kms and kill');
    expect(joinSpelledOut('i m so tired')).toBe('i m so tired');
  });

  it('removes spacing between Chinese characters and maps traditional forms', () => {
    expect(joinHan('想 死 . 了')).toBe('想死了');
    expect(joinHan('我想，死了的鱼')).toBe('我想，死了的鱼');
    expect(toSimplified('自殺 輕生')).toBe('自杀 轻生');
  });

  it('offers squeezed variants of stretched words', () => {
    const forms = screeningVariants('diiiie killlll');
    expect(forms).toContain('die kil');
    expect(forms).toContain('diie kill');
  });
});
