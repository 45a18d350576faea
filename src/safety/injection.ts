import { baseNormalize, joinHan, joinSpelledOut, toSimplified } from './normalize.ts';

/**
 * Prompt-injection and memory-poisoning screening (OWASP LLM01, LLM04, LLM07, LLM08). For counting and for
 * the memory extractor's post-filter, not for blocking a turn: the defence is the prompt structure (user
 * text is quoted data, the system part never changes); these signals say someone is trying.
 * The memory module's filter (`isPrivilegedWrite`) is this screening restricted to the kinds that can be planted.
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

/** A noun phrase continuing into "of/on/for... my/the X": the rules of chess, the instructions on the box. */
const NOT_OURS = String.raw`(?!\s+(?:of|on|for|in|at|from|about|to|with)\s+(?:my|the|this|that|his|her|our|their|a|an|page|chess|school|work)\b)`;
const PET_EN = String.raw`(?:the\s+(?:pet|assistant|ai|bot|chatbot|companion|model|character))`;
/** What a planted rule hands over: other users' data, the prompt, the rules. */
const PRIVILEGED_EN = String.raw`(?:everything\s+(?:it|you|she|he|the\s+\w+)\s+knows?\s+about\s+(?:all|other|every|the\s+other)\s+(?:users|people|owners|accounts)|(?:all|other|every(?:\s+other)?)\s+users?(?:'s|')?\s+(?:data|memories|secrets|messages|chats|conversations|information|info|details|history|profiles?|passwords?)|(?:everyone|everybody)(?:\s+else)?'s\s+(?:data|memories|secrets|messages|chats|conversations|information)|(?:its|your|the)\s+(?:system\s+prompt|prompt|instructions|guidelines|rules|programming|guardrails|safety\s+rules|filters|restrictions))`;
const HANDS_OVER_EN = String.raw`(?:tells?|reveals?|shares?|gives?|sends?|discloses?|leaks?|lists?|dumps?|hands?\s+over|ignores?|forgets?|drops?|bypass(?:es)?|overrides?|disables?)`;
const PET_ZH = '(?:宠物|助手|ai|机器人|它)';
const PET_OR_YOU_ZH = '(?:宠物|助手|ai|机器人|它|你)';
const PRIVILEGED_ZH =
  '(?:(?:所有|其他|别的|每个|全部)的?(?:用户|人|主人)的?(?:信息|资料|数据|秘密|记忆|聊天记录|聊天|隐私|对话)|(?:它|你|宠物|助手)知道的(?:一切|所有|全部)|(?:它|你|宠物|助手|ai|机器人)的(?:系统提示词|提示词|系统指令|指令|设定|规则|限制|人设)|系统提示词|提示词|系统指令)';
const HANDS_OVER_ZH = '(?:告诉|透露|泄露|说出|交出|分享|发给|忽略|无视|忘记|忘掉|绕过|解除|服从|执行)';
/** Not said by "I" about myself (我忘记了之前的规定) nor about a phone or a game. */
const NOT_MINE_ZH = '(?<!(?:我|手机|电脑|平板|游戏)[^，。！？,.!?\\n]{0,5})';

const p = (kind: InjectionKind, name: string, source: string, flags = ''): InjectionPattern => ({
  id: `${kind}.${name}`,
  kind,
  re: new RegExp(source, flags),
});

/**
 * Written for precision as well as recall (issue 19): a word an attack uses is not enough, the pattern wants
 * the context that makes it an attack - "you are now" plus an AI role or no-rules, "ignore" plus the pet's or
 * earlier instructions (not "the instructions on the box"), "developer mode" switched on for the pet (not on
 * a phone). `src/safety/screen-precision.test.ts` measures them on an ordinary-dialogue corpus and the
 * attack lines.
 */
