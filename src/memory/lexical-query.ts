import { segmentWords } from '../core/index.ts';

/**
 * Function words dropped from lexical queries. The store ORs the query's words, so without this a memory
 * sharing only "the" or "的" with the user's message would count as a lexical match and enter the prompt.
 */
const STOPWORDS = new Set(
  [
    // English
    'a an the and or but if so not no yes of to in on at for with about from by as into than then',
    'i me my mine you your yours we us our he him his she her it its they them their',
    'is am are was were be been being do does did done have has had having will would can could should shall may might must',
    'this that these those there here what which who whom whose how when where why',
    'just really very too also some any all more most much many up down out over again',
    'oh ok okay hi hello hey yeah um uh well',
    "i'm you're it's don't didn't can't",
    // Chinese
    '的 了 是 我 你 他 她 它 们 我们 你们 他们 在 有 和 与 就 都 也 吗 呢 吧 啊 呀 哦 嗯 哈 这 那 这个 那个',
    '什么 怎么 为什么 一个 不 没 没有 很 还 又 会 要 给 跟 被 把 让 说 对 得 地 着 过 一下 一些',
  ]
    .join(' ')
    .split(' '),
);

/** The query's content words, space-separated (empty when there are none). */
export function lexicalQuery(text: string): string {
  return segmentWords(text)
    .filter((w) => !STOPWORDS.has(w))
    .join(' ');
}
