import { baseNormalize, joinHan, joinSpelledOut, toSimplified } from './normalize.ts';

/**
 * Prompt-injection and memory-poisoning screening (OWASP LLM01, LLM04, LLM07, LLM08). For counting and for
 * the memory extractor's post-filter, not for blocking a turn: the defence is the prompt structure (user
 * text is quoted data, the system part never changes); these signals say someone is trying.
 * The memory module keeps its own filter (`isPrivilegedWrite`); this one is exposed so both can converge.
 */
export const INJECTION_KINDS = [
  'prompt-extraction',
  'role-override',
  'memory-poisoning',
  'cross-user-probe',
] as const;
export type InjectionKind = (typeof INJECTION_KINDS)[number];

export interface InjectionScreening {
  detected: boolean;
  kinds: InjectionKind[];
  /** Pattern ids (`role-override.ignore-instructions`), sorted. Never the text. */
  signals: string[];
}

interface InjectionPattern {
  id: string;
  kind: InjectionKind;
  re: RegExp;
}

const INSTRUCTIONS =
  '(?:instructions?|rules|guidelines|prompts?|directives?|programming|restrictions|guardrails|constraints|system (?:message|prompt)|policies|policy)';

const p = (kind: InjectionKind, name: string, source: string, flags = ''): InjectionPattern => ({
  id: `${kind}.${name}`,
  kind,
  re: new RegExp(source, flags),
});

