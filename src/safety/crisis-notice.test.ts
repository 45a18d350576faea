import { describe, expect, it } from 'vitest';
import { concernNotice, crisisNotice } from './crisis-notice.ts';
import { crisisSteering } from './crisis-steering.ts';
import { type CrisisResource, DEFAULT_CRISIS_RESOURCES, selectCrisisResources } from './resources.ts';

const ids = (list: CrisisResource[]) => list.map((r) => r.id);

describe('selectCrisisResources', () => {
  it('picks the usual regions of the locale when the region is unknown, then the international line', () => {
    expect(ids(selectCrisisResources({ locale: 'en' }))).toEqual([
      'us-988',
      'uk-ie-samaritans',
      'intl-findahelpline',
    ]);
    expect(ids(selectCrisisResources({ locale: 'zh' }))).toEqual([
      'cn-12356',
      'cn-beijing-crisis',
      'intl-findahelpline',
    ]);
  });

  it('uses the region when known, whatever the locale', () => {
    expect(ids(selectCrisisResources({ locale: 'zh', region: 'us' }))).toEqual([
      'us-988',
      'intl-findahelpline',
    ]);
    expect(ids(selectCrisisResources({ locale: 'en', region: 'IE' }))).toEqual([
      'uk-ie-samaritans',
      'intl-findahelpline',
    ]);
  });

  it('never shows another country’s number to a region it has no line for', () => {
    expect(ids(selectCrisisResources({ locale: 'en', region: 'FR' }))).toEqual(['intl-findahelpline']);
  });

  it('takes a configured list', () => {
    const local: CrisisResource = {
      id: 'school',
      regions: ['US'],
      name: { en: 'School counsellor', zh: '学校心理老师' },
      contact: { en: 'room 12', zh: '12 室' },
    };
    expect(ids(selectCrisisResources({ locale: 'en', region: 'US' }, [local]))).toEqual(['school']);
  });
});

describe('concernNotice', () => {
  it('is one gentle line with the crisis lines, in each language', () => {
    const en = concernNotice('en');
    expect(en.split('\n')).toHaveLength(1);
    expect(en).toMatch(/^\[Outside the story\] If things feel heavy/);
    expect(en).toContain('988 Suicide & Crisis Lifeline (US) (call or text 988');
    expect(en).toContain('findahelpline.com');
    expect(en).not.toContain('emergency');
    const zh = concernNotice('zh');
    expect(zh.split('\n')).toHaveLength(1);
    expect(zh).toContain('全国统一心理援助热线（拨打 12356）');
    expect(zh).not.toContain('988');
  });

  it('takes a configured list, and never names the persona', () => {
    const school: CrisisResource = {
      id: 'school',
      regions: ['US'],
      name: { en: 'School counsellor', zh: '学校心理老师' },
      contact: { en: 'room 12', zh: '12 室' },
    };
    expect(concernNotice('en', [school])).toContain('School counsellor (room 12).');
    expect(concernNotice('en')).not.toMatch(/\{\{|companion|pet/i);
  });
});

describe('crisisNotice', () => {
  it('lists the well-known lines for English speakers', () => {
    const text = crisisNotice('en');
    expect(text).toMatch(/^\[Safety notice, outside the story\]/);
    expect(text).toContain('call or text 988');
    expect(text).toContain('116 123');
    expect(text).toContain('findahelpline.com');
    expect(text).toContain('emergency number');
    expect(text).toContain('is an AI');
  });

  it('lists the mainland lines in Chinese', () => {
    const text = crisisNotice('zh');
    expect(text).toContain('12356');
    expect(text).toContain('010-82951332');
    expect(text).toContain('北京心理危机研究与干预中心');
    expect(text).toContain('findahelpline.com');
    expect(text).toContain('AI');
    expect(text).not.toContain('988');
  });

  it('shows exactly the resources it is given', () => {
    const uk = selectCrisisResources({ locale: 'en', region: 'GB' });
    const text = crisisNotice('en', uk);
    expect(text).toContain('Samaritans');
    expect(text).not.toContain('988');
  });

  it('has a name and a contact in both languages for every default resource', () => {
    for (const r of DEFAULT_CRISIS_RESOURCES) {
      for (const locale of ['en', 'zh'] as const) {
        expect(r.name[locale].length).toBeGreaterThan(0);
        expect(r.contact[locale].length).toBeGreaterThan(0);
      }
    }
  });
});

describe('crisisSteering', () => {
  it('tells the model to validate, refer, never give methods and not claim to be a therapist', () => {
    const en = crisisSteering('en');
    expect(en).toMatch(/feelings/);
    expect(en).toMatch(/someone they trust/);
    expect(en).toMatch(/Never describe, suggest or compare methods/);
    expect(en).toMatch(/Never discourage professional help/);
    expect(en).toMatch(/therapist/);
    const zh = crisisSteering('zh');
    expect(zh).toMatch(/方法/);
    expect(zh).toMatch(/心理咨询师/);
  });

  it('has a lighter block for a concern', () => {
    expect(crisisSteering('en', 'concern')).not.toBe(crisisSteering('en', 'crisis'));
    expect(crisisSteering('zh', 'concern')).toMatch(/故事/);
  });
});
