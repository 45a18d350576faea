import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/check-engines.mjs');
const SUPPORTED = '^22.20.0 || >=24.12.0';

function checkEngines(root?: string) {
  const result = spawnSync(process.execPath, [SCRIPT, ...(root ? ['--root', root] : [])], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project whose node_modules holds `packages` (path under node_modules -> engines.node, or none). */
function project(packages: Record<string, string | undefined>): string {
  const root = mkdtempSync(join(tmpdir(), 'ipet-engines-'));
  dirs.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', engines: { node: SUPPORTED } }));
  for (const [path, node] of Object.entries(packages)) {
    const manifest = join(root, 'node_modules', path, 'package.json');
    mkdirSync(dirname(manifest), { recursive: true });
    const name = path.split('/node_modules/').pop();
    writeFileSync(
      manifest,
      JSON.stringify({ name, version: '1.0.0', ...(node ? { engines: { node } } : {}) }),
    );
  }
  return root;
}

describe('supported Node versions', () => {
  it('package.json declares Node 22 (from 22.20) and 24 (from 24.12)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).toBe(SUPPORTED);
    expect(pkg.devDependencies['@types/node']).toMatch(/^22\.\d+\.\d+$/);
  });

  it('every installed package accepts every supported Node version', () => {
    const { code, stdout, stderr } = checkEngines();
    expect(stderr.replace(/^check-engines: warning: .*\n/gm, ''), stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /check-engines: \d+ packages accept Node >=22\.20\.0 <23\.0\.0-0 and >=24\.12\.0 <25/,
    );
  });

  it('names each package, scoped or nested, whose range leaves out a supported version', () => {
    const root = project({
      fine: '>=18',
      'no-engines': undefined,
      '@scope/old-only': '>=20 <23',
      'patch-gap': '^22.20 || ^24.12 || >=25',
      'no-node-24-early': '^22.20.0 || >=24.13',
      'fine/node_modules/nested-new-only': '>=24',
      '@scope/fine-too': '^20.19.0 || >=22.12.0',
    });
    const { code, stderr } = checkEngines(root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/3 package\(s\) do not support/);
    expect(stderr).toMatch(
      /no-node-24-early@1\.0\.0 .*: not all of >=24\.12\.0 <25\.0\.0-0 \(e\.g\. 24\.12\.0\)/,
    );
    expect(stderr).toMatch(/@scope\/old-only@1\.0\.0 \(node_modules\/@scope\/old-only\) wants Node >=20 <23/);
    expect(stderr).toMatch(/nested-new-only@1\.0\.0 .* wants Node >=24: .*\(e\.g\. 22\.20\.0\)/);
    expect(stderr).not.toMatch(/^ {2}fine@|fine-too@|no-engines@|patch-gap@/m);
  });

  it('passes a tree where every range covers the supported ones', () => {
    const root = project({ a: '>=18', '@s/b': '^20.19.0 || >=22.12.0', 'a/node_modules/c': '>=22' });
    const { code, stdout } = checkEngines(root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/3 packages accept Node >=22\.20\.0 <23\.0\.0-0 and >=24\.12\.0 <25\.0\.0-0/);
  });
});
