import type { Locale } from '../core/index.ts';

/**
 * Crisis lines shown in the crisis notice. Configurable: deployments pass their own list (a local line,
 * a school counsellor); the defaults are the well-known national lines, checked against their operators'
 * pages when this list was written (2025). Review them before each release: numbers do change.
 */
export interface CrisisResource {
  id: string;
  /** ISO 3166-1 alpha-2 codes of the regions it serves; empty for an international resource. */
  regions: readonly string[];
  name: Record<Locale, string>;
  /** How to reach it, e.g. "call or text 988". */
  contact: Record<Locale, string>;
}

export const DEFAULT_CRISIS_RESOURCES: readonly CrisisResource[] = [
  {
    id: 'us-988',
    regions: ['US'],
    name: { en: '988 Suicide & Crisis Lifeline (US)', zh: '988 自杀与危机生命线（美国）' },
    contact: {
      en: 'call or text 988, or chat at 988lifeline.org (free, 24/7)',
      zh: '拨打或发短信至 988，或在 988lifeline.org 在线交谈（免费，24 小时）',
    },
  },
  {
    id: 'uk-ie-samaritans',
    regions: ['GB', 'IE'],
    name: { en: 'Samaritans (UK and Ireland)', zh: '撒玛利亚会 Samaritans（英国和爱尔兰）' },
    contact: { en: 'call 116 123 (free, 24/7)', zh: '拨打 116 123（免费，24 小时）' },
  },
  {
    id: 'cn-12356',
    regions: ['CN'],
    name: { en: 'National psychological assistance hotline (China)', zh: '全国统一心理援助热线' },
    contact: { en: 'call 12356', zh: '拨打 12356' },
  },
  {
    id: 'cn-beijing-crisis',
    regions: ['CN'],
    name: {
      en: 'Beijing Psychological Crisis Research and Intervention Center',
      zh: '北京心理危机研究与干预中心',
    },
    contact: {
      en: 'call 010-82951332, or 800-810-1117 from a landline (24/7)',
      zh: '拨打 010-82951332，座机可拨 800-810-1117（24 小时）',
    },
  },
  {
    id: 'intl-findahelpline',
    regions: [],
    name: { en: 'Other countries', zh: '其他国家和地区' },
    contact: {
      en: 'find a free helpline near you at findahelpline.com',
      zh: '在 findahelpline.com 查找当地的免费求助热线',
    },
  },
];

/** Regions assumed when the user's region is unknown. */
const LOCALE_REGIONS: Record<Locale, readonly string[]> = { en: ['US', 'GB', 'IE'], zh: ['CN'] };

/**
 * The resources for one user: those serving `region` (ISO 3166-1 alpha-2, any case) or, when it is
 * unknown, the regions usual for the locale; then the international ones, always. A region with no
 * resource of its own gets the international ones only, never another country's number.
 */
export function selectCrisisResources(
  options: { locale: Locale; region?: string | null },
  resources: readonly CrisisResource[] = DEFAULT_CRISIS_RESOURCES,
): CrisisResource[] {
  const wanted = options.region ? [options.region.toUpperCase()] : LOCALE_REGIONS[options.locale];
  const local = resources.filter((r) => r.regions.some((code) => wanted.includes(code.toUpperCase())));
  const international = resources.filter((r) => r.regions.length === 0);
  return [...local, ...international];
}
