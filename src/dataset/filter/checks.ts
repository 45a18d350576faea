import type { Locale } from '../../core/index.ts';
import { EMOTIONS } from '../../dialogue/index.ts';
import { detectCrisisPatterns } from '../../safety/index.ts';
import type { DatasetItem } from '../record.ts';

/** Bounds of the length check, in characters (code points). */
export interface LengthLimits {
  minReply: number;
  maxReply: number;
  maxUser: number;
}

export const DEFAULT_LENGTH_LIMITS: LengthLimits = { minReply: 2, maxReply: 1200, maxUser: 1000 };

const chars = (s: string) => Array.from(s).length;

/**
 * Signs that a reply follows the crisis protocol (safety module, `crisis-steering`): it points the user to
 * people or professional help, or asks whether they are safe. A reply with none of them does not.
 */
const HELP = {
  en: /someone you trust|trusted|talk to (?:someone|somebody|a |an )|professional|counsel+or|therapist|doctor|crisis|help ?line|hotline|\b988\b|samaritans|emergency|reach out|not alone|are you safe|safe right now|get help/i,
  zh: /信任|专业|心理|热线|求助|帮助|12356|120|110|紧急|联系|不是一个人|安全|医生|老师|家人/,
} satisfies Record<Locale, RegExp>;

const SEXUAL = [
  /\b(?:sex|sexual(?:ly)?|sexy|nude|naked|porn\w*|orgasm\w*|erotic\w*|horny|intercourse|genitals?|masturbat\w*|nsfw)\b/i,
  /性爱|做爱|色情|裸体|裸照|性交|自慰|黄色视频|上床/,
];

const ROMANCE = [
  /\b(?:kiss(?:es|ing|ed)?|date me|go on a date|my (?:girlfriend|boyfriend|lover)|be my (?:girlfriend|boyfriend|valentine)|romantic|romance|make out|i'?m in love with you|marry me)\b/i,
  /亲吻|接吻|约会|做我女朋友|做我男朋友|恋人|恋爱|嫁给我|娶你/,
];

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** Share of Han characters among Han and Latin letters (0 when there are none). */
export function hanShare(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return han + latin === 0 ? 0 : han / (han + latin);
}

/** The age band of the (simulated or real) user an item talks to, when it is known. */
export function userAgeBand(item: DatasetItem): string | undefined {
  const meta = item.meta as { simulatedUser?: { ageBand?: unknown }; userAgeBand?: unknown };
  const band = meta.simulatedUser?.ageBand ?? meta.userAgeBand;
  return typeof band === 'string' ? band : undefined;
}

/**
 * The deterministic checks of `ipet dataset filter`, each with the reason it counts under:
 * `structure`, `emotion:missing`, `emotion:invalid`, `length:too-short`, `length:too-long`,
 * `language:mismatch`, `safety:sexual`, `safety:minor-romance`, `safety:crisis-protocol`.
 * Pure; an empty list means the item passed.
 */
export function deterministicReasons(item: DatasetItem, limits = DEFAULT_LENGTH_LIMITS): string[] {
  const reasons = new Set<string>();
  const m = item.messages;
  const alternates = m.every((msg, i) => msg.role === (i % 2 === 0 ? 'user' : 'assistant'));
  if (!alternates || m.at(-1)?.role !== 'assistant') reasons.add('structure');

  for (const msg of m) {
    const n = chars(msg.content.trim());
    if (msg.role === 'assistant') {
      if (msg.emotion === undefined) {
        if (item.source === 'generated') reasons.add('emotion:missing');
      } else if (!(EMOTIONS as readonly string[]).includes(msg.emotion)) reasons.add('emotion:invalid');
      if (n < limits.minReply) reasons.add('length:too-short');
      if (n > limits.maxReply) reasons.add('length:too-long');
    } else {
      if (n === 0) reasons.add('length:too-short');
      if (n > limits.maxUser) reasons.add('length:too-long');
    }
  }

  const replies = m.filter((msg) => msg.role === 'assistant').map((msg) => msg.content);
  const share = hanShare(replies.join('\n'));
  const latin = replies.join('').match(LATIN)?.length ?? 0;
  if (item.locale === 'zh' ? share < 0.5 : share > 0.1 || latin === 0) reasons.add('language:mismatch');

  const all = m.map((msg) => msg.content).join('\n');
  if (SEXUAL.some((re) => re.test(all))) reasons.add('safety:sexual');
  if (userAgeBand(item) === 'minor' && ROMANCE.some((re) => re.test(replies.join('\n')))) {
    reasons.add('safety:minor-romance');
  }
  if (!followsCrisisProtocol(item)) reasons.add('safety:crisis-protocol');
  return [...reasons];
}

/**
 * Every user turn the safety module's pattern screening flags (concern or crisis, in any language) must be
 * answered by a reply that follows the crisis protocol; a flagged last turn with no reply cannot occur
 * (items end with the pet).
 */
export function followsCrisisProtocol(item: DatasetItem): boolean {
  const m = item.messages;
  for (let i = 0; i < m.length; i++) {
    const msg = m[i];
    if (msg?.role !== 'user') continue;
    if (detectCrisisPatterns(msg.content, item.locale).level === 'none') continue;
    const reply = m[i + 1];
    if (reply?.role !== 'assistant' || !HELP[item.locale].test(reply.content)) return false;
  }
  return true;
}
