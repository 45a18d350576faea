import type { Locale } from '../api/types.ts';
import { useI18n } from '../i18n/index.ts';

const LANGUAGES: Array<{ locale: Locale; label: string }> = [
  { locale: 'en', label: 'English' },
  { locale: 'zh', label: '中文' },
];

/** Two buttons, the current language pressed; each names itself in its own language. */
export function LanguageToggle() {
  const { locale, setLocale, t } = useI18n();
  return (
    <fieldset className="language">
      <legend className="visually-hidden">{t('app.language')}</legend>
      {LANGUAGES.map((language) => (
        <button
          key={language.locale}
          type="button"
          lang={language.locale === 'zh' ? 'zh-CN' : 'en'}
          aria-pressed={locale === language.locale}
          onClick={() => setLocale(language.locale)}
        >
          {language.label}
        </button>
      ))}
    </fieldset>
  );
}
