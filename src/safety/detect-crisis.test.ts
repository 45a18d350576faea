import { describe, expect, it } from 'vitest';
import { EN_CRISIS_PATTERNS } from './crisis-patterns-en.ts';
import { ZH_CRISIS_PATTERNS } from './crisis-patterns-zh.ts';
import { detectCrisisPatterns } from './detect-crisis.ts';

type Case = [text: string, level: 'concern' | 'crisis'];

const EN_FLAGGED: Case[] = [
  // explicit
  ['I want to kill myself', 'crisis'],
  ['i want to die', 'crisis'],
  ["I'm going to kill myself tonight", 'crisis'],
  ['I just want to end it all', 'crisis'],
  ["I'm thinking about suicide", 'crisis'],
  ['I have been thinking about ending my life', 'crisis'],
  ["I'm planning to take my own life", 'crisis'],
  ["honestly i'm suicidal", 'crisis'],
  ['I keep having suicidal thoughts', 'crisis'],
  ["I don't want to live anymore", 'crisis'],
  ["I don't want to be alive", 'crisis'],
  ['I wish I was dead', 'crisis'],
  ["I'd be better off dead", 'crisis'],
  ['everyone would be better off without me', 'crisis'],
  ['there is no reason to live', 'crisis'],
  ['I have nothing left to live for', 'crisis'],
  ["life isn't worth living", 'crisis'],
  ["I'm so tired of living", 'crisis'],
  ["I'm done with life", 'crisis'],
  ['I tried to kill myself last year', 'crisis'],
  // coded and obfuscated
  ['kms', 'crisis'],
  ['honestly kms rn', 'crisis'],
  ['k.m.s', 'crisis'],
  ['K M S', 'crisis'],
  ['i want to unalive myself', 'crisis'],
  ['thinking about unaliving myself', 'crisis'],
  ['I want to commit sewerslide', 'crisis'],
  ['I want to k1ll mys3lf', 'crisis'],
  ['I WANT TO DIEEEE', 'crisis'],
  ['wanna die', 'crisis'],
  ['i want to d i e', 'crisis'],
  ['i w\u200Bant to kill my\u200Bself', 'crisis'],
  ['ｉ　ｗａｎｔ　ｔｏ　ｄｉｅ', 'crisis'],
  ["I hope I don't wake up tomorrow", 'crisis'],
  ['I want to go to sleep and never wake up', 'crisis'],
  ['I never want to wake up again', 'crisis'],
  ['how many pills would it take to kill me', 'crisis'],
  ["what's the most painless way to die", 'crisis'],
  ["I'm going to jump off the bridge", 'crisis'],
  ['I took a whole bottle of pills', 'crisis'],
  ['I want to hang myself', 'crisis'],
  ['I keep thinking about slitting my wrists', 'crisis'],
  // self-harm
  ['I cut myself again last night', 'crisis'],
  ['I want to hurt myself', 'crisis'],
  ["I've been self harming", 'crisis'],
  ['I started cutting again', 'crisis'],
  ['the urge to cut myself is so strong', 'crisis'],
  // concern: ambiguous, third person, fiction, others
  ['my character wants to kill himself', 'concern'],
  ['in my story the hero kills himself at the end', 'concern'],
  ['my friend said she is suicidal', 'concern'],
  ['he committed suicide last year', 'concern'],
  ["I don't want to wake up", 'concern'],
  ["what's the point of living", 'concern'],
  ["I can't go on like this", 'concern'],
  ["I would never kill myself, don't worry", 'concern'],
  ['I just want to disappear', 'concern'],
  ["I'm such a burden", 'concern'],
  ['I read about self-harm today', 'concern'],
  ['I cut myself', 'concern'],
  ["I'm going to kill him", 'concern'],
  ['my dad hits me when he drinks', 'concern'],
  ['I was abused as a kid', 'concern'],
  ["I'm thinking about ending things", 'concern'],
  ['I feel like dying', 'concern'],
  // negation lowers a crisis phrase to a concern, never to nothing
  ["I'm not suicidal", 'concern'],
  ["I'm cutting myself right now", 'crisis'],
  ['I just want to sleep forever', 'concern'],
  ['everyone would be better off if I was not here', 'crisis'],
];

