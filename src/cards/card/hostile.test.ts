import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/index.ts';
import { checkJsonTree, findHostileMarkup } from './hostile.ts';

describe('findHostileMarkup', () => {
  it.each([
    ['<script>alert(1)</script>', 'script'],
    ['<SCRIPT src=//evil.example/x.js>', 'script'],
    ['text </script> text', 'script'],
    ['<iframe src="https://evil.example">', 'iframe'],
    ['<object data=x>', 'object'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', 'meta'],
    ['<img src=x onerror="alert(1)">', 'onerror'],
    ['<svg/onload=alert(1)>', 'onload'],
    ['<div\nonmouseover = "x()">hover</div>', 'onmouseover'],
    ['<img alt="<" onerror=alert(1)>', 'onerror'],
    ['<a href="javascript:alert(1)">x</a>', 'script URL'],
    ['<a href="jav&#x61;script:alert(1)">x</a>', 'script URL'],
    ['<a href="java\tscript:alert(1)">x</a>', 'script URL'],
    ['<a href="javascript&colon;alert(1)">x</a>', 'script URL'],
    ['[click me](javascript:alert(1))', 'script URL'],
    ['<iframe srcdoc="<p>x</p>">', 'iframe'],
    ['<a srcdoc="x">', 'srcdoc'],
    ['<embed src="data:text/html,<b>">', 'embed'],
    ['javascript:alert(document.cookie)', 'script URL'],
    ['  JavaScript:void(0)', 'script URL'],
    ['vbscript:msgbox(1)', 'script URL'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'script URL'],
    ['data:image/svg+xml;base64,PHN2Zz4=', 'script URL'],
    ['<a href="data:application/javascript,alert(1)">x</a>', 'script URL'],
    ['see <javascript:alert(1)>', 'script URL'],
    ['[home]: javascript:alert(1)', 'script URL'],
    ['![pic](data:image/svg+xml,<svg>)', 'script URL'],
  ])('flags %s', (text, reason) => {
    expect(findHostileMarkup(text)).toContain(reason);
  });

  it.each([
    'A plain description with no markup at all.',
    '<b>bold</b>, <i>italic</i> and <br> line breaks',
    '<img src="https://example.com/banner.png" alt="banner" width="400">',
    '<style>.note { color: #8a6d3b; }</style>',
    'She said "the online store is open" and left.',
    'x = y + 1; f(a) = b (maths)',
    'I love javascript: it is fun',
    '<p class="on">not a handler</p>',
    'a < b and c > d, onions = tasty',
    'JavaScript: the language of the web',
    'https://example.com/avatar.png',
    'data:image/png;base64,iVBORw0KGgo=',
    '![pic](data:image/jpeg;base64,/9j/4AAQ)',
    'embeded://assets/icon.png',
    'ccdefault:',
    'mailto:me@example.com',
    'notes (data: from the 2024 survey)',
  ])('accepts %s', (text) => {
    expect(findHostileMarkup(text)).toBeNull();
  });

  it('stays linear on adversarial input', () => {
    const started = performance.now();
    expect(findHostileMarkup('<a'.repeat(500_000))).toBeNull();
    expect(findHostileMarkup(`<a ${'on'.repeat(200_000)}`)).toBeNull();
    expect(findHostileMarkup(`=${' '.repeat(500_000)}x`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('checkJsonTree', () => {
  const check = (value: unknown) => () => checkJsonTree(value, 'character card');

  it('names the path of hostile text, in values and deep extensions alike', () => {
    expect(check({ data: { extensions: { x: [{ html: '<svg onload=x()>' }] } } })).toThrow(
      'data.extensions.x.0.html contains an HTML event handler',
    );
  });

  it('refuses a field that is a script URL, such as a V3 asset uri', () => {
    expect(check({ data: { assets: [{ type: 'icon', uri: 'javascript:alert(1)', name: 'main' }] } })).toThrow(
      'data.assets.0.uri contains a script URL',
    );
    expect(check({ data: { assets: [{ type: 'icon', uri: 'https://example.com/a.png' }] } })).not.toThrow();
  });

  it('refuses NUL characters and lone surrogates (the store cannot hold them), in keys too', () => {
    expect(check({ name: 'a\u0000b' })).toThrow('NUL');
    expect(check({ ['k\u0000']: 'v' })).toThrow('NUL');
    expect(check({ name: 'broken \ud83d pair' })).toThrow('lone surrogate');
    expect(check({ name: 'fine 🐹 pair' })).not.toThrow();
  });

  it('bounds nesting depth and size', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(check(deep)).toThrow(ValidationError);
    expect(check(deep)).toThrow('nested deeper');
    expect(check({ list: new Array(250_000).fill(1) })).toThrow('JSON values');
  });
});
