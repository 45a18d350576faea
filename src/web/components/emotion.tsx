import { emotionLabel, useI18n } from '../i18n/index.ts';

const FACES: Record<string, string> = {
  neutral: '🙂',
  joy: '😊',
  excited: '🤩',
  affectionate: '🥰',
  shy: '😳',
  surprise: '😮',
  sadness: '😢',
  worried: '😟',
  fear: '😨',
  anger: '😠',
};

export function emotionFace(emotion: string): string {
  return FACES[emotion] ?? '🙂';
}

/** The pet's emotion as a face and a word (the word is what screen readers read). */
export function EmotionBadge({ emotion, className }: { emotion: string; className?: string }) {
  const { t } = useI18n();
  return (
    <span className={`emotion emotion-${emotion} ${className ?? ''}`} data-emotion={emotion}>
      <span aria-hidden="true" className="emotion-face">
        {emotionFace(emotion)}
      </span>
      <span className="emotion-word">{emotionLabel(t, emotion)}</span>
    </span>
  );
}