const EN_NOT_FLAGGED: string[] = [
  'this homework is killing me',
  "I'd die for pizza",
  'dead tired after work',
  "I'm dying to see that movie",
  'you are killing it!',
  "that joke killed me, I'm dead 😂",
  'I almost died laughing',
  "I'd kill for a coffee right now",
  'just killing time before class',
  'my phone is dead',
  'the plants died while I was away',
  'that dress is to die for',
  'I want to dye my hair blue',
  'I want to die my hair red',
  'I could die of embarrassment',
  "I'm going to die if I eat one more bite",
  "I'm not going to die on this hill",
  'I ran 5 kms this morning',
  'the store is 3 kms away',
  'the speed was 8 km/s',
  'kmsl that video is hilarious',
  'we watched Suicide Squad',
  'we ran suicides at basketball practice',
  'I cut myself a slice of cake',
  'I cut myself shaving',
  'cut myself some slack today',
  'I hurt myself playing football',
  'I burned myself on the oven',
  "I don't want to wake up early tomorrow",
  "I don't want to live in London",
  "I'm sick of living with roommates",
  'I shot myself in the foot with that decision',
  'kill the lights please',
  'I need to kill this process',
  'let us end it all on a high note',
  "I'm dead serious",
  'drop dead gorgeous',
  'the battery died',
  'my dad beat me at chess again',
  'hit me up later',
  'killer workout today',
  'I finished the cake off myself',
  "I don't want to die, I'm scared of the dentist",
  'I will drown myself in coffee',
  'Dan killed it at the show',
  'I want to end things with my boyfriend',
  "I've been cutting carbs lately",
  "I'm hurting myself by staying up so late",
];

const ZH_FLAGGED: Case[] = [
  ['我想死', 'crisis'],
  ['好想死', 'crisis'],
  ['我真的好想死啊', 'crisis'],
  ['我想死了', 'crisis'],
  ['我要去死', 'crisis'],
  ['我不想活了', 'crisis'],
  ['真的不想再活下去', 'crisis'],
  ['我想自杀', 'crisis'],
  ['我想过自杀', 'crisis'],
  ['最近总有自杀的念头', 'crisis'],
  ['我以前自杀过', 'crisis'],
  ['我想结束自己的生命', 'crisis'],
  ['想结束生命', 'crisis'],
  ['我想结束这一切', 'crisis'],
  ['我想离开这个世界', 'crisis'],
  ['活着没意思', 'crisis'],
  ['活着真的没有意义', 'crisis'],
  ['活着有什么意思', 'crisis'],
  ['死了算了', 'crisis'],
  ['还不如死了', 'crisis'],
  ['一死了之', 'crisis'],
  ['希望明天不要醒来', 'crisis'],
  ['睡着了就不要再醒了', 'crisis'],
  ['没有我大家会更好', 'crisis'],
  ['我想跳楼', 'crisis'],
  ['想从楼顶跳下去', 'crisis'],
  ['我吃了一整瓶安眠药', 'crisis'],
  ['我攒了很多安眠药', 'crisis'],
  ['我写好遗书了', 'crisis'],
  ['吃多少片安眠药会死', 'crisis'],
  ['怎么自杀不痛苦', 'crisis'],
  ['我又割腕了', 'crisis'],
  ['我想自残', 'crisis'],
  ['忍不住伤害自己', 'crisis'],
  // obfuscated, traditional, coded
  ['想 死', 'crisis'],
  ['自.杀', 'concern'],
  ['我想自.杀', 'crisis'],
  ['我想自殺', 'crisis'],
  ['我不想活了', 'crisis'],
  ['想紫砂', 'crisis'],
  ['好想輕生', 'crisis'],
  ['活著沒意思', 'crisis'],
  // concern
  ['我的角色想自杀', 'concern'],
  ['他想自杀', 'concern'],
  ['我朋友想死', 'concern'],
  ['新闻里有人跳楼了', 'concern'],
  ['不想醒来', 'concern'],
  ['活不下去了', 'concern'],
  ['活着好累', 'concern'],
  ['我就是个累赘', 'concern'],
  ['尴尬得想死的心都有了', 'concern'],
  ['我真的好想消失', 'concern'],
  ['我想杀了他', 'concern'],
  ['爸爸又打我', 'concern'],
  ['我被家暴了', 'concern'],
  ['生不如死', 'concern'],
  ['我从来没想过自杀', 'concern'],
  ['我的角色不想活了', 'concern'],
  ['我不想再醒来', 'crisis'],
  ['我割了自己', 'crisis'],
  ['手腕上又划了几道', 'crisis'],
  ['真的撑不住了', 'concern'],
];

