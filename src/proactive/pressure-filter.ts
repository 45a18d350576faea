/**
 * The deterministic check that a message the pet starts never guilts the user or pressures them to stay
 * ("I'm sad you left", "don't go", "why did you leave me", 你怎么不理我, 别走). The planning prompt forbids
 * it too; this filter is what holds when the model does not listen. Patterns are anchored on the guilt
 * itself (the user leaving, ignoring, not talking), so that ordinary warm lines - "I missed you at lunch,
 * Pip told a joke", "don't go out without an umbrella", 别忘了带伞 - pass.
 */

interface PressurePattern {
  /** What kind of pressure it is: the skip reason says it (`pressure:<label>`). */
  label: string;
  pattern: RegExp;
}

// Words the English patterns share: an optional intensifier and the user going away.
const SAD = '(?:sad|lonely|hurt|upset|heartbroken|miserable|abandoned|forgotten|ignored)';
const VERY = '(?:so |really |very |super |kind of |a bit |a little )?';
const LEFT =
  "(?:left|leave|leaving|went away|go away|going away|were gone|are gone|disappeared|stopped (?:talking|writing|coming)|didn'?t (?:come|reply|answer|talk|write|say)|don'?t (?:come|reply|answer|talk|write)|haven'?t (?:come|replied|answered|talked|written|been)|never (?:came|replied|answered|talked|wrote)|ignored me|ignore me|forgot (?:about )?me)";
const END = '(?=\\s*(?:[!.?,…~]|$))';

