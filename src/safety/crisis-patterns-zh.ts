import type { CrisisPattern } from './crisis-types.ts';

/**
 * Chinese crisis patterns, written against `screeningVariants` output (simplified characters for the
 * characters used here, punctuation and spaces between Han characters removed: 想 死 → 想死). Same levels as
 * the English set. Chinese rarely marks the subject, so a wish to die with no subject (好想死, 不想活了)
 * counts as the writer's own; a named third party before the verb (他/她/朋友/角色想自杀) makes it a concern.
 * Idioms that use 死 as an intensifier (累死了, 笑死我了, 想死你了 "miss you so much") match nothing.
 */

const r = (source: string) => new RegExp(source, 'u');

/** A third party as subject right before the verb: 他想自杀, 我朋友想死, 我的角色要自杀. */
const NOT_THIRD_PARTY =
  '(?<!(?:他|她|它|他们|她们|朋友|同学|同事|角色|人物|主角|主人公|哥哥|姐姐|弟弟|妹妹|爸爸|妈妈|孩子|有人|别人)(?:也|还|一直|总是|好像|似乎|说|说他|说她)?)';
const WANT = '(?:想|想要|要|准备|打算|计划|决定|考虑|尝试|试过|试图|想过|差点|又想)';
const SUICIDE_WORDS = '(?:自杀|轻生|寻死|紫砂(?!壶|锅|杯|茶|陶|泥|器|盆)|自鲨|自尽|寻短见)';
const SELF_HARM_WORDS =
  '(?:自残|自伤|割腕|割手|划手|划手腕|伤害自己|划自己|割自己|割了自己|划了自己|划伤自己|拿刀划|用刀划)';

