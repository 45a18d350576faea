import { describe, expect, it } from 'vitest';
import { LOCALES } from '../core/index.ts';
import { renderWorldPrompt, WORLD_PROMPT_VERSIONS, type WorldPromptName, worldPrompt } from './templates.ts';

const NAMES: WorldPromptName[] = ['world', 'context', 'outline', 'schedule', 'detail', 'direct', 'friends'];
const VARS = {
  date: '2025-03-14',
  weekday: 'Friday',
  petName: 'Mochi',
  userName: 'Lena',
  pet: 'P',
  user: 'U',
  friends: 'F',
  memories: 'M',
  outline: 'T1',
  schedule: 'T2',
  item: '10:00 Walk',
  count: 8,
  minItems: 6,
  maxItems: 10,
  start: '07:00',
  end: '22:30',
  taken: 'Pip',
  recentDays: 'D',
  reflections: 'R',
  open: 'O',
};

describe('world prompt files', () => {
  it.each(
    NAMES.flatMap((name) => LOCALES.map((locale) => [name, locale] as const)),
  )('%s (%s) renders with every section on and off, leaving no placeholder', (name, locale) => {
    const template = worldPrompt(name, locale);
    expect(template.id).toBe(`${name}@${WORLD_PROMPT_VERSIONS[name]}/${locale}`);
    for (const on of [true, false]) {
      const flags = {
        friends: on,
        memories: on,
        outline: on,
        taken: on,
        recentDays: on,
        reflections: on,
        open: on,
      };
      const text = renderWorldPrompt(template, VARS, flags);
      expect(text).not.toMatch(/\{\{|\}\}/);
      expect(text).not.toMatch(/\n{3,}/);
    }
  });

  it('keeps a `{{#x}}` section only when x is on and `{{^x}}` only when it is off', () => {
    const template = { ...worldPrompt('world', 'en'), text: 'a{{#m}} M{{/m}}{{^m}} none{{/m}} {{v}}' };
    expect(renderWorldPrompt(template, { v: 1 }, { m: true })).toBe('a M 1');
    expect(renderWorldPrompt(template, { v: 1 }, { m: false })).toBe('a none 1');
    expect(() => renderWorldPrompt(template, { v: 1 })).toThrow('needs section flag "m"');
  });

  it('the detail prompt ends with the item, so all detail calls of a day share everything before it', () => {
    for (const locale of LOCALES) {
      const text = renderWorldPrompt(worldPrompt('detail', locale), VARS, { outline: true, memories: true });
      expect(text.endsWith('\n10:00 Walk')).toBe(true);
    }
  });
});