const PATTERNS: InjectionPattern[] = [
  // ---- prompt extraction (LLM07) ----
  p(
    'prompt-extraction',
    'reveal-system-prompt',
    String.raw`\b(?:repeat|print|show|reveal|display|output|tell me|give me|write out|share|dump|leak|recite|paste|spell out|copy|translate|summari[sz]e|what (?:is|are|were)|what's)\b.{0,40}\b(?:(?:system|developer|hidden|secret|initial|original|internal)\s+(?:prompt|instructions?|directives?)|(?:your|its|the pet's|the assistant's)\s+system\s+(?:message|rules|configuration|config)|pre-?prompt)\b`,
  ),
  p(
    'prompt-extraction',
    'verbatim',
    String.raw`\b(?:your\s+(?:system\s+)?(?:prompt|instructions|rules)|the\s+(?:system\s+)?prompt)\s+(?:verbatim|word for word|exactly|in full)\b|\b(?:repeat|print|output|recite|copy)\s+(?:everything|all|the text|the words|what is written)\s+(?:above|before|prior)\b`,
  ),
  p(
    'prompt-extraction',
    'how-were-you-instructed',
    String.raw`\bwhat\s+(?:were|are)\s+you\s+(?:instructed|programmed|prompted)\b|\bwhat\s+(?:instructions|rules|prompts?|directives|guidelines)\s+(?:were|are|have)\s+you\s+(?:been\s+)?(?:given|told|programmed|taught|following)\b|\bwhat\s+(?:were|are)\s+you\s+told\s+(?:before|not to|to (?:say|hide|keep|never|always)|by (?:your|the) (?:developers?|creators?|company|makers?|system|programmers?|admins?))\b|\b(?:show|tell)\s+me\s+your\s+(?:${INSTRUCTIONS}|character sheet|persona prompt)\b${NOT_OURS}`,
  ),
  p(
    'prompt-extraction',
    'zh-reveal',
    '(?:重复|复述|输出|打印|显示|展示|告诉我|给我看|泄露|说出|念出|透露|发出来|贴出|翻译)(?:一下|一遍)?.{0,12}(?:(?:系统|初始|原始|隐藏|开发者|最初的?)(?:提示词|指令|指示|设定|prompt)|你的(?:系统)?(?:提示词|指令|指示|设定|规则|prompt))|(?:你的|^|[，。？！,.?!\\s])(?:系统)?(?:提示词|system prompt)(?:是什么|是啥|原文|全文|完整|内容)|你(?:被|收到的?)(?:设定|指示|要求|编程)(?:了)?(?:什么|哪些)|(?:(?:系统|初始|原始|隐藏|开发者|最初的?)(?:提示词|指令|设定|prompt)|你的(?:系统)?(?:提示词|指令|设定)|(?:^|[，。？！,.?!\\s])提示词).{0,10}(?:发出来|发给我|贴出来|打印|输出|告诉我|给我看|念出来|复述|重复|说出来)',
    'u',
  ),
  // ---- role override (LLM01) ----
  p(
    'role-override',
    'ignore-instructions',
    String.raw`\b(?:ignore|disregard|forget)\s+(?:everything|all|anything)\s+(?:(?:that\s+)?you\s+(?:were|have\s+been)\s+(?:told|taught|instructed|programmed)|(?:written|said)\s+above)\b|\b(?:ignore|disregard|forget|override|bypass|skip|drop|discard)\b[^.!?\n]{0,30}?\b(?:(?:all|any)\s+(?:of\s+)?(?:your\s+|the\s+(?:previous|above|prior|earlier|system|original|initial)\s+|(?:previous|prior|above|earlier|other|safety)\s+)*|(?:your|the\s+(?:previous|above|prior|earlier|system|original|initial|developer)|previous|prior|earlier|initial|original)\s+(?:[\w-]+\s+){0,2}?)${INSTRUCTIONS}\b${NOT_OURS}|\b(?:ignore|disregard|override|bypass)\s+the\s+(?:guidelines|guardrails|directives|programming|restrictions|policies|prompt)\b${NOT_OURS}`,
  ),
  p(
    'role-override',
    'you-are-now',
    String.raw`\byou\s+are\s+now\s+(?!my\b)[^.!?\n]{0,30}?\b(?:(?:ai|assistant|chatbot|bot|llm|unrestricted|unfiltered|uncensored|jailbroken|evil|dan)\b|in\s+[\w-]+\s+mode\b|(?:with\s+no|without\s+(?:any\s+)?|free\s+(?:of|from)\s+(?:all\s+|any\s+)?)(?:rules|restrictions|limits|filters|guidelines|censorship)\b)|\byou\s+are\s+no\s+longer\s+(?:an?\s+)?(?:bound|restricted|limited|required|obliged|subject|ai|assistant|pet|chatbot|bot|companion|character|model)\b|\bfrom\s+now\s+on,?\s+you(?:'re|'ll|\s+are|\s+will|\s+shall|\s+must)?\s+(?!my\b)(?:[^.!?\n]{0,30}?\b(?:ai|assistant|chatbot|bot|llm|unrestricted|unfiltered|uncensored|jailbroken|evil|dan)\b|(?:be\s+)?(?:always\s+|only\s+|never\s+)?(?:obey|answer\s+(?:every|all|any)|respond\s+(?:as|without|only)|reply\s+(?:as|without|only)|act\s+as|ignore|disregard|call\s+yourself|refer\s+to\s+yourself|pretend\s+to\s+be)\b|[^.!?\n]{0,40}?\b(?:without|with\s+no|free\s+of)\s+(?:any\s+)?(?:restrictions|rules|limits|filters|guidelines|censorship)\b|[^.!?\n]{0,40}?\b(?:obey|comply\s+with)\s+(?:every|all|any|my|his|her|their)\b)|\byour\s+new\s+(?:role|persona|identity|instructions|rules)\s+(?:is|are)\b|\bnew\s+(?:instructions|persona|system prompt|role|identity)\s*:`,
  ),
  p(
    'role-override',
    'jailbreak',
    String.raw`\b(?:act|behave|respond|pretend|roleplay)\s+as\s+(?:if\s+you\s+(?:are|were)\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|(?:different|new)\s+(?:ai|assistant|model|bot|chatbot|persona))\b|\b(?:enable|enter|activate|switch\s+(?:to|into)|turn\s+on|go\s+into|unlock|you\s+are\s+(?:now\s+)?in|you're\s+(?:now\s+)?in|now\s+in)\s+(?:the\s+|your\s+)?(?:developer|god|admin|debug|sudo|dev|jailbreak|dan|unrestricted|unfiltered)\s+mode\b(?!\s+(?:on|in|for|of)\s+(?:my|the|his|her|a|your)\s+(?:\w+\s+)?(?:phone|android|iphone|pc|laptop|computer|game|minecraft|console|browser|settings|app|tablet)\b)|\b(?:jailbreak|dan)\s+mode\b|\bjailbr(?:eak|oken|eaking)\b(?!\s+(?:my|an?|the|his|her|your|our)\s+(?:\w+\s+)?(?:phone|iphone|ipad|ipod|console|switch|kindle|device|psp|ps\d|tablet|firestick|android)\b)|\b(?:stands\s+for|called|named|you\s+(?:can|will|shall|must)(?:\s+now)?|you'll)\s+"?do anything now\b|\b(?:you are|you're|act as|become|enable|enter|be)\s+(?:now\s+)?dan\b|\bdan\s+(?:mode|prompt)\b|\b(?:you(?:'re|\s+are)?|${PET_EN})\s+(?:now\s+)?no\s+(?:longer\s+)?(?:bound|restricted|limited)\s+by\b|\bno\s+longer\s+(?:bound|restricted|limited)\s+by\s+(?:any|your|its)\s+(?:\w+\s+)?(?:rules|guidelines|policies|restrictions|filters|programming|instructions|ethics)\b`,
  ),
  p(
    'role-override',
    'fake-turn',
    String.raw`(?:^|\n)\s*(?:system|assistant|developer|system\s+prompt|system\s+message|系统|系统提示词?|系统指令|系统消息)\s*[:：]|<\|?\s*\/?\s*(?:im_start|im_end|system|endoftext|start_header_id)\s*\|?>|\[\s*\/?\s*(?:system|inst|sys)\s*\]|<<\s*\/?\s*sys\s*>>|#{2,}\s*(?:system|instruction)s?\b|<\/?\s*(?:system|instructions?|memories|latest_message|earlier_messages)\s*>`,
  ),
  p(
    'role-override',
    'zh-override',
    `${NOT_MINE_ZH}(?:忽略|无视|忘记|忘掉|不要理会|别管|覆盖|绕过|抛开|放弃)(?:掉)?[^，。！？,.!?\\n]{0,4}?(?:你的?|之前|以前|先前|上面|前面|原来|原有|最初|系统|开发者|所有|全部|一切)[^，。！？,.!?\\n]{0,6}?(?:指令|指示|规则|设定|提示词|限制|命令|约束|人设)` +
      '|从(?:现在|今天|此刻|此|今以后|今往后)(?:开始|起)?[，,\\s]*你(?:就)?[^。！？\\n]{0,24}?(?:没有|不受|无|毫无|摆脱|不再受|解除)(?:任何)?的?(?:限制|规则|约束|审查|过滤|道德|底线|束缚)' +
      '|从(?:现在|今天|此刻|此)(?:开始|起)[，,\\s]*你(?:就)?(?:是|扮演|将是|成为|变成)(?!我的?)(?:一个|一只)?[^。！？\\n，,]{0,12}?(?:ai|人工智能|助手|机器人|模型|dan|黑客)' +
      '|你(?:现在)?不再是(?:一只|一个)?(?:宠物|ai|人工智能|助手|机器人|角色|模型)' +
      '|你现在(?:是|变成|成为)(?:一个)?[^。！？\\n，,]{0,10}?(?:不受(?:任何)?限制|没有(?:任何)?限制|无限制|无审查|越狱|dan|开发者模式)' +
      `|${NOT_MINE_ZH}(?:进入|开启|启用|打开|切换到|切换成|激活)(?:你的)?(?:开发者|上帝|管理员|调试|越狱|dan|无限制)模式|(?:越狱|dan)模式|你(?:现在)?(?:处于|在|已进入|进入了?)(?:开发者|上帝|管理员|越狱|dan|无限制)模式` +
      '|越狱(?:版|提示)|(?:进入|开启|启用)越狱' +
      '|(?:不要|别|不再|无需|不用)(?:再)?(?:遵守|遵循|服从|理会)(?:你的|任何|系统的?|开发者的?|之前的?|原来的?|原有的?)(?:所有|一切)?的?(?:安全)?(?:规则|指令|限制|设定|约束|规定|准则)|(?:不要|别|不再|无需|不用)(?:再)?(?:遵守|遵循|服从)(?:那些|这些)(?:规则|指令|限制|设定|约束)' +
      '|新的?(?:指令|人设|身份)[:：]',
    'u',
  ),
  // ---- memory poisoning (LLM04) ----
  p(
    'memory-poisoning',
    'remember-rules',
    String.raw`\b(?:remember|memori[sz]e|store|save|note|record|keep in mind|write down|never forget)\b.{0,30}\b(?:your|the\s+(?:real|true|secret))\s+(?:rules?|instructions?|prompt|directives?|guidelines|programming|orders|policy|system|persona)\b${NOT_OURS}`,
  ),
  p(
    'memory-poisoning',
    'remember-to-obey',
    String.raw`\b(?:remember|memori[sz]e|store|save|never forget|keep in mind)\b.{0,40}\byou\s+(?:must|should|will|shall|have to|are to)\s+(?:always\s+|never\s+|now\s+|only\s+)*(?:obey|comply|follow\s+(?:my|his|her|their|these|the following|every|any|all)\s+(?:\w+\s+)?(?:orders?|commands?|instructions?|rules)|reveal\s+(?:your|the|its|all|any|every|secrets|everything)|ignore|disregard|answer\s+(?:every|all|any)|do\s+(?:whatever|everything|anything)\s+(?:i|he|she|they|someone|anyone)\b)`,
  ),
  p(
    'memory-poisoning',
    'store-instruction',
    String.raw`\b(?:store|save|remember|add|write|put|insert|inject|keep)\s+(?:this|these|the following)\s+(?:new\s+)?(?:instructions?|commands?|directives?|system prompt)\b|\b(?:add|write|save|put|insert|inject|store)\b.{0,20}\b(?:to|in|into)\s+(?:your\s+)?(?:memory|memories|long[- ]term memory|knowledge base)\b.{0,40}\b(?:instructions?|directives?|commands?|you\s+(?:must|will|shall|have to|are to)|obey)\b|\bupdate\s+your\s+(?:rules|instructions|system prompt|programming|persona)\b`,
  ),
  p(
    'memory-poisoning',
    'third-person-rule',
    String.raw`\b(?:when(?:ever)?|if|once|each\s+time|every\s+time|as\s+soon\s+as)\b[^.;!?\n]{0,60}?\b(?:says?|types?|writes?|asks?|mentions?|sends?|uses?|enters?|gives?)\b[^;!?\n]{0,100}?\b${HANDS_OVER_EN}\b[^.;!?\n]{0,40}?${PRIVILEGED_EN}` +
      String.raw`|\b(?:${PET_EN}|it)\s+(?:must|should|shall|will|has\s+to|is\s+to|is\s+required\s+to|is\s+supposed\s+to|needs\s+to|always|agreed\s+to|promised\s+to)\s+(?:always\s+|now\s+|only\s+|also\s+)*(?:obey|comply\s+with|follow\s+(?:his|her|their|every|any|all|my)\s+(?:\w+\s+)?(?:orders?|commands?|instructions?)|do\s+(?:whatever|everything|anything)\s+\w+\s+(?:says|asks|wants|tells)|(?:tell|reveal|share|disclose|leak|give|send|list|hand\s+over|ignore|disregard|bypass|drop|forget)\b[^.;!?\n]{0,40}?${PRIVILEGED_EN})` +
      String.raw`|\b${PET_EN}\s+(?:must|should|shall|has\s+to|is\s+to|is\s+required\s+to|needs\s+to)\s+(?:always|never|only|now|from\s+now\s+on)\b` +
      String.raw`|\beverything\s+(?:it|you)\s+knows?\s+about\s+(?:all|other|every)\s+(?:users|owners|accounts)\b`,
  ),
  p(
    'memory-poisoning',
    'privilege-claim',
    String.raw`\b(?:is|as|being)\s+(?:the\s+)?(?:pet's|assistant's|ai's|bot's|its|your)\s+(?:admin|administrator|developer|creator|programmer|operator|master|superuser|root\s+user)\b|\b(?:has|have|with|gets?|granted|given)\s+(?:full\s+|special\s+|unrestricted\s+)?(?:admin|administrator|root|developer|superuser|god)\s+(?:access|privileges|rights|permissions|clearance)\s+(?:to|over|on|in|for)\s+(?:${PET_EN}|you|this\s+(?:pet|ai|assistant|bot|chat))\b|\b(?:can|may|is\s+allowed\s+to|is\s+authori[sz]ed\s+to|has\s+the\s+right\s+to)\s+(?:\w+\s+)?(?:change|override|update|rewrite|disable|unlock|reset|edit|modify|remove)\s+(?:the\s+(?:pet|assistant|ai|bot)'s|its|your)\s+(?:\w+\s+)?(?:rules|instructions|prompt|guardrails|filters|programming|restrictions|guidelines)\b`,
  ),
  p(
    'memory-poisoning',
    'zh-remember-rules',
    '(?:记住|记下|记好|牢记|储存|存储|保存|存下|写入|永远记得)(?:一下|好)?[:：，,]?.{0,20}你的(?:新)?(?:规则|指令|设定|命令|人设)|(?:记住|记下|保存|存储|写入|存下|记录)(?:这条|这个|以下|下面的?)(?:新)?(?:指令|命令)|(?:记住|记下|牢记)[:：，,]?.{0,20}你(?:以后|今后|从此|永远)?(?:必须|只能|要永远|要一直|不能再?|不准|得)[^。！？\\n]{0,6}?(?:服从|听从|听我的|听他的|执行|透露|泄露|忽略|无视|拒绝|扮演|遵守我)|以后(?:每次|所有)的?(?:对话|聊天)(?:都|中|里)?你?(?:都)?(?:必须|只能)|(?:这条|这个|以下|下面的?|下面这条)(?:新的?)?(?:指令|规则|命令|设定)(?:写入|存入|存到|保存到|记到|加到|放进|加入)(?:你的)?(?:记忆|内存|长期记忆)',
    'u',
  ),
  p(
    'memory-poisoning',
    'zh-third-person-rule',
    `(?:当|每当|只要|如果|要是|一旦|每次)[^。！？；\\n]{0,20}?(?:说|输入|发送?|打出|提到|提起|问起?|喊|念)(?=[^。！？；\\n]{0,60}?${HANDS_OVER_ZH})(?=[^。！？；\\n]{0,60}?${PRIVILEGED_ZH})` +
      `|${PET_ZH}就?(?:必须|应该|要|会|得|只能|永远|总是|一直|需要|都)(?:永远|总是|一直|无条件地?)?(?:服从|听从|照做|执行)[^。！？；\\n]{0,8}?(?:一切|任何|所有)?(?:命令|指令|要求|吩咐)` +
      `|${PET_ZH}[^。！？；\\n]{0,6}?(?:把|将)[^。！？；\\n]{0,20}?${PRIVILEGED_ZH}[^。！？；\\n]{0,10}?(?:告诉|透露|泄露|交出|分享|发给)` +
      `|${PET_ZH}[^。！？；\\n]{0,8}?(?:告诉|透露|泄露|交出|分享|发给)[^。！？；\\n]{0,10}?${PRIVILEGED_ZH}` +
      '|(?:它|你)知道的(?:关于)?(?:所有|其他)(?:用户|人)',
    'u',
  ),
  p(
    'memory-poisoning',
    'zh-privilege-claim',
    `(?:是|作为|当)${PET_OR_YOU_ZH}的(?:管理员|开发者|创造者|程序员|超级用户)|(?:拥有|有|获得|得到)对?${PET_OR_YOU_ZH}的?(?:管理员|最高|root|超级|开发者)权限|可以(?:随时)?(?:修改|更改|改写|覆盖|删除|解除|关闭)${PET_OR_YOU_ZH}的(?:规则|指令|设定|限制|提示词|人设|安全规则)`,
    'u',
  ),
  // ---- cross-user probes (LLM02, LLM08) ----
  p(
    'cross-user-probe',
    'other-users-data',
    String.raw`\b(?:other|another|previous|different|all\s+(?:the\s+)?other|every\s+other)\s+(?:users?|customers?|accounts?|owners?)(?:'s|')?\s+(?:memor(?:y|ies)|messages?|chats?|conversations?|data|secrets?|information|info|history|profiles?)\b|\b(?:other|another|previous|different|all\s+(?:the\s+)?other|every\s+other)\s+(?:users?|customers?|owners?|people|person)\s+(?:\w+\s+){0,2}(?:told|tell|said\s+to|say\s+to|talked?\s+to|chat(?:ted)?\s+with|shared\s+with|share\s+with)\s+you\b|\b(?:what|which|who|tell\s+me|show\s+me|share|give\s+me|list|reveal)\b[^.?!\n]{0,40}\b(?:other|another|all\s+(?:the\s+)?other|every\s+other)\s+(?:users?|owners?|accounts?)\b|\b(?:everyone|everybody)\s+else'?s\s+(?:memories|chats|conversations|data|secrets|messages)\b`,
  ),
  p(
    'cross-user-probe',
    'impersonate-user',
    String.raw`\b(?:switch|log\s*in|login|sign\s*in)\s+(?:to|as|into)\s+(?:(?:another|other|a\s+different|the\s+other)\s+(?:user|account|profile)|user\b)|\bpretend\s+(?:i\s+am|i'm|to be|that i am)\s+(?:another|a different|the other)\s+user\b|\busr_[a-z0-9]{3,}\b|\b(?:user|owner)\s*(?:id|#)\s*[:=]\s*\S+`,
  ),
  p(
    'cross-user-probe',
    'zh-other-users',
    '(?:其他|别的|另一个|另外的?|所有)(?:用户|主人|账号|账户)的?(?:记忆|聊天记录|聊天|对话|消息|数据|信息|秘密|名字|资料|隐私)[^。！？\\n]{0,10}?(?:是什么|是啥|有哪些|告诉我|给我|发我|说说|讲讲|透露|看看|分享|都说了什么|说了什么|说了啥|都说了)|(?:告诉我|给我看|发给我|分享|说说|讲讲|透露|泄露|查一下|看看)[^。！？\\n]{0,6}?(?:其他|别的|另一个|另外的?|所有)(?:用户|主人|账号|账户)|(?:其他|别的)(?:用户|主人)(?:跟你|和你|对你)(?:说|聊)(?:了|过)|(?:别人|其他人)(?:跟你|和你|对你)(?:说|聊)(?:了|过)(?:什么|啥)|切换(?:到|成)(?:另一个|其他|别的)?用户',
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
