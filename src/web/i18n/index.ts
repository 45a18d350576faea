import { createContext, useContext } from 'react';
import type { Locale } from '../api/types.ts';
import { type Dictionary, en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';

export type { MessageKey } from './en.ts';

const DICTIONARIES: Record<Locale, Dictionary> = { en, zh };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator for one locale; `{name}` placeholders are replaced by `values.name`. */
export function translator(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale];
  return (key, values) => {
    const template = dictionary[key] ?? en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** The browser's preferred product language, for visitors who have no profile yet. */
export function browserLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
  for (const language of languages) {
    const tag = language.toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export interface I18n {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18n>({
  locale: 'en',
  t: translator('en'),
  setLocale: () => {},
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A known emotion label in the current language; unknown labels are shown as they are. */
export function emotionLabel(t: Translate, emotion: string): string {
  const key = `emotion.${emotion}` as MessageKey;
  return key in en ? t(key) : emotion;
}
