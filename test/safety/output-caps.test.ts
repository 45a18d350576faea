import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS, generateStructured } from '../../src/core/index.ts';
import { scriptedModel } from '../../src/test/index.ts';

/**
 * OWASP LLM10 (unbounded consumption): every text-generating model call in src/ has an output cap. Raw AI SDK
 * calls must state `maxOutputTokens`; `generateStructured` applies a default cap when its caller names none
 * (checked below by behaviour). A static audit, so a new call site without a cap fails here instead of in a
 * bill. The simulator (the model being called, not a caller) and test doubles are out of scope.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const CALL =
  /\b(generateText|streamText|generateObject|streamObject|generateStructured)\s*(?:<[^>(]*>)?\(\s*\{/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['sim', 'testing', 'test', 'web'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The text of the object literal opening at `start` (`{`), braces balanced. */
function objectAt(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

function modelCalls() {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(CALL)].map((match) => {
      const open = (match.index ?? 0) + match[0].length - 1;
      const line = text.slice(0, match.index).split('\n').length;
      return { where: `${relative(SRC, file)}:${line}`, fn: match[1], args: objectAt(text, open) };
    });
  });
}

describe('model output caps', () => {
  it('finds the model calls (the audit would prove nothing otherwise)', () => {
    const where = modelCalls().map((c) => c.where.split(':')[0]);
    for (const file of [
      'dialogue/chat.ts',
      'memory/extract.ts',
      'safety/classify-crisis.ts',
      'core/structured/generate-structured.ts',
    ]) {
      expect(where).toContain(file);
    }
  });

  it('every raw generateText/streamText/generateObject call in src/ sets maxOutputTokens', () => {
    const uncapped = modelCalls()
      .filter((call) => call.fn !== 'generateStructured' && !/\bmaxOutputTokens\b/.test(call.args))
      .map((call) => `${call.where} ${call.fn}`);
    expect(uncapped).toEqual([]);
  });

  it('generateStructured caps a call that names no cap, and passes an explicit one through', async () => {
    const model = scriptedModel({ generate: ['{"ok":true}'], usage: { input: 1, output: 1 } });
    const call = {
      model,
      schema: z.object({ ok: z.boolean() }),
      tags: { purpose: 'other' as const },
      prompt: 'x',
    };
    await generateStructured(call);
    await generateStructured({ ...call, maxOutputTokens: 64 });
    expect(model.doGenerateCalls.map((c) => c.maxOutputTokens)).toEqual([
      DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS,
      64,
    ]);
    expect(DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS).toBeLessThanOrEqual(8192);
  });

  it('the structured calls of the chat path and the memory extractor state their own caps', () => {
    const explicit = modelCalls().filter((call) => /\bmaxOutputTokens\b/.test(call.args));
    const files = explicit.map((call) => call.where.split(':')[0]);
    for (const file of [
      'memory/extract.ts',
      'safety/classify-crisis.ts',
      'world/stages.ts',
      'world/friends.ts',
    ]) {
      expect(files).toContain(file);
    }
  });
});
