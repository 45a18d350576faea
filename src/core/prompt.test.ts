import { describe, expect, it } from 'vitest';
import { type PromptTemplate, renderPrompt } from './prompt.ts';

const template = (text: string): PromptTemplate => ({
  name: 't',
  version: 'v1',
  locale: 'en',
  text,
  id: 't@v1/en',
});

describe('renderPrompt', () => {
  it('fills placeholders and names the template when a variable is missing', () => {
    expect(renderPrompt('Hi {{ name }}, {{n}} left', { name: 'Ann', n: 3 })).toBe('Hi Ann, 3 left');
    expect(() => renderPrompt(template('Hi {{name}}'), {})).toThrow('prompt t@v1/en needs variable "name"');
  });

  it('keeps a section by its flag and folds the blank lines a left-out one leaves', () => {
    const t = template('a\n{{#m}}\nM {{v}}\n{{/m}}{{^m}}\nnone\n{{/m}}\n\n\nb');
    expect(renderPrompt(t, { v: 1 }, { sections: { m: true } })).toBe('a\nM 1\n\nb');
    expect(renderPrompt(t, { v: 1 }, { sections: { m: false } })).toBe('a\nnone\n\nb');
    expect(() => renderPrompt(t, { v: 1 })).toThrow('needs section flag "m"');
  });

  it('drops lines whose placeholders all render empty, on request', () => {
    const t = template('Name: {{name}}\nLikes: {{likes}}\nFixed line\n');
    expect(renderPrompt(t, { name: 'Mochi', likes: ' ' }, { dropEmptyLines: true })).toBe(
      'Name: Mochi\nFixed line',
    );
    expect(() => renderPrompt(t, { name: 'Mochi' }, { dropEmptyLines: true })).toThrow('"likes"');
  });
});
