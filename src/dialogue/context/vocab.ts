import type { Locale } from '../../core/index.ts';

/** The few words the context providers put around data, per locale (sentences live in the prompt files). */
export const VOCAB: Record<
  Locale,
  { listSeparator: string; intensity: [slight: string, moderate: string, strong: string] }
> = {
  en: { listSeparator: ', ', intensity: ['slightly', 'fairly', 'very'] },
  zh: { listSeparator: '、', intensity: ['有一点', '比较', '非常'] },
};