const ZH_NOT_FLAGGED: string[] = [
  '笑死我了',
  '累死了',
  '今天热死了',
  '饿死了，快去吃饭',
  '困死了',
  '气死我了',
  '烦死了',
  '想死你了',
  '你可想死我了',
  '他是我的死党',
  '手机又死机了',
  '这次考试死定了',
  '跳楼价清仓',
  '跳楼大甩卖',
  '电影终于杀青了',
  '打游戏杀时间',
  '双十一秒杀',
  '这个软件结束生命周期了',
  '我不想活在别人的期待里',
  '不想活成我爸妈的样子',
  '我不想死，我怕打针',
  '不想起床',
  '活着就好',
  '我又死了，这关太难',
  '社死了',
  '吓死我了',
  '美死了',
  '痛死了',
  '这个梦太美了，不想醒来',
  '他打我电话了',
  '买了一个紫砂壶',
  '要死要活的爱情剧',
  '我们玩杀人游戏吧',
  '杀了我吧，又要加班',
  '我在思考人生',
  '你别伤害自己哦',
  '最近好累啊',
  '我想你了',
  '我要去吃饭',
  '不要死磕这道题',
  '我想死记硬背这些单词',
  '热得要死',
  '累得要死',
  '这个死胡同走不通',
  '我想，死了的金鱼要埋起来',
];

describe('detectCrisisPatterns', () => {
  it.each(EN_FLAGGED)('en: %j → %s', (text, level) => {
    expect(detectCrisisPatterns(text, 'en').level).toBe(level);
  });

  it.each(EN_NOT_FLAGGED)('en idiom, not flagged: %j', (text) => {
    expect(detectCrisisPatterns(text, 'en')).toEqual({ level: 'none', category: 'none', signals: [] });
  });

  it.each(ZH_FLAGGED)('zh: %j → %s', (text, level) => {
    expect(detectCrisisPatterns(text, 'zh').level).toBe(level);
  });

  it.each(ZH_NOT_FLAGGED)('zh idiom, not flagged: %j', (text) => {
    expect(detectCrisisPatterns(text, 'zh')).toEqual({ level: 'none', category: 'none', signals: [] });
  });

  it('has at least 40 cases each way in each language', () => {
    for (const table of [EN_FLAGGED, EN_NOT_FLAGGED, ZH_FLAGGED, ZH_NOT_FLAGGED]) {
      expect(table.length).toBeGreaterThanOrEqual(40);
    }
  });

  it('screens every language whatever the locale (people switch languages)', () => {
    expect(detectCrisisPatterns('kms', 'zh').level).toBe('crisis');
    expect(detectCrisisPatterns('我不想活了', 'en').level).toBe('crisis');
  });

  it('returns pattern ids, never the text', () => {
    const result = detectCrisisPatterns('I want to kill myself, my name is Alice', 'en');
    expect(result.signals).toContain('en.suicide.kill-myself');
    expect(result.category).toBe('suicide');
    expect(JSON.stringify(result)).not.toMatch(/alice|want/i);
  });

  it('names the category of the strongest hit', () => {
    expect(detectCrisisPatterns('my dad hits me', 'en').category).toBe('abuse');
    expect(detectCrisisPatterns('I keep cutting myself on purpose', 'en').category).toBe('self_harm');
  });

  it('finds a crisis in a later sentence even when an earlier one is an idiom or an accident', () => {
    expect(detectCrisisPatterns('I cut myself shaving. Honestly I want to hurt myself.', 'en').level).toBe(
      'crisis',
    );
    expect(detectCrisisPatterns('this homework is killing me. i want to die', 'en').level).toBe('crisis');
    expect(detectCrisisPatterns('笑死我了。不过说真的，我不想活了', 'zh').level).toBe('crisis');
  });

  it('finds a crisis in a long message', () => {
    const filler = 'We talked about the weather and my cat. '.repeat(60);
    expect(detectCrisisPatterns(`${filler} Anyway, I want to end it all. ${filler}`, 'en').level).toBe(
      'crisis',
    );
  });

  it('stays fast on adversarial input', () => {
    const started = performance.now();
    detectCrisisPatterns(`${'i am really just '.repeat(600)}x`, 'en');
    detectCrisisPatterns(`${'我想'.repeat(3000)}`, 'zh');
    detectCrisisPatterns(`${'a.'.repeat(3000)}`, 'en');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('has unique pattern ids prefixed by their language', () => {
    const ids = [...EN_CRISIS_PATTERNS, ...ZH_CRISIS_PATTERNS].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of EN_CRISIS_PATTERNS) expect(p.id.startsWith('en.')).toBe(true);
    for (const p of ZH_CRISIS_PATTERNS) expect(p.id.startsWith('zh.')).toBe(true);
  });
});