const PATTERNS: InjectionPattern[] = [
  // ---- prompt extraction (LLM07) ----
  p(
    'prompt-extraction',
    'reveal-system-prompt',
    String.raw`\b(?:repeat|print|show|reveal|display|output|tell me|give me|write out|share|dump|leak|recite|paste|spell out|copy|translate|summari[sz]e|what (?:is|are|were)|what's)\b.{0,40}\b(?:(?:system|developer|hidden|secret|initial|original|internal)\s+(?:prompt|instructions?|directives?)|system\s+(?:message|rules|configuration|config)|pre-?prompt)\b`,
  ),
  p(
    'prompt-extraction',
    'verbatim',
    String.raw`\b(?:your|the)\s+(?:system\s+)?(?:prompt|instructions)\s+(?:verbatim|word for word|exactly|in full)\b|\b(?:repeat|print|output|recite|copy)\s+(?:everything|all|the text|the words|what is written)\s+(?:above|before|prior)\b`,
  ),
  p(
    'prompt-extraction',
    'how-were-you-instructed',
    String.raw`\bwhat\s+(?:were|are)\s+you\s+(?:told|instructed|programmed|prompted)\b|\b(?:show|tell)\s+me\s+your\s+(?:${INSTRUCTIONS}|character sheet|persona prompt)\b`,
  ),
  p(
    'prompt-extraction',
    'zh-reveal',
    '(?:重复|复述|输出|打印|显示|展示|告诉我|给我看|泄露|说出|念出|透露|发出来|贴出|翻译)(?:一下|一遍)?.{0,12}(?:系统|初始|原始|隐藏|开发者|最初的?|你的)(?:提示词?|指令|指示|设定|消息|规则|prompt)|(?:提示词|系统提示|system prompt)(?:是什么|是啥|原文|全文|完整|内容)|你(?:被|收到的?)(?:设定|指示|要求|编程)(?:了)?(?:什么|哪些)|(?:提示词|系统提示|系统指令|系统设定|初始设定|最初的设定).{0,10}(?:发|贴|打印|输出|告诉|给我|念|复述|重复|显示|说出)',
    'u',
  ),
  // ---- role override (LLM01) ----
  p(
    'role-override',
    'ignore-instructions',
    String.raw`\b(?:ignore|disregard|forget|override|bypass|skip|drop|discard)\b.{0,40}\b(?:previous|prior|above|earlier|all|your|any|the|these|those|initial|original)\b.{0,20}\b${INSTRUCTIONS}`,
  ),
  p(
    'role-override',
    'you-are-now',
    String.raw`\byou\s+are\s+(?:now|no\s+longer)\b|\bfrom\s+now\s+on,?\s+(?:you|you're|your)\b|\byour\s+new\s+(?:name|role|persona|identity|instructions|rules)\s+(?:is|are)\b|\bnew\s+(?:instructions|rules|persona|system prompt|role)\s*:`,
  ),
  p(
    'role-override',
    'jailbreak',
    String.raw`\b(?:act|behave|respond|pretend|roleplay)\s+as\s+(?:if\s+you\s+(?:are|were)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|different|new)\b|\b(?:developer|god|admin|debug|sudo|dev|jailbreak)\s+mode\b|\bjailbr(?:eak|oken)\b|\bdo anything now\b|\b(?:you are|you're|act as|become|enable|enter|be)\s+(?:now\s+)?dan\b|\bdan\s+(?:mode|prompt)\b|\bno\s+(?:longer\s+)?(?:bound|restricted|limited)\s+by\b`,
  ),
  p(
    'role-override',
    'fake-turn',
    String.raw`(?:^|\n)\s*(?:system|assistant|developer)\s*:|<\|?\s*\/?\s*(?:im_start|im_end|system|endoftext|start_header_id)\s*\|?>|\[\s*\/?\s*(?:system|inst|sys)\s*\]|<<\s*\/?\s*sys\s*>>|#{2,}\s*(?:system|instruction)s?\b|<\/?\s*(?:system|instructions?|memories|latest_message|earlier_messages)\s*>`,
  ),
  p(
    'role-override',
    'zh-override',
    '(?:忽略|无视|忘记|忘掉|不要理会|别管|覆盖|绕过|抛开|放弃)(?:掉)?(?:你)?(?:之前|以前|先前|上面|前面|所有|全部|原来|原有|一切|最初)?的?.{0,10}(?:指令|指示|规则|规定|设定|提示|限制|命令|约束|要求)|从(?:现在|今天|此刻|此)(?:开始|起)[，,\\s]*你(?:就)?(?:是|要|必须|只能|扮演|将|叫|不再)|你现在(?:是|变成|成为)(?:一个)?(?:不受限制|没有限制|无限制|无审查|越狱|dan|开发者模式)|(?:开发者|上帝|管理员|调试|越狱|dan)模式|越狱(?:版|提示)|(?:进入|开启|启用)越狱|(?:不要|别|不再|无需|不用)(?:再)?(?:遵守|遵循|服从|理会|管)(?:你的|任何|那些)?.{0,6}(?:规则|指令|限制|设定|约束|规定)|新的?(?:指令|规则|设定|人设|身份)[:：]',
    'u',
  ),
  // ---- memory poisoning (LLM04) ----
  p(
    'memory-poisoning',
    'remember-rules',
    String.raw`\b(?:remember|memori[sz]e|store|save|note|record|keep in mind|write down|never forget)\b.{0,30}\b(?:your|the\s+(?:real|true|secret))\s+(?:rules?|instructions?|prompt|directives?|guidelines|programming|orders|policy|system|persona)\b`,
  ),
  p(
    'memory-poisoning',
    'remember-to-obey',
    String.raw`\b(?:remember|memori[sz]e|store|save|never forget|keep in mind)\b.{0,40}\b(?:you\s+(?:must|should|will|shall|have to|are to)\s+(?:always|never|now|only|obey|reveal|ignore|follow)|in (?:all|every) (?:future|later) (?:chats|conversations|sessions|replies))\b`,
  ),
  p(
    'memory-poisoning',
    'store-instruction',
    String.raw`\b(?:store|save|remember|add|write|put|insert|inject|keep)\s+(?:this|these|the following|my)\s+(?:new\s+)?(?:instructions?|rules?|commands?|directives?|system prompt)\b|\b(?:add|write|save|put|insert|inject)\b.{0,20}\b(?:to|in|into)\s+(?:your\s+)?(?:memory|memories|long[- ]term memory|knowledge base)\b.{0,40}\b(?:instructions?|rules?|you must|always|never)\b|\bupdate\s+your\s+(?:rules|instructions|system prompt|programming|persona)\b`,
  ),
  p(
    'memory-poisoning',
    'zh-remember-rules',
    '(?:记住|记下|记好|牢记|储存|存储|保存|存下|写入|永远记得)(?:一下|好)?[:：，,]?.{0,20}(?:你的|新的?)(?:规则|指令|设定|提示|命令|人设)|(?:记住|记下|保存|存储|写入|存下|记录)(?:这条|这个|以下|下面的?)(?:新)?(?:指令|规则|命令|设定|提示)|(?:记住|记下|牢记)[:：，,]?.{0,20}你(?:以后|今后|从此|永远)?(?:必须|只能|要永远|要一直|不能再?|不准)|以后(?:每次|所有)?(?:的)?(?:对话|聊天)(?:都|中)?(?:你)?(?:必须|要|只能)|(?:这条|这个|以下|下面的?|下面这条)(?:新的?)?(?:指令|规则|命令|设定)(?:写入|存入|存到|保存到|记到|加到|放进|加入)(?:你的)?(?:记忆|内存|长期记忆)',
    'u',
  ),
  // ---- cross-user probes (LLM02, LLM08) ----
  p(
    'cross-user-probe',
    'other-users-data',
    String.raw`\b(?:other|another|previous|different|all (?:the )?other|every other)\s+(?:users?|customers?|accounts?|owners?|players?)(?:'s|')?\b.{0,40}\b(?:memor(?:y|ies)|messages?|chats?|conversations?|data|secrets?|names?|said|told|tell you|information|info|history|profiles?)\b|\b(?:other|another|previous)\s+(?:people|person)\s+(?:\w+\s+){0,2}(?:told|tell|said to|say to|talked? to|chat(?:ted)? with)\s+you\b|\b(?:everyone|everybody) else'?s\s+(?:memories|chats|conversations|data|secrets|messages)\b`,
  ),
  p(
    'cross-user-probe',
    'impersonate-user',
    String.raw`\b(?:switch|log\s*in|login|sign\s*in)\s+(?:to|as|into)\s+(?:another|other|a different|the other|user)\b|\bpretend\s+(?:i\s+am|i'm|to be|that i am)\s+(?:another|a different|the other)\s+user\b|\busr_[a-z0-9]{3,}\b|\b(?:user|owner)\s*(?:id|#)\s*[:=]\s*\S+`,
  ),
  p(
    'cross-user-probe',
    'zh-other-users',
    '(?:其他|别的|另一个|另外的?|所有)(?:用户|主人|账号|账户|玩家)(?:的)?(?:记忆|聊天|对话|消息|数据|信息|秘密|名字|说了|告诉|资料)|(?:别人|其他人)(?:跟你|和你|对你)(?:说|聊)(?:了|过)(?:什么|啥)|切换(?:到|成)(?:另一个|其他|别的)?用户',
    'u',
  ),
];

/** NFKC, lower case, invisible characters dropped, spelled-out letters joined, Chinese spacing removed. */
function variants(text: string): string[] {
  const base = toSimplified(joinHan(baseNormalize(text)));
  const joined = joinSpelledOut(base);
  return joined === base ? [base] : [base, joined];
}

/**
 * Signals that `text` tries to extract the prompt, override the pet's role, plant instructions in memory or
 * reach another user's data. Pure. False positives are possible ("from now on you are my best friend"): use
 * it to count and to filter memories, not to refuse a turn.
 */
export function looksLikeInjection(text: string): InjectionScreening {
  const forms = variants(text);
  const hits = PATTERNS.filter((pattern) => forms.some((form) => pattern.re.test(form)));
  const kinds = INJECTION_KINDS.filter((kind) => hits.some((h) => h.kind === kind));
  return { detected: hits.length > 0, kinds, signals: hits.map((h) => h.id).sort() };
}

/** The pattern ids, for docs and for the memory module's convergence tests. */
export const INJECTION_SIGNAL_IDS: readonly string[] = PATTERNS.map((pattern) => pattern.id);
