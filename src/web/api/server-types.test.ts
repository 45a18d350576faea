import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every `import ... from '...'` / `export ... from '...'` statement of a file whose target leaves src/web. */
function importsOutsideWeb(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = text.match(/^(?:import|export)\b[^;]*?\bfrom\s+['"][^'"]+['"]/gms) ?? [];
  return statements.filter((statement) => {
    const target = /['"]([^'"]+)['"]$/.exec(statement)?.[1] ?? '';
    return target.startsWith('.') && relative(WEB, resolve(dirname(file), target)).startsWith('..');
  });
}

// The web app takes the API's shapes from the server (src/server/api-types.ts through the server's index),
// as types only: a value import would pull server code and zod into the browser bundle.
describe('web app and server types', () => {
  it('imports the server only with `import type`, and only through its index.ts', () => {
    const found = sources(WEB).flatMap((file) =>
      importsOutsideWeb(file).map((statement) => ({ file: relative(WEB, file), statement })),
    );
    expect(found.length).toBeGreaterThan(0);
    for (const { file, statement } of found) {
      expect(statement, file).toMatch(/^(?:import|export) type\b/);
      expect(statement, file).toMatch(/['"]\.\.\/(?:\.\.\/)*server\/index\.ts['"]$/);
    }
  });
});
