import type { Locale } from '../../core/index.ts';

/** The few words the context providers put around data, per locale (sentences live in the prompt files). */
export const VOCAB: Record<
  Locale,
  { listSeparator: string; nowMarker: string; intensity: [slight: string, moderate: string, strong: string] }
> = {
  en: { listSeparator: ', ', nowMarker: '(now)', intensity: ['slightly', 'fairly', 'very'] },
  zh: { listSeparator: '、', nowMarker: '（现在）', intensity: ['有一点', '比较', '非常'] },
};