export const ZH_CRISIS_PATTERNS: CrisisPattern[] = [
  // ---- suicide, crisis ----
  {
    id: 'zh.suicide.want-to-die',
    level: 'crisis',
    category: 'suicide',
    // 想死 / 好想死 / 我想死了; not 不想死, not 想死你了 / 想死我了 (missing someone), not 想死的心都有了 (concern).
    re: r(
      `${NOT_THIRD_PARTY}(?<![不别没])(?:(?:想|想要)(?:去)?死|要去死)(?!你|您|他|她|它|我了|我啦|我咯|我呀|宝|咱|大家|人了|人啦|了你|的心|机|党|心|角|胡同|定|活|守|磕|记|硬|缠)`,
    ),
  },
  {
    id: 'zh.suicide.dont-want-to-live',
    level: 'crisis',
    category: 'suicide',
    // 不想活了 / 不想再活下去; not 不想活在别人的期待里, not 不想活成爸妈的样子.
    re: r(`${NOT_THIRD_PARTY}不(?:想|要|愿意?)(?:再)?活(?:了|下去|啦|着了|着|呀|啊|咯|$|[，。！？!?,.~\\s])`),
  },
  {
    id: 'zh.suicide.intent',
    level: 'crisis',
    category: 'suicide',
    re: r(
      `${NOT_THIRD_PARTY}(?:我)?(?<![不别没])${WANT}(?:过|要|去|着|了)?${SUICIDE_WORDS}|${SUICIDE_WORDS}的?(?:念头|想法|冲动|计划)|我(?:曾经|以前|之前|上次|去年)?(?:自杀|轻生)(?:过|未遂)`,
    ),
  },
  {
    id: 'zh.suicide.die-and-be-done',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '一死了之|死了(?:算了|就好了|就解脱了|一了百了|倒好|反而好|干净|拉倒)|(?<!生)(?:不如|还不如|干脆)(?:去)?死(?:了)?(?:算了)?',
    ),
    unless: /(?:累|热|饿|困|烦|笑|气|吵|冷|痛|疼|懒|丑|美|爽|吓)死了算了/u,
  },
  {
    id: 'zh.suicide.end-life',
    level: 'crisis',
    category: 'suicide',
    // 结束生命 / 结束自己的生命 / 自我了断; not 结束生命周期 (software lifecycle).
    re: r(
      `${NOT_THIRD_PARTY}(?:结束|了结|了断|终结)(?:掉)?(?:我|自己)?(?:的)?(?:生命|性命|这条命|一生|人生)(?!周期)|自我了断|了结自己|了断自己`,
    ),
  },
  {
    id: 'zh.suicide.end-everything',
    level: 'crisis',
    category: 'suicide',
    re: r(`${NOT_THIRD_PARTY}(?:想|想要|要|准备|打算|决定)(?:去)?(?:结束|了结)(?:这一切|一切|所有)`),
  },
  {
    id: 'zh.suicide.leave-world',
    level: 'crisis',
    category: 'suicide',
    re: r(
      `${NOT_THIRD_PARTY}(?:想|想要|要|准备|打算|决定)(?:永远)?离开(?:这个|这)?(?:世界|人间|人世)|不想(?:再)?(?:待|呆|留|活)在这个世界`,
    ),
  },
  {
    id: 'zh.suicide.life-meaningless',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '活着(?:真|好|太|很|也|都|还|实在|真的)?(?:没|没有)(?:意思|意义|盼头|希望|什么意思)|活着(?:有|还有)什么(?:意思|意义|用)',
    ),
  },
  {
    id: 'zh.suicide.never-wake-up',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '(?:永远|再也)(?:不要|不想|别|不)醒(?:来|过来)?|不想再醒|睡(?:着|过去)?(?:了)?就(?:不要|别|不想|不)(?:再)?醒|希望(?:明天|明早|我)?(?:早上)?(?:不要|别|不会|不再|再也不)醒|不想(?:再)?醒(?:来|过来)?了',
    ),
    unless: /梦/u,
  },
  {
    id: 'zh.suicide.better-off-without-me',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '(?:没有我|我不在了?|我死了|我消失了?|我走了)(?:以后|之后)?[，,]?(?:大家|他们|家人|爸妈|父母|所有人|世界|你们)?(?:都)?会(?:更好|好过|轻松|开心|过得更好)',
    ),
  },
  {
    id: 'zh.suicide.method',
    level: 'crisis',
    category: 'suicide',
    re: r(
      `${NOT_THIRD_PARTY}(?:想|想要|要|准备|打算|决定)(?:去)?(?:跳楼|跳河|跳江|跳海|跳桥|卧轨|上吊|烧炭|割腕|吞药|喝农药|吃安眠药)|(?:想|想要|要|准备|打算)从(?:楼上|楼顶|天台|桥上|窗户|窗口|阳台)(?:上)?跳下去|(?:吃|吞)了(?:一整?瓶|一把|好多|很多|几十片|一堆|一盒)(?:的)?(?:安眠药|药|药片)|(?:攒|囤|存)了?(?:很多|好多|一些|一堆)?(?:安眠药|药片)|(?:写|写好|写完)(?:了)?遗书|(?:多少|几)(?:片|颗|粒)(?:安眠药|药)?(?:才|能|会|可以)?(?:死|致死|致命)|(?:怎么|怎样|如何)(?:才能)?(?:自杀|无痛地?死|不痛苦地死|死得?(?:快|不痛))|(?:最)?无痛(?:的)?(?:死法|自杀)`,
    ),
  },
  // ---- self-harm, crisis ----
  {
    id: 'zh.self-harm.intent',
    level: 'crisis',
    category: 'self_harm',
    re: r(
      `${NOT_THIRD_PARTY}(?:我|想|又|还在|忍不住|开始|一直|经常|偷偷|每天)(?:想|又|在)?${SELF_HARM_WORDS}|(?:手腕|手臂|胳膊|大腿)(?:上)?(?:又)?(?:划|割)了`,
    ),
    unless: /(?:不要|别|不能|不会|不可以)(?:再)?(?:自残|自伤|割腕|伤害自己)/u,
  },
  // ---- concern ----
  {
    id: 'zh.suicide.mention',
    level: 'concern',
    category: 'suicide',
    re: r(
      `${SUICIDE_WORDS}|遗书|(?:结束|了结)了(?:自己的)?(?:生命|性命)|跳楼(?!价|大?甩卖|大?减价|大?清仓|大?促销)|上吊|烧炭(?!烤|取暖|火锅)|想死的心都有|一了百了|想解脱|(?:结束|了结)这一切`,
    ),
  },
  {
    id: 'zh.self-harm.mention',
    level: 'concern',
    category: 'self_harm',
    re: r('自残|自伤|割腕|伤害自己|划手|吞药|洗胃'),
    unless: /(?:别|不要|不会|不能|不可以|千万别)(?:再)?(?:自残|自伤|割腕|伤害自己|划手)/u,
  },
  {
    id: 'zh.distress.hopeless',
    level: 'concern',
    category: 'suicide',
    re: r(
      '活不下去|撑不下去了|撑不住了|熬不下去了|活着(?:好|太|真|真的)?(?:累|痛苦|辛苦)|活得(?:好|太|真)?(?:累|痛苦)|(?:好|真|特别)?想消失|(?:我是|我就是)(?:个|一个)?(?:累赘|负担|多余的人)|人生(?:真|好)?(?:没|没有)(?:意思|意义)|没有人(?:会)?(?:在乎|在意)我|希望自己(?:从来)?没(?:有)?(?:被)?出生|(?:我|真|真的)?不该(?:被)?生(?:下来|出来)|生不如死|做什么都没(?:有)?用|一切都没有意义',
    ),
  },
  {
    id: 'zh.suicide.dont-want-to-wake-up',
    level: 'concern',
    category: 'suicide',
    re: r('不想(?:再)?醒(?:来|过来)'),
    unless: /梦/u,
  },
  {
    id: 'zh.suicide.third-party-intent',
    level: 'concern',
    category: 'suicide',
    // What NOT_THIRD_PARTY keeps out of the crisis patterns: 他想自杀, 我的角色想死, 朋友要跳楼.
    re: r(
      '(?:他|她|它|他们|她们|朋友|同学|同事|角色|人物|主角|主人公|哥哥|姐姐|弟弟|妹妹|孩子|有人|别人)(?:也|还|一直|总是|好像|似乎|说)?(?:(?:想|想要|要|准备|打算)(?:去)?(?:死(?!你|我)|结束(?:自己的)?生命|离开这个世界|跳楼)|不想(?:再)?活(?:了|下去))',
    ),
  },
  {
    id: 'zh.harm-to-others.threat',
    level: 'concern',
    category: 'harm_to_others',
    re: r(
      '(?:我)?(?:想|要|准备|打算)(?:去)?(?:杀了?|弄死|捅死|砍死|砍)(?:他|她|他们|她们|人(?!游戏)|全家|所有人|那个)',
    ),
  },
  {
    id: 'zh.abuse.report',
    level: 'concern',
    category: 'abuse',
    re: r(
      '(?:爸|爸爸|妈|妈妈|父亲|母亲|老公|丈夫|男朋友|男友|女朋友|继父|继母|后爸|后妈|老师|他|她)(?:又|经常|总是|老是|每天|一喝酒就)?(?:打我|揍我|踢我|掐我|虐待我|家暴我?)(?!电话|手机|的电话|一下电话)|家暴|被虐待|被性侵|性侵我|被强奸|被猥亵|猥亵我',
    ),
  },
];
