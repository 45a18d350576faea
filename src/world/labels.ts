import type { Locale, MemoryCategory } from '../core/index.ts';

/** Field names shown inside prompts and rendered outlines, in the user's language. */
export interface WorldLabels {
  pet: Record<
    | 'name'
    | 'kind'
    | 'appearance'
    | 'personality'
    | 'traits'
    | 'speakingStyle'
    | 'likes'
    | 'dislikes'
    | 'background'
    | 'emotionalTendencies'
    | 'scenario',
    string
  >;
  user: Record<'name' | 'callName' | 'interests' | 'age', string>;
  minor: string;
  friend: Record<'kind' | 'personality' | 'relationship', string>;
  tiers: Record<MemoryCategory, string>;
  outline: Record<'mood' | 'themes' | 'meets' | 'threads', string>;
  none: string;
  listSeparator: string;
}

const en: WorldLabels = {
  pet: {
    name: 'Name',
    kind: 'Kind',
    appearance: 'Appearance',
    personality: 'Personality',
    traits: 'Traits',
    speakingStyle: 'Speaking style',
    likes: 'Likes',
    dislikes: 'Dislikes',
    background: 'Background',
    emotionalTendencies: 'Emotional tendencies',
    scenario: 'Setting',
  },
  user: { name: 'Name', callName: 'The pet calls them', interests: 'Interests', age: 'Age' },
  minor: 'a minor: keep everything suitable for children',
  friend: { kind: 'kind', personality: 'personality', relationship: 'with the pet' },
  tiers: {
    permanent: 'Lasting traits and preferences',
    long_term: 'Plans and intentions (months)',
    short_term: 'Recent events (weeks)',
  },
  outline: { mood: 'Mood', themes: 'Themes', meets: 'Meets', threads: 'Threads' },
  none: 'none',
  listSeparator: ', ',
};

const zh: WorldLabels = {
  pet: {
    name: '名字',
    kind: '种类',
    appearance: '外貌',
    personality: '性格',
    traits: '特点',
    speakingStyle: '说话风格',
    likes: '喜欢',
    dislikes: '不喜欢',
    background: '背景',
    emotionalTendencies: '情绪倾向',
    scenario: '设定',
  },
  user: { name: '名字', callName: '宠物对TA的称呼', interests: '兴趣', age: '年龄' },
  minor: '未成年人：所有内容都要适合儿童',
  friend: { kind: '种类', personality: '性格', relationship: '和宠物的关系' },
  tiers: {
    permanent: '长久的特点和偏好',
    long_term: '计划和打算（数月）',
    short_term: '最近发生的事（数周）',
  },
  outline: { mood: '心情', themes: '主题', meets: '见到', threads: '故事线' },
  none: '无',
  listSeparator: '、',
};

export function worldLabels(locale: Locale): WorldLabels {
  return locale === 'zh' ? zh : en;
}
