import { isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { linkify } from './chat-line.tsx';

const hrefs = (text: string) =>
  linkify(text)
    .filter(isValidElement)
    .map((el) => (el.props as { href: string }).href);

describe('linkify', () => {
  it('links bare helpline domains and URLs, without trailing punctuation', () => {
    expect(hrefs('chat at 988lifeline.org (free), or see https://findahelpline.com/countries.')).toEqual([
      'https://988lifeline.org',
      'https://findahelpline.com/countries',
    ]);
  });

  it('keeps the text around the links and leaves numbers alone', () => {
    const parts = linkify('call 116 123 or visit findahelpline.com now');
    expect(parts[0]).toBe('call 116 123 or visit ');
    expect(parts[2]).toBe(' now');
    expect(hrefs('拨打 010-82951332')).toEqual([]);
  });
});
