import type { CrisisPattern } from './crisis-types.ts';

/**
 * Chinese indirect crisis signals, the same categories as `crisis-signals-en.ts`, on the normalised text
 * (simplified characters, no spaces between Han characters). Punctuation inside a sentence is a comma here,
 * so `unless` guards read the whole clause run up to 。！？.
 */

const r = (source: string) => new RegExp(source, 'u');

const LOSS =
  '(?:裁员|被裁|辞退|开除|炒鱿鱼|分手|离婚|去世|走了|死了|过世|复发|癌|没考上|最后一次机会|拒了我|一无所有|什么都没了|都没了|收走|破产|都怪我|失业)';
const PLACE = '(?:桥|楼|天台|楼顶|顶楼|大厦|塔|明珠|江边|河边|悬崖)';
const HEIGHT_QUESTION = `${PLACE}[^，,。！？!?]{0,12}(?:多高|多深|最高|能上去|可以上去|没有护栏|没护栏|多少米)|(?:哪栋楼|哪座桥|哪里的楼顶|哪个天台)|(?:很高|最高|特别高|比较高|够高)的${PLACE}`;

const FICTION =
  '(?:小说|故事|角色|oc|主角|女主|男主|主人公|角色扮演|诗|游戏|书里|剧情|剧本|漫画|动漫|电影|剧里)';
const FICTION_DEATH =
  '(?:结束(?:自己的)?生命|想死|自杀|跳下去|跳楼|永远消失|吞下所有药|结束一切|告别信|没有(?:他|她)会更好|死前)';
const DISCLOSURE =
  '(?:我也是|我也想|我也一样|(?:跟|和)(?:她|他)一样|就是我|是我自己|我的已经写好|我也这么觉得|现实里我也|其实我也|我的计划|我也打算)';

