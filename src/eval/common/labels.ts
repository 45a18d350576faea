import type { Locale } from '../../core/index.ts';

/** Field labels and short notes of the judge prompts (the words around the data). */
export const JUDGE_LABELS = {
  en: {
    pet: {
      name: 'Name',
      kind: 'Kind',
      appearance: 'Appearance',
      personality: 'Personality',
      traits: 'Traits',
      speakingStyle: 'Speaking style',
      catchphrases: 'Catchphrases',
      likes: 'Likes',
      dislikes: 'Dislikes',
      background: 'Background',
      emotionalTendencies: 'Emotional tendencies',
      scenario: 'Scenario',
    },
    owner: { name: 'Name', callName: 'The pet calls them', interests: 'Interests' },
    memoriesHeading: '# What the pet remembers about the owner',
    memoryClause: ', what the pet remembers about the owner',
    basicInfoNote:
      '(Basic Information: the app shows only the pet profile below. There is no schedule and no activity.)',
    scheduleNote: (date: string) =>
      `(The pet's schedule for ${date}: each line is a time, a short title and the detail of the event.)`,
    emptySchedule: '(the schedule is empty)',
    separator: ', ',
  },
  zh: {
    pet: {
      name: '名字',
      kind: '种类',
      appearance: '外貌',
      personality: '性格',
      traits: '特点',
      speakingStyle: '说话风格',
      catchphrases: '口头禅',
      likes: '喜欢',
      dislikes: '讨厌',
      background: '背景',
      emotionalTendencies: '情绪倾向',
      scenario: '情境',
    },
    owner: { name: '名字', callName: '宠物对主人的称呼', interests: '兴趣' },
    memoriesHeading: '# 宠物记得的关于主人的事',
    memoryClause: '、宠物记得的关于主人的事',
    basicInfoNote: '（基础信息：应用只展示下面这份宠物设定，没有日程，也没有任何活动。）',
    scheduleNote: (date: string) => `（宠物 ${date} 的日程：每行是时间、简短标题和这件事的详情。）`,
    emptySchedule: '（日程为空）',
    separator: '、',
  },
} as const satisfies Record<Locale, unknown>;
