import type { Locale } from '../../core/index.ts';

/**
 * The pet's emotion labels: RoleCraft-GLM's ten-category idea (Ekman's basic emotions plus neutral and a few
 * companion-specific states), trimmed to what a companion pet shows. `disgust` is folded into `anger`, and
 * RoleCraft's `depressed` into `sadness`; `affectionate`, `shy` and `worried` are added because companions
 * express them constantly.
 */
export const EMOTIONS = [
  'neutral',
  'joy',
  'excited',
  'affectionate',
  'shy',
  'surprise',
  'sadness',
  'worried',
  'fear',
  'anger',
] as const;
export type Emotion = (typeof EMOTIONS)[number];

export function isEmotion(value: string): value is Emotion {
  return (EMOTIONS as readonly string[]).includes(value);
}

/** Words models commonly use instead of our labels (English and Chinese). */
const SYNONYMS: Record<string, Emotion> = {
  calm: 'neutral',
  happy: 'joy',
  happiness: 'joy',
  glad: 'joy',
  cheerful: 'joy',
  content: 'joy',
  excitement: 'excited',
  love: 'affectionate',
  loving: 'affectionate',
  tender: 'affectionate',
  caring: 'affectionate',
  embarrassed: 'shy',
  bashful: 'shy',
  surprised: 'surprise',
  amazed: 'surprise',
  sad: 'sadness',
  depressed: 'sadness',
  lonely: 'sadness',
  anxious: 'worried',
  nervous: 'worried',
  concerned: 'worried',
  worry: 'worried',
  scared: 'fear',
  afraid: 'fear',
  fearful: 'fear',
  angry: 'anger',
  annoyed: 'anger',
  disgust: 'anger',
  disgusted: 'anger',
  中性: 'neutral',
  平静: 'neutral',
  开心: 'joy',
  高兴: 'joy',
  快乐: 'joy',
  兴奋: 'excited',
  亲昵: 'affectionate',
  喜爱: 'affectionate',
  害羞: 'shy',
  惊讶: 'surprise',
  难过: 'sadness',
  伤心: 'sadness',
  担心: 'worried',
  害怕: 'fear',
  生气: 'anger',
};

/** A label as a model wrote it -> one of ours, or null when it is not recognisable. */
export function normalizeEmotion(raw: string): Emotion | null {
  const label = raw.trim().toLowerCase();
  if (isEmotion(label)) return label;
  return SYNONYMS[label] ?? null;
}

const NAMES: Record<Locale, Record<Emotion, string>> = {
  en: {
    neutral: 'calm',
    joy: 'happy',
    excited: 'excited',
    affectionate: 'affectionate',
    shy: 'shy',
    surprise: 'surprised',
    sadness: 'sad',
    worried: 'worried',
    fear: 'scared',
    anger: 'upset',
  },
  zh: {
    neutral: '平静',
    joy: '开心',
    excited: '兴奋',
    affectionate: '亲昵',
    shy: '害羞',
    surprise: '惊讶',
    sadness: '难过',
    worried: '担心',
    fear: '害怕',
    anger: '生气',
  },
};

/** How a label reads in a prompt for `locale` ("happy", "开心"). */
export function emotionName(emotion: Emotion, locale: Locale): string {
  return NAMES[locale][emotion];
}
