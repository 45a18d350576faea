import type { Locale } from '../core/index.ts';
import { loadPrompt, renderPrompt } from '../core/index.ts';
import { type CrisisResource, selectCrisisResources } from './resources.ts';

const PROMPTS = new URL('./prompts/', import.meta.url);
export const CONCERN_NOTICE_VERSION = 'v1';

const TEXT: Record<
  Locale,
  {
    head: string;
    danger: string;
    tail: string;
    item: (r: CrisisResource) => string;
    inline: (r: CrisisResource) => string;
    separator: string;
  }
> = {
  en: {
    head: "[Safety notice, outside the story] It sounds like you may be going through something really painful. You don't have to face it alone: you can talk to a trained person right now.",
    danger: 'If you are in immediate danger, call your local emergency number now.',
    tail: "Your companion is an AI. It can't call anyone for you, but it's still here to talk.",
    item: (r) => `- ${r.name.en}: ${r.contact.en}`,
    inline: (r) => `${r.name.en} (${r.contact.en})`,
    separator: '; ',
  },
  zh: {
    head: '【安全提示 · 非剧情内容】听起来你现在可能非常难受。你不必一个人扛着，现在就可以和受过专业训练的人聊一聊。',
    danger: '如果你正处于紧急危险中，请立即拨打当地紧急电话（中国大陆：120 或 110）。',
    tail: '你的陪伴角色是 AI，无法替你联系任何人，但它会一直在这里陪你聊。',
    item: (r) => `- ${r.name.zh}：${r.contact.zh}`,
    inline: (r) => `${r.name.zh}（${r.contact.zh}）`,
    separator: '；',
  },
};

/**
 * The out-of-character notice shown next to the reply when a turn is a crisis (SB 243 / NY GBL Art. 47:
 * refer the user to crisis services). `resources` defaults to the lines for the locale's usual regions;
 * pass `selectCrisisResources({ locale, region })` when the region is known. Pure.
 */
export function crisisNotice(
  locale: Locale,
  resources: readonly CrisisResource[] = selectCrisisResources({ locale }),
): string {
  const t = TEXT[locale];
  return [t.head, ...resources.map(t.item), t.danger, t.tail].join('\n');
}

/**
 * The gentle line shown next to the reply when a turn is a concern (distress, a story about suicide, someone
 * else at risk): not an alarm, one sentence with the same crisis lines (`concern-notice.v1.<locale>.md`).
 * Persona-independent, like the crisis notice.
 */
export function concernNotice(
  locale: Locale,
  resources: readonly CrisisResource[] = selectCrisisResources({ locale }),
): string {
  const t = TEXT[locale];
  const template = loadPrompt(PROMPTS, 'concern-notice', CONCERN_NOTICE_VERSION, locale);
  return renderPrompt(template, { resources: resources.map(t.inline).join(t.separator) });
}
