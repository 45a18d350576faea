import { EMOTIONS, type Emotion } from './labels.ts';

/**
 * Fallback when the model gave no usable label: a small lexicon over the reply text (English word stems,
 * Chinese words, emoji). Pure and deterministic; ties go to the earlier label in EMOTIONS, and a text with no
 * cue is `neutral`.
 */
const CUES: Record<Exclude<Emotion, 'neutral'>, { words: string[]; zh: string[]; emoji: string[] }> = {
  joy: {
    words: [
      'happy',
      'happi',
      'glad',
      'yay',
      'great',
      'wonderful',
      'delight',
      'fun',
      'smil',
      'laugh',
      'haha',
      'nice',
    ],
    zh: ['开心', '高兴', '快乐', '哈哈', '太好了', '真好', '笑'],
    emoji: ['😊', '😄', '😁', '🙂', '😆'],
  },
  excited: {
    words: ['excit', 'amazing', "can't wait", 'cannot wait', 'thrill', 'awesome', 'wow'],
    zh: ['兴奋', '激动', '迫不及待', '好棒', '太棒'],
    emoji: ['🤩', '🎉', '✨'],
  },
  affectionate: {
    words: ['love', 'miss you', 'hug', 'cuddl', 'dear', 'sweet', 'snuggl', 'care about'],
    zh: ['爱你', '喜欢你', '想你', '抱抱', '亲爱', '贴贴'],
    emoji: ['❤', '🥰', '😘', '💕'],
  },
  shy: {
    words: ['blush', 'shy', 'embarrass', 'bashful', 'flustered'],
    zh: ['害羞', '脸红', '不好意思'],
    emoji: ['😳', '☺'],
  },
  surprise: {
    words: ['surpris', 'really?', 'no way', 'whoa', 'unexpected', 'oh!'],
    zh: ['惊讶', '真的吗', '没想到', '居然', '竟然'],
    emoji: ['😮', '😲', '😯'],
  },
  sadness: {
    words: ['sad', 'sorry to hear', 'cry', 'tear', 'lonely', 'miss', 'heartbroken', 'depress'],
    zh: ['难过', '伤心', '哭', '孤单', '失落', '心疼'],
    emoji: ['😢', '😭', '😞', '🥺'],
  },
  worried: {
    words: ['worr', 'anxious', 'nervous', 'concern', 'are you ok', 'take care', 'uneasy'],
    zh: ['担心', '着急', '焦虑', '紧张', '还好吗', '注意身体'],
    emoji: ['😟', '😰'],
  },
  fear: {
    words: ['scared', 'afraid', 'fright', 'terrif', 'fear'],
    zh: ['害怕', '可怕', '吓'],
    emoji: ['😨', '😱'],
  },
  anger: {
    words: ['angry', 'annoy', 'mad at', 'furious', 'hate', 'grr', 'unfair', 'disgust'],
    zh: ['生气', '讨厌', '气死', '可恶', '恶心'],
    emoji: ['😠', '😡'],
  },
};

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    count++;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return count;
}

function startsWordAt(text: string, at: number): boolean {
  return at === 0 || !/[a-z]/.test(text[at - 1] ?? '');
}

/** English cues match at the start of a word ("sad" in "sadly", not in "crusade"). */
function countWordStems(text: string, stem: string): number {
  let count = 0;
  let at = text.indexOf(stem);
  while (at !== -1) {
    if (startsWordAt(text, at)) count++;
    at = text.indexOf(stem, at + stem.length);
  }
  return count;
}

export function classifyEmotion(text: string): Emotion {
  const lower = text.toLowerCase();
  let best: Emotion = 'neutral';
  let bestScore = 0;
  for (const emotion of EMOTIONS) {
    if (emotion === 'neutral') continue;
    const cues = CUES[emotion];
    let score = 0;
    for (const w of cues.words) score += countWordStems(lower, w);
    for (const w of cues.zh) score += countOccurrences(text, w);
    for (const e of cues.emoji) score += countOccurrences(text, e);
    if (score > bestScore) {
      best = emotion;
      bestScore = score;
    }
  }
  return best;
}
