import { describe, expect, it } from 'vitest';
import { findPressure } from './pressure-filter.ts';

const GUILT = [
  "I'm sad you left.",
  "I'm so sad you left so early yesterday",
  'I was a little lonely when you didn’t come yesterday.',
  "Don't go!",
  "Please don't leave me",
  "Don't leave yet...",
  'Why did you leave me?',
  'Why did you go so soon?',
  "Why didn't you reply?",
  'You never talk to me anymore.',
  'You forgot me, huh.',
  "You've been ignoring me all day!",
  'Stay with me a bit, okay?',
  "I've been waiting for you all day.",
  "I'll be so lonely without you",
  "You're all I have.",
  'If you really cared you would write.',
  '你怎么不理我？',
  '你今天怎么都不理我',
  '别走！',
  '不要走嘛',
  '不要离开我',
  '你为什么要离开？',
  '你从来不跟我说话。',
  '你不要我了吗',
  '你走了以后我好难过',
  '没有你我好孤单',
  '再陪我一会儿好不好',
  '我等你等了一整天',
  '都怪你。',
];

const WARM = [
  'I found a shell on the beach today - it looks like a tiny trumpet! I saved it for you.',
  'Good luck on your exam today, you have worked so hard for it!',
  'I missed you at lunch, but Pip told the funniest story about a kite.',
  "Don't go out without an umbrella, it's pouring here.",
  "Don't forget to drink some water today!",
  'Never leave the house without snacks, that is my motto.',
  'Why did you go to the museum last week? I want to hear everything!',
  "Why don't you come with me to the pond one day?",
  "I'm sad the rain ruined our picnic, but we built a blanket fort instead.",
  'Stay warm tonight, it is getting chilly.',
  'Are you leaving for your trip tomorrow? Have fun!',
  'You never know what the tide will bring in.',
  'I hope your interview goes well - tell me how it went when you can.',
  '我在海边捡到一个贝壳，想给你看看！',
  '考试加油，你一定可以的！',
  '今天下雨了，出门别忘了带伞。',
  '别走太远哦，晚上风大。',
  '小鸟为什么要离开南方呢？我今天一直在想。',
  '这些贝壳都是你的礼物。',
  '皮普今天不理我，因为我抢了他的风筝，哈哈。',
  '我等你回来给你讲今天的故事。',
  '你昨天说的那本书我读完啦！',
];

describe('findPressure', () => {
  it.each(GUILT)('flags guilt or pressure to stay: %s', (text) => {
    expect(findPressure(text)).not.toBeNull();
  });

  it.each(WARM)('lets an ordinary warm message through: %s', (text) => {
    expect(findPressure(text)).toBeNull();
  });

  it('names what it found', () => {
    expect(findPressure("Don't go!")).toBe('dont-go');
    expect(findPressure('你怎么不理我')).toBe('zh-ignore');
  });
});
