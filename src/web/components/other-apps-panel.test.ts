import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlSnippet, openAiSnippet } from './other-apps-panel.tsx';

// A message with everything that needs quoting in JavaScript and in the shell.
const values = {
  baseURL: 'http://127.0.0.1:8787/v1',
  apiKey: 'tok_abc-123',
  model: 'pet_1',
  message: `It's "Mochi" \\ o'clock\nnext line: $HOME \`date\``,
};

describe('other apps snippets', () => {
  it('fills the values into the openai script as string literals that read back exactly', () => {
    const code = openAiSnippet(values);
    expect(code).toMatch(/^import OpenAI from 'openai';/);
    const literal = (key: string) => code.match(new RegExp(`${key}: ('(?:[^'\\\\]|\\\\.)*')`))?.[1];
    // Reads back the literal the snippet wrote, as JavaScript does.
    const read = (key: string) => new Function(`return ${literal(key)};`)() as string;
    expect(read('baseURL')).toBe(values.baseURL);
    expect(read('apiKey')).toBe(values.apiKey);
    expect(read('model')).toBe(values.model);
    expect(read('content')).toBe(values.message);
  });

  it('quotes the curl command so the shell passes the JSON body through untouched', () => {
    const command = curlSnippet(values).replace(/^curl /, 'printf "%s\\n" ');
    const args = execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' }).split('\n');
    expect(args[0]).toBe('http://127.0.0.1:8787/v1/chat/completions');
    expect(args.slice(1, 5)).toEqual([
      '-H',
      'Authorization: Bearer tok_abc-123',
      '-H',
      'Content-Type: application/json',
    ]);
    expect(args[5]).toBe('-d');
    const body = JSON.parse(args.slice(6, -1).join('\n'));
    expect(body).toEqual({ model: 'pet_1', messages: [{ role: 'user', content: values.message }] });
  });
});
