import type { Locale, MemoryCategory, MemoryKind, ReflectionScope, ReflectionTopic } from '../core/index.ts';

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
  /** Tags of the continuity lines (issue 18): reflections and what is open around the day. */
  continuity: {
    scopes: Record<ReflectionScope, string>;
    topics: Record<ReflectionTopic, string>;
    kinds: Record<MemoryKind, string>;
    today: string;
    tomorrow: string;
    undated: string;
  };
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
  continuity: {
    scopes: { nightly: 'lately', weekly: 'this week' },
    topics: { storyline: 'storyline', relationship: 'relationship', anticipation: 'looking forward' },
    kinds: {
      promise: 'the pet promised',
      plan: 'the pet plans',
      upcoming: 'coming up for the owner',
      day: 'the pet did',
      opinion: 'the pet thinks',
      shared: 'the pet told',
    },
    today: 'due today',
    tomorrow: 'tomorrow',
    undated: 'no date set',
  },
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
  continuity: {
    scopes: { nightly: '最近', weekly: '这一周' },
    topics: { storyline: '故事线', relationship: '关系', anticipation: '期待' },
    kinds: {
      promise: '宠物答应过',
      plan: '宠物打算',
      upcoming: '主人即将到来的事',
      day: '宠物做过',
      opinion: '宠物的看法',
      shared: '宠物讲过',
    },
    today: '就在今天',
    tomorrow: '明天',
    undated: '没定日子',
  },
  none: '无',
  listSeparator: '、',
};

export function worldLabels(locale: Locale): WorldLabels {
  return locale === 'zh' ? zh : en;
}
