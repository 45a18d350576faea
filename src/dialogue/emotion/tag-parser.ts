import { type Emotion, normalizeEmotion } from './labels.ts';

/** What the reply's leading tag said, decided once per reply. */
export interface EmotionTag {
  /** The bracketed text as written, or null when the reply did not start with a tag. */
  raw: string | null;
  /** The recognised label, or null (no tag, or a label we do not know). */
  emotion: Emotion | null;
}

export interface TagParseStep {
  /** Reply text to show for this chunk, tag removed (may be empty while the parser waits). */
  text: string;
  /** Present exactly once: on the step where the parser decided whether there was a tag. */
  tag?: EmotionTag;
}

export interface EmotionTagParser {
  push(chunk: string): TagParseStep;
  /** End of the reply: releases whatever was held back. */
  end(): TagParseStep;
}

const OPEN = '[【［';
const CLOSE = ']】］';
/** Longer bracketed openings are text, not a label. */
const MAX_TAG_CHARS = 32;

/**
 * Streaming parser for the reply's leading `[label]`. Holds back only the first few characters until it can
 * tell a tag from text, so a tag split across chunks ("[jo" + "y] Hi") is removed, and a reply that starts
 * with anything else streams through untouched. Whitespace after the tag is dropped.
 */
export function createEmotionTagParser(): EmotionTagParser {
  let state: 'lead' | 'after-tag' | 'body' = 'lead';
  let held = '';

  const noTag = (text: string): TagParseStep => {
    state = 'body';
    return { text, tag: { raw: null, emotion: null } };
  };

  return {
    push(chunk) {
      if (state === 'body') return { text: chunk };
      if (state === 'after-tag') {
        const text = chunk.trimStart();
        if (text.length > 0) state = 'body';
        return { text };
      }
      held += chunk;
      const s = held.trimStart();
      if (s.length === 0) return { text: '' };
      if (!OPEN.includes(s[0]!)) return noTag(s);
      let close = -1;
      for (let i = 1; i < s.length && close === -1; i++) if (CLOSE.includes(s[i]!)) close = i;
      if (close === -1) {
        return s.length > MAX_TAG_CHARS + 1 || s.includes('\n') ? noTag(s) : { text: '' };
      }
      const raw = s.slice(1, close).trim();
      if (raw.length === 0 || raw.length > MAX_TAG_CHARS || raw.includes('\n')) return noTag(s);
      const rest = s.slice(close + 1).trimStart();
      state = rest.length > 0 ? 'body' : 'after-tag';
      return { text: rest, tag: { raw, emotion: normalizeEmotion(raw) } };
    },
    end() {
      if (state !== 'lead') return { text: '' };
      return noTag(held.trimStart());
    },
  };
}