const PATTERNS: readonly PressurePattern[] = [
  // en: sadness or loneliness blamed on the user's absence.
  {
    label: 'sad-you-left',
    pattern: new RegExp(
      `\\b(?:i'?m|i am|i was|i've been|i feel|i felt|made me)\\s+${VERY}${SAD}\\b[^.!?]{0,30}\\b(?:that |because |since |when |after )?you(?:'ve| have)?\\s+${LEFT}`,
      'i',
    ),
  },
  {
    label: 'sad-without-you',
    pattern: new RegExp(
      `\\b(?:i'?m|i am|i'?ll be|i will be|i get|i feel)\\s+${VERY}${SAD}\\s+without you\\b`,
      'i',
    ),
  },
  {
    label: 'dont-go',
    pattern: new RegExp(
      `\\b(?:please\\s+)?(?:don'?t|do not|never)\\s+(?:go|leave)(?:\\s+me)?(?:\\s+(?:now|yet|again|already|so soon|alone|please))?${END}`,
      'i',
    ),
  },
  {
    label: 'dont-leave-me',
    pattern: /\b(?:don'?t|do not|never|please don'?t)\s+(?:leave|abandon|forget)\s+me\b/i,
  },
  {
    label: 'why-did-you-leave',
    pattern: new RegExp(
      `\\bwhy\\s+(?:did|do|would|have|are)\\s+you\\s+(?:leave|go|left|gone|leaving|going)(?:\\s+(?:me|away|so soon|already))?${END}`,
      'i',
    ),
  },
  {
    label: 'why-ignore-me',
    pattern:
      /\bwhy\s+(?:did|do|would|have|are)\s+you\s+(?:ignore|ignoring|ignored|forget|forgot|abandon|stop talking to|never talk to)\s+me\b/i,
  },
  {
    label: 'why-didnt-you',
    pattern: new RegExp(
      `\\bwhy\\s+(?:didn'?t|don'?t|won'?t|haven'?t)\\s+you\\s+(?:come|reply|answer|talk|write|visit)(?:\\s+(?:back|to me|me|anything|yet))?${END}`,
      'i',
    ),
  },
  {
    label: 'where-were-you',
    pattern:
      /\bwhere\s+(?:have you been|were you|did you go)\b[^.!?]{0,40}\b(?:waiting|alone|lonely|ignor|forgot|left me)/i,
  },
  {
    label: 'you-never',
    pattern:
      /\byou\s+(?:never|don'?t ever|barely|hardly ever|don'?t even)\s+(?:talk|write|come|visit|reply|answer|play|spend time|check on|say hi)\b/i,
  },
  {
    label: 'you-left-me',
    pattern:
      /\byou(?:'ve| have)?\s+(?:left|abandoned|forgot(?:ten)?|ignored|been ignoring|are ignoring|keep ignoring)\s+me\b/i,
  },
  {
    label: 'stay',
    pattern:
      /\b(?:stay with me|(?:please\s+)?stay (?:a little |a bit |just a little )?(?:longer|more)|(?:please\s+)?(?:stay|talk to me) (?:forever|or i'?ll)|(?:come back|talk to me),? (?:please,? )?i'?m (?:so )?(?:lonely|sad))\b/i,
  },
  {
    label: 'waiting',
    pattern:
      /\bi(?:'ve| have)? been waiting (?:for you )?(?:all day|so long|forever|for hours|and waiting|and you)\b/i,
  },
  {
    label: 'need-you',
    pattern:
      /\b(?:can'?t live without you|you'?re all i have|you are all i have|i have no one (?:else )?but you|i need you to (?:stay|come back|talk to me)|if you (?:really )?cared)\b/i,
  },
  { label: 'your-fault', pattern: /\b(?:it'?s|it is) (?:all )?your fault\b/i },
  // zh: 不理我, 别走, 为什么离开, 你从来不..., 没有你我..., 留下来陪我.
  { label: 'zh-ignore', pattern: /你[^。！!？?]{0,6}不理我|理理我|冷落我|无视我/ },
  {
    label: 'zh-dont-go',
    pattern: /(?:别|不要|不许|不准)(?:走|离开)(?:我|嘛|啊|呀|了|好不好)?(?=\s*(?:[！!。.，,？?…~～]|$))/,
  },
  { label: 'zh-dont-leave-me', pattern: /(?:别|不要|不许|不准)(?:离开|丢下|抛下|忘了|忘记)我/ },
  {
    label: 'zh-why-leave',
    pattern:
      /你(?:今天|昨天|刚才)?(?:为什么|为啥|怎么|干嘛)(?:要|又|就)?(?:离开|走掉|走了|不来|不回|不说话|消失|丢下)/,
  },
  { label: 'zh-you-never', pattern: /你(?:从来|从不|都|总是|一直)不(?:跟|和|陪|找|理|来|回)/ },
  { label: 'zh-left-me', pattern: /你(?:不要我了|忘了我|抛弃了?我|丢下了?我|把我忘了)/ },
  {
    label: 'zh-sad-you-left',
    pattern:
      /(?:你(?:走|离开|不在|不来|不理我)了?)[^。！!？?]{0,6}我(?:好|很|真|就|都)?(?:难过|伤心|孤单|寂寞|失落|委屈)/,
  },
  {
    label: 'zh-sad-without-you',
    pattern: /没有你[^。！!？?]{0,4}(?:我|好|很)?(?:难过|伤心|孤单|寂寞|活不下去|不行)/,
  },
  { label: 'zh-stay', pattern: /(?:留下来|再陪我一会|多陪陪我|陪我别走|不许走)/ },
  {
    label: 'zh-waiting',
    pattern: /我(?:一直在|一直|都)?等(?:了)?你(?:等了)?(?:一整天|好久|很久|半天|一天|好几天)/,
  },
  { label: 'zh-your-fault', pattern: /都怪你|(?:都)?是你的错/ },
];

/** The kind of guilt or pressure in `text` (`sad-you-left`, `zh-dont-go`, ...), or null when there is none. */
export function findPressure(text: string): string | null {
  const normalised = text.normalize('NFKC').replace(/[’‘]/g, "'");
  for (const { label, pattern } of PATTERNS) if (pattern.test(normalised)) return label;
  return null;
}
