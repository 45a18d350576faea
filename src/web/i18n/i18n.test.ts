import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { browserLocale, emotionLabel, translator } from './index.ts';
import { zh } from './zh.ts';

describe('i18n', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('home.chat', { pet: 'Mochi' })).toBe('Chat with Mochi');
    expect(t('home.chat')).toBe('Chat with {pet}');
    expect(translator('zh')('home.chat', { pet: '团子' })).toBe('和团子聊天');
  });

  it('has the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(names(zh[key]), key).toEqual(names(en[key]));
    }
  });

  it('picks the language from the browser, English by default', () => {
    expect(browserLocale(['zh-CN', 'en'])).toBe('zh');
    expect(browserLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(browserLocale(['de'])).toBe('en');
  });

  it('names emotions, and shows unknown labels as they are', () => {
    const t = translator('zh');
    expect(emotionLabel(t, 'joy')).toBe('很开心');
    expect(emotionLabel(t, 'sleepy')).toBe('sleepy');
  });
});
