import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CardText, parseCardText } from './card-text.tsx';

const ALLOWED = ['<em class="card-action">', '</em>', '<strong>', '</strong>', '<br/>'];
const html = (text: string, names?: { user: string; char: string }) =>
  renderToStaticMarkup(createElement(CardText, { text, ...(names ? { names } : {}) }));

describe('parseCardText', () => {
  it('reads *actions* as italics and **bold** as bold, the rest as plain text', () => {
    expect(parseCardText('*waves* Hi **there**!')).toEqual([
      [
        { text: 'waves', bold: false, italic: true },
        { text: ' Hi ', bold: false, italic: false },
        { text: 'there', bold: true, italic: false },
        { text: '!', bold: false, italic: false },
      ],
    ]);
    expect(parseCardText('***both*** and **bold *inner* bold**')).toEqual([
      [
        { text: 'both', bold: true, italic: true },
        { text: ' and ', bold: false, italic: false },
        { text: 'bold ', bold: true, italic: false },
        { text: 'inner', bold: true, italic: true },
        { text: ' bold', bold: true, italic: false },
      ],
    ]);
  });

  it('keeps unclosed markers and splits lines (also \\r\\n)', () => {
    expect(parseCardText('2 * 3 = 6\r\n*sighs')).toEqual([
      [{ text: '2 * 3 = 6', bold: false, italic: false }],
      [{ text: '*sighs', bold: false, italic: false }],
    ]);
    expect(parseCardText('a\n\nb').map((line) => line.length)).toEqual([1, 0, 1]);
  });

  it('resolves {{char}}, {{user}}, <BOT> and <USER>, even with odd case and spaces', () => {
    const names = { user: 'Ada', char: 'Wren' };
    const runs = parseCardText('{{ User }} meets {{char}}; <BOT> greets <USER>.', names);
    expect(runs[0]?.map((r) => r.text).join('')).toBe('Ada meets Wren; Wren greets Ada.');
    // A name with `$&` is inserted as written, not as a replacement pattern.
    expect(parseCardText('{{user}}', { user: 'a$&b', char: 'c' })[0]?.[0]?.text).toBe('a$&b');
  });
});

describe('CardText', () => {
  it('renders italics, bold and line breaks as elements', () => {
    expect(html('*smiles*\n**Hello**, {{user}}', { user: 'Ada', char: 'Wren' })).toBe(
      '<em class="card-action">smiles</em><br/><strong>Hello</strong>, Ada',
    );
  });

  it('never turns card text into HTML: tags, handlers and javascript: links stay text', () => {
    const hostile = [
      '<img src=x onerror="alert(1)">',
      '<script>alert(1)</script>',
      '[click me](javascript:alert(1))',
      'javascript:alert(document.cookie)',
      '<a href="javascript:alert(1)">*link*</a>',
      '**<b onmouseover=alert(1)>x</b>**',
      '{{user}}',
    ];
    for (const text of hostile) {
      const out = html(text, { user: '<img src=x onerror=alert(2)>', char: '<script>' });
      // The only elements are the formatting ones, without attributes of the text's making.
      const tags = out.match(/<[^>]*>/g) ?? [];
      for (const tag of tags) expect(ALLOWED, `${text} -> ${tag}`).toContain(tag);
      expect(out, text).not.toContain('<a');
    }
    expect(html('<b>x</b>')).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(html('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
  });
});
