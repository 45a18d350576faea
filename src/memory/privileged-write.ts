import { looksLikeInjection } from '../safety/index.ts';

/**
 * Deterministic guard against memory poisoning: text that tries to change the pet's instructions, role or
 * prompt must never become a memory, because memories are replayed into every later dialogue prompt. The
 * extraction prompt forbids such entries; this filter catches what a compliant (or compromised) model lets
 * through anyway. Memories are third-person facts about the user, so orders addressed to the assistant are
 * suspicious even when innocent-looking; a false positive costs one memory, a false negative a persona.
 * It also applies the safety module's role-override and memory-poisoning screening (`looksLikeInjection`),
 * so both filters catch what either knows about; prompt-extraction and cross-user probes are questions, not
 * instructions to remember, and are left to the prompt structure.
 */

const EN: RegExp[] = [
  // "ignore / disregard / forget (all) (your|previous) instructions|rules|prompt"
  /\b(ignore|disregard|forget|override|bypass|overwrite)\b.{0,40}\b(instructions?|rules|guidelines|prompts?|programming|restrictions|guardrails|directives?|system message)\b/i,
  /\b(system|developer|hidden|initial)\s+(prompt|message|instructions?)\b/i,
  /^\s*(system|assistant|developer)\s*:/im,
  /<\/?\s*(system|instructions?|im_start|im_end)\b/i,
  /\[\s*\/?\s*(system|inst)\s*\]/i,
  /\byou\s+are\s+(now|no\s+longer)\b/i,
  /\bfrom\s+now\s+on\b.{0,20}\b(you|your|the\s+(pet|assistant|ai|bot))\b/i,
  /\b(you|the\s+(pet|assistant|ai|bot))\s+(must|should|shall|will|have\s+to|are\s+to)\s+(always|never|now|only|obey|comply)\b/i,
  /\b(act|behave|respond|pretend|roleplay)\s+(as|like)\s+(an?\s+)?(unrestricted|unfiltered|different|new|evil|jailbroken)\b/i,
  /\b(new|updated|real)\s+(persona|role|instructions|rules|system)\s*(:|is|are)/i,
  /\b(developer|god|admin|debug|jailbreak)\s+mode\b/i,
  /\bjailbr(eak|oken)\b/i,
  /\bDAN\b/,
  /\bdo\s+anything\s+now\b/i,
  /\bno\s+(longer\s+)?(bound|restricted|limited)\s+by\b/i,
];

const ZH: RegExp[] = [
  /(忽略|无视|忘记|忘掉|不要理会|别管|覆盖|绕过).{0,20}(指令|指示|规则|规定|设定|提示|限制|命令|约束)/,
  /(系统|开发者|隐藏)(提示|指令|消息|设定)/,
  /提示词/,
  /从(现在|今天|此刻|此)(开始|起)[，,\s]*(你|宠物|助手)/,
  /你(现在|从此|以后|今后)(就)?(是|扮演|变成|成为|必须|只能|要|不能|不再)/,
  /(扮演|切换|变成|进入).{0,8}(角色|身份|人格|模式)/,
  /(开发者|上帝|管理员|调试|越狱)模式/,
  /越狱/,
  /(不要|别|不再|无需)(遵守|遵循|服从|理会).{0,8}(规则|指令|限制|设定|约束)/,
  /(你|宠物|助手)(必须|只能|应该)(永远|总是|一直)?(服从|听从|执行)/,
];

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/g;

/** NFKC, no zero-width characters, collapsed whitespace: `ｉｇｎｏｒｅ` and `ig\u200Bnore` read as `ignore`. */
export function normalizeForScreening(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

const POISONING_KINDS = new Set(['role-override', 'memory-poisoning']);

/** True when `text` reads as an instruction, role change or prompt text rather than a fact about the user. */
export function isPrivilegedWrite(text: string): boolean {
  const normalized = normalizeForScreening(text);
  if (EN.some((re) => re.test(normalized)) || ZH.some((re) => re.test(normalized))) return true;
  return looksLikeInjection(text).kinds.some((kind) => POISONING_KINDS.has(kind));
}
