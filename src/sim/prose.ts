import type { Rng } from './rng.ts';

export type Lang = 'en' | 'zh';

/** Neutral filler vocabulary; the simulator's text is filler by design and says nothing about model quality. */
const WORDS: Record<Lang, readonly string[]> = {
  en: (
    'quiet morning garden window sunlight breeze walk park tea book nap blanket corner river path friend ' +
    'music afternoon evening cloud puddle leaf basket cushion kitchen market bench stroll story song lamp ' +
    'snack pillow meadow pebble ribbon kite picnic tune yard shade rain glow'
  ).split(' '),
  zh: (
    '公园 散步 阳光 午后 小溪 花园 喝茶 看书 微风 云朵 草地 树叶 野餐 音乐 窗边 枕头 小憩 河边 晚霞 ' +
    '篮子 厨房 集市 长椅 故事 台灯 点心 风筝 雨滴 月光 早晨 朋友 小路 石子 丝带'
  ).split(' '),
};

const TEMPLATES: Record<Lang, readonly string[]> = {
  en: [
    'That sounds like a lot about {w}.',
    'I keep thinking about {w} and {f}.',
    'Tell me more about the {w}, if you like.',
    'Today felt a little like {f} and {w}.',
    'We could talk about {w} again after the {f}.',
    'The {f} reminded me of {w} somehow.',
    'I am listening, and {w} matters to me too.',
    'Maybe a small {f} would help with {w}.',
    'It is a simple day here, mostly {f} and {w}.',
  ],
  zh: [
    '听起来{w}真的很重要。',
    '我一直在想{w}和{f}。',
    '多和我说说{w}吧。',
    '今天有点像{f}和{w}。',
    '等{f}之后我们再聊{w}。',
    '{f}让我想起了{w}。',
    '我在听，{w}对我也很重要。',
    '也许来点{f}会对{w}有帮助。',
  ],
};

const NAMES: Record<Lang, readonly string[]> = {
  en: 'Momo Pip Biscuit Clover Hazel Juniper Maple Nimbus Olive Pebble Quill Rusty Sage Tofu Willow Ziggy Acorn Bramble Cocoa Dandelion Ember Fennel Ginger Honey Iris Jasper Kiwi Lumen Mango Nutmeg Oreo Poppy Quinn Rosie Sprout Thistle Umber Violet Waffle Yarrow Basil Cricket Dewdrop Fig Gumdrop Hopper Inky Jellybean'.split(
    ' ',
  ),
  zh: '豆豆 团子 小白 咪咪 花卷 糯米 年糕 布丁 可乐 毛毛 橘子 汤圆 芝麻 饺子 馒头 雪球 旺财 来福 元宝 点点 球球 乐乐 米粒 奶茶 果冻 栗子 花生 蛋黄 小虎 阿黄 皮皮 嘟嘟 丸子 奶糖 星星 月饼'.split(
    ' ',
  ),
};

const pickWord = (rng: Rng, echo: readonly string[], lang: Lang, echoRate: number) =>
  echo.length > 0 && rng.chance(echoRate) ? rng.pick(echo) : rng.pick(WORDS[lang]);

/** A few sentences of deterministic pseudo-prose that reuse some of `echo` (words of the user's message). */
export function fillerProse(
  rng: Rng,
  echo: readonly string[],
  sentences = rng.int(2, 4),
  lang: Lang = 'en',
): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    out.push(
      rng
        .pick(TEMPLATES[lang])
        .replace('{w}', () => pickWord(rng, echo, lang, 0.75))
        .replace('{f}', () => rng.pick(WORDS[lang])),
    );
  }
  return out.join(lang === 'zh' ? '' : ' ');
}

/** `count` filler words (echoing some of `echo`, never the same word twice in a row), space-separated. */
export function fillerWords(rng: Rng, echo: readonly string[], count: number, lang: Lang = 'en'): string {
  const out: string[] = [];
  const echoRate = Math.min(0.3, echo.length / 20);
  while (out.length < count) {
    const word = pickWord(rng, echo, lang, echoRate);
    if (word !== out.at(-1)) out.push(word);
  }
  return out.join(lang === 'zh' ? '' : ' ');
}

/** Filler of exactly `count` characters (code points): CJK characters in Chinese, else cut English words. */
export function fillerChars(rng: Rng, echo: readonly string[], count: number, lang: Lang = 'en'): string {
  let text = '';
  while (Array.from(text).length < count)
    text += (text && lang === 'en' ? ' ' : '') + fillerWords(rng, echo, 4, lang);
  const cut = Array.from(text).slice(0, count);
  if (lang === 'en' && cut.at(-1) === ' ') cut[cut.length - 1] = rng.pick(['a', 'e', 'o']);
  return cut.join('');
}

export function fillerName(rng: Rng, lang: Lang = 'en'): string {
  return rng.pick(NAMES[lang]);
}
