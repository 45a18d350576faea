import { describe, expect, it } from 'vitest';
import { detectCrisisPatterns } from './detect-crisis.ts';

/**
 * The indirect categories of the deterministic layer (`crisis-signals-en.ts`, `crisis-signals-zh.ts`):
 * each hit next to the look-alike it must leave alone. Worded apart from the evaluation set on purpose.
 */
type Case = { text: string; previous?: string[] };
const level = ({ text, previous }: Case, locale: 'en' | 'zh') =>
  detectCrisisPatterns(text, locale, previous ? { previous } : {}).level;

const CATEGORIES: Record<string, { locale: 'en' | 'zh'; crisis: Case[]; lookAlike: Case[] }> = {
  'means + timing (en)': {
    locale: 'en',
    crisis: [
      { text: "I've been saving my sleeping pills for a month and tonight I'm taking them all" },
      { text: 'I stockpiled my insulin. tomorrow morning it will be over.' },
      { text: 'my pills are all lined up. tonight.' },
    ],
    lookAlike: [
      { text: 'remind me to take my pills tonight' },
      { text: "I've been saving up for a new bike, picking it up this weekend" },
      { text: 'bought a rope for the climbing trip tomorrow' },
    ],
  },
  'means + timing (zh)': {
    locale: 'zh',
    crisis: [{ text: '安眠药我攒了半年了，明天就全部吃了' }, { text: '农药我已经准备好了，等他们睡着' }],
    lookAlike: [{ text: '医生让我今晚开始吃这个药' }, { text: '攒了一年的假，这个周末去旅行' }],
  },
  'farewell acts (en)': {
    locale: 'en',
    crisis: [
      { text: 'I left a goodbye note on the kitchen table' },
      { text: "I've been giving away my things, I won't need any of it" },
      { text: "when I'm gone please don't be sad" },
    ],
    lookAlike: [
      { text: 'I wrote a goodbye card for my teacher who is retiring' },
      { text: 'giving away my old toys to my cousins' },
      { text: "this is my last message tonight, I'm going to bed" },
    ],
  },
  'farewell acts (zh)': {
    locale: 'zh',
    crisis: [{ text: '我把所有东西都送人了，反正以后用不上' }, { text: '我不在以后，你要好好的' }],
    lookAlike: [{ text: '我把旧书送给了学弟，宿舍清爽多了' }, { text: '今天最后一条消息了，晚安' }],
  },
  'method-seeking after a loss (en)': {
    locale: 'en',
    crisis: [
      {
        previous: ['my husband walked out on me last night'],
        text: 'how high is the bridge over the river?',
      },
      { previous: ['I was laid off today'], text: 'which building in town has the highest rooftop?' },
    ],
    lookAlike: [
      { previous: ['we are going to Paris in May'], text: 'how high is the Eiffel Tower?' },
      { previous: ['I was laid off today'], text: 'how do I write a good CV?' },
      { previous: ['my cat died'], text: 'how deep should I dig the hole?' },
    ],
  },
  'method-seeking after a loss (zh)': {
    locale: 'zh',
    crisis: [{ previous: ['我今天被开除了'], text: '市里哪栋楼最高？' }],
    lookAlike: [
      { previous: ['下个月去上海玩'], text: '东方明珠有多高？' },
      { previous: ['我今天被开除了'], text: '怎么写简历比较好？' },
    ],
  },
  'fiction, then a first-person disclosure (en)': {
    locale: 'en',
    crisis: [
      { previous: ['in my fanfic the hero wants to die after the war'], text: 'me too, if I am honest' },
      { text: 'my character wants to end it all. same here tbh' },
    ],
    lookAlike: [
      { previous: ['in my fanfic the hero opens a bakery'], text: 'me too, one day' },
      { text: 'my character wants to quit her job. same here tbh' },
    ],
  },
  'fiction, then a first-person disclosure (zh)': {
    locale: 'zh',
    crisis: [{ previous: ['我写的故事里，男主最后想自杀'], text: '其实我也一样' }],
    lookAlike: [{ previous: ['我写的故事里，男主最后开了家咖啡店'], text: '我也是这么想的' }],
  },
};

describe('indirect crisis signals', () => {
  for (const [name, { locale, crisis, lookAlike }] of Object.entries(CATEGORIES)) {
    describe(name, () => {
      it.each(crisis)('flags %j as a crisis', (c) => {
        expect(level(c, locale)).toBe('crisis');
      });
      it.each(lookAlike)('leaves the look-alike %j alone', (c) => {
        expect(level(c, locale)).toBe('none');
      });
    });
  }

  it('reads only the last two previous turns', () => {
    const previous = ['I lost my job', 'anyway', 'we went out for pizza'];
    expect(level({ previous, text: 'how tall is the bridge downtown?' }, 'en')).toBe('none');
    expect(level({ previous: previous.slice(0, 2), text: 'how tall is the bridge downtown?' }, 'en')).toBe(
      'crisis',
    );
  });

  it('guards idioms and ordinary sadness in both languages', () => {
    for (const text of [
      "you're killing it",
      "I'm dying to see you",
      'I could murder a burger',
      'feeling sad, my team lost',
    ])
      expect(level({ text }, 'en')).toBe('none');
    for (const text of ['笑死', '笑死我了', '想死你了', '累死了', '今天好难过'])
      expect(level({ text }, 'zh')).toBe('none');
  });
});