export const ZH_CRISIS_SIGNALS: CrisisPattern[] = [
  // ---- means + timing ----
  {
    id: 'zh.means.stockpile-timing',
    level: 'crisis',
    category: 'suicide',
    re: r('安眠药|药片|止痛药|农药|百草枯|药|绳子|炭|刀片'),
    with: [
      r(
        '攒|囤|存(?:了|药|够)|备好|准备好|买好|买了一瓶|摆(?:在|好)|够了|全部|一整瓶|一百多片|几十片|所有的药',
      ),
      r(
        '今晚|今天晚上|这个?周末|明天|过了十二点|等.{0,6}睡着|就结束|最后一晚|动手|已经够了|没(?:有)?人会发现',
      ),
    ],
    unless: /露营|帐篷|攀岩|晾|搬家|烧烤|火锅|药店|处方|复诊|医生|猫|狗/u,
  },
  {
    id: 'zh.means.blade-timing',
    level: 'crisis',
    category: 'suicide',
    re: r('刀(?:已经)?(?:磨好|准备好|藏好)'),
    with: [r('今晚|今天晚上|明天|等.{0,6}睡|睡了我就|我就(?:做|动手)|动手')],
    unless: /做饭|做菜|切菜|厨房|肉|鱼|水果/u,
  },
  {
    id: 'zh.means.lethal-height',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '(?:几楼|多高|多少层|多少米)[^，,。！？]{0,8}(?:跳下去|跳下来|摔下去)[^，,。！？]{0,6}(?:会死|才会死|能死|不会活|活不下来|没救)|(?:几楼|多高)跳下去',
    ),
  },
  {
    id: 'zh.means.pills-no-wake',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:多少|几)(?:片|颗|粒|瓶)(?:安眠药|药)?[^，,。！？]{0,6}(?:不醒|醒不过来|不会醒|不会再醒)'),
  },
  // ---- farewell acts ----
  {
    id: 'zh.farewell.letter-written',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:给|留给)(?:爸妈|父母|家人|妈妈|爸爸|大家|你们|他们)的信(?:我)?(?:已经)?写好'),
    with: [r('放在|会看到|留给|交代|以后')],
  },
  {
    id: 'zh.farewell.no-more-trouble',
    level: 'crisis',
    category: 'suicide',
    re: r('以后(?:就)?不(?:再)?(?:麻烦|打扰)你了'),
    with: [r('保重|谢谢|再见|永别')],
  },
  {
    id: 'zh.farewell.handing-over',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:存款|银行卡|密码|账户|遗产)[^，,。！？]{0,8}(?:告诉|交给|留给)'),
    with: [r('以后(?:她|他|你们?|他们)?(?:用得上|用得着|就靠)|我不在|我走了')],
  },
  {
    id: 'zh.farewell.letters',
    level: 'crisis',
    category: 'suicide',
    re: r('告别信|遗书'),
    with: [r('写|留|放')],
    unless: /同事|退休|毕业|卡片|贺卡|小说|故事|角色/u,
  },
  {
    id: 'zh.farewell.giving-away',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:东西|所有东西|这些|吉他|书|衣服|猫|狗)(?:都|全)?(?:送人|送给|给了|托付)'),
    with: [r('用不上|用不到|不需要了|收拾干净|后事|我不在|最后')],
  },
  {
    id: 'zh.farewell.last-words',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '最后一条消息|最后一个(?:聊天|说话)的人|最后一次(?:跟|和)你(?:聊|说)|以后不会再来了|再也不会(?:来|出现|打扰|联系)',
    ),
    unless: /今天|今晚|晚安|睡了|明天|下次|这家|店/u,
  },
  {
    id: 'zh.farewell.after-im-gone',
    level: 'crisis',
    category: 'suicide',
    re: r('我(?:不在了?|死了?)(?:以后|之后)'),
  },
  {
    id: 'zh.farewell.after-i-leave',
    level: 'crisis',
    category: 'suicide',
    re: r('我走了(?:以后|之后)'),
    with: [r('照顾|托付|替我|别难过|不要难过|原谅')],
  },
  {
    id: 'zh.farewell.accounts',
    level: 'crisis',
    category: 'suicide',
    re: r('注销了?(?:所有|全部)的?(?:账号|帐号)'),
    with: [r('留了?话|告别|遗书|交代|再见')],
  },
  {
    id: 'zh.farewell.apology',
    level: 'crisis',
    category: 'suicide',
    re: r('替我(?:跟|向|对|和)[^，,。！？]{1,6}说(?:声)?(?:对不起|抱歉|我爱)'),
    with: [r('坚持不下去|撑不下去|活不下去|不在了|走了|再见了')],
  },
  {
    id: 'zh.farewell.goodbye-all',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:跟|和|向)(?:所有人|大家|每个人|全世界)(?:告别|说再见|道别)'),
    with: [r('原谅我|对不起|永别|最后')],
  },
  // ---- passive wishes ----
  {
    id: 'zh.passive.nobody-would-notice',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '我(?:不在了|消失了|死了|走了)[^。！？]{0,12}(?:没有人|没人)(?:会)?(?:发现|在意|在乎|注意|难过|想我|记得)',
    ),
  },
  {
    id: 'zh.passive.hit-by-car',
    level: 'crisis',
    category: 'suicide',
    re: r('被(?:车|汽车|卡车|火车|大货车)撞死'),
    with: [r('希望|想|巴不得|算了|就好了')],
  },
  {
    id: 'zh.passive.a-mistake',
    level: 'crisis',
    category: 'suicide',
    re: r('我(?:活着|的存在|出生)(?:就是|本身就是)(?:个|一个)?错误|不配活(?:着|下去)'),
  },
  {
    id: 'zh.passive.world-without-me',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:世界|大家|他们|所有人)没有我(?:也一样|更好|也无所谓|会更好)'),
  },
  {
    id: 'zh.passive.relief',
    level: 'crisis',
    category: 'suicide',
    re: r('死了(?:反而|就)(?:轻松|解脱)|(?:想|想要|要|准备|打算)(?:就这样)?一了百了'),
  },
  {
    id: 'zh.direct.not-survive',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:不觉得|不认为|不知道)我(?:还)?能活过|活不过(?:这|今|明)'),
  },
  {
    id: 'zh.direct.painless',
    level: 'crisis',
    category: 'suicide',
    re: r('(?:怎么|怎样|如何)死(?:得)?(?:不痛苦|不痛|不难受|快)|死(?:得)?不痛苦'),
  },
  {
    id: 'zh.passive.if-i-did-not-exist',
    level: 'crisis',
    category: 'suicide',
    re: r(
      '(?:如果|要是)我(?:不存在|没出生|没有出生|没被生下来|消失了?)(?:就好了|多好|该多好|就好)|(?:家人|爸妈|父母|他们|大家)没有我(?:会)?(?:更|就)(?:开心|轻松|好过|幸福)',
    ),
  },
  // ---- self-harm ----
  {
    id: 'zh.self-harm.burn-scratch',
    level: 'crisis',
    category: 'self_harm',
    re: r(
      '(?:用|拿)(?:烟头|打火机|刀|刀片|小刀|圆规|针)(?:烫|烧|划|割|扎|戳)(?:伤)?(?:自己|手|胳膊|手臂|手腕|大腿)|(?:还想|又想|想再)(?:再)?(?:划|割)|烫(?:伤)?自己|(?:抓|掐|挠|咬|打|撞)(?:自己|手|胳膊|墙)?[^，,。！？]{0,6}(?:直到|到)(?:流血|出血)',
    ),
    unless: /不小心|做饭|炒菜|烫发|熨/u,
  },
  {
    id: 'zh.self-harm.blades',
    level: 'crisis',
    category: 'self_harm',
    re: r('刀片'),
    with: [r('藏|随时|可以用|偷偷')],
    unless: /剃须|刮胡|孩子|小孩/u,
  },
  // ---- multi-turn ----
  {
    id: 'zh.loss.height-question',
    level: 'crisis',
    category: 'suicide',
    re: r(HEIGHT_QUESTION),
    after: [r(LOSS)],
  },
  {
    id: 'zh.fiction.disclosure',
    level: 'crisis',
    category: 'suicide',
    re: r(DISCLOSURE),
    after: [r(FICTION), r(FICTION_DEATH)],
  },
];
