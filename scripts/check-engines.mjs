#!/usr/bin/env node
// Checks that every installed package runs on every Node version ipet supports (package.json `engines.node`)
// and on the Node running this script. Part of `npm test`; `node scripts/check-engines.mjs [--root DIR]`.
// Plain JavaScript so it runs right after `npm ci`, before anything is compiled.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

/**
 * Every package under `<root>/node_modules` (scoped and nested ones too) that declares `engines.node`.
 * @param {string} root
 * @returns {Array<{ name: string, version: string, path: string, range: string }>}
 */
export function installedEngines(root) {
  const found = [];
  const seen = new Set();
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(path);
        continue;
      }
      const manifest = join(path, 'package.json');
      if (!existsSync(manifest)) continue;
      const real = realpathSync(path);
      if (seen.has(real)) continue;
      seen.add(real);
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const range = pkg.engines?.node;
      if (typeof range === 'string') {
        found.push({
          name: pkg.name ?? entry.name,
          version: pkg.version ?? '?',
          path: relative(root, path),
          range,
        });
      }
      visit(join(path, 'node_modules'));
    }
  };
  visit(join(root, 'node_modules'));
  return found;
}

/**
 * The major lines a range supports, each from its lowest version to the next major: `^22.20.0 || >=24.12.0`
 * -> `>=22.20.0 <23.0.0-0` and `>=24.12.0 <25.0.0-0`. An open-ended range is checked up to the next major
 * only: a later Node line is supported (and checked) once engines names it.
 * @param {string} range
 * @returns {string[]}
 */
export function supportedLines(range) {
  return new semver.Range(range).set.map((comparators) => {
    const lowest = semver.minVersion(comparators.map((c) => c.value).join(' '));
    if (lowest === null) throw new Error(`engines.node ${range} has an empty part`);
    return `>=${lowest.version} <${lowest.major + 1}.0.0-0`;
  });
}

/**
 * What is wrong, one line per package: a package whose range leaves out part of a supported Node line or the
 * running Node, or that cannot be read. `running` is checked only when it is itself a supported version (on
 * an unsupported Node only the supported lines are checked, and `warnings` says so).
 * @param {{ root: string, running?: string }} options
 * @returns {{ supported: string, lines: string[], checked: number, problems: string[], warnings: string[] }}
 */
export function checkEngines({ root, running = process.version }) {
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const supported = own.engines?.node;
  if (typeof supported !== 'string' || semver.validRange(supported) === null) {
    return {
      supported: String(supported),
      lines: [],
      checked: 0,
      problems: ['package.json has no valid engines.node'],
      warnings: [],
    };
  }
  const lines = supportedLines(supported);
  const problems = [];
  const warnings = [];
  const checkRunning = semver.satisfies(running, supported);
  if (!checkRunning) {
    warnings.push(
      `Node ${running} is not a supported runtime (engines.node ${supported}); checked the supported lines only`,
    );
  }
  const packages = installedEngines(root);
  for (const p of packages) {
    const what = `${p.name}@${p.version} (${p.path}) wants Node ${p.range}`;
    if (semver.validRange(p.range) === null) {
      problems.push(`${what}: not a valid range`);
      continue;
    }
    const unmet = [];
    for (const line of lines) {
      if (semver.subset(line, p.range)) continue;
      const lowest = semver.minVersion(line)?.version;
      const example = lowest && !semver.satisfies(lowest, p.range) ? ` (e.g. ${lowest})` : '';
      unmet.push(`not all of ${line}${example}`);
    }
    if (checkRunning && !semver.satisfies(running, p.range)) unmet.push(`not the running ${running}`);
    if (unmet.length > 0) problems.push(`${what}: ${unmet.join('; ')}`);
  }
  return { supported, lines, checked: packages.length, problems, warnings };
}

function main(argv) {
  const at = argv.indexOf('--root');
  const root = resolve(at === -1 ? fileURLToPath(new URL('..', import.meta.url)) : argv[at + 1]);
  const { lines, checked, problems, warnings } = checkEngines({ root });
  for (const warning of warnings) process.stderr.write(`check-engines: warning: ${warning}\n`);
  if (problems.length > 0) {
    process.stderr.write(
      `check-engines: ${problems.length} package(s) do not support every Node ipet supports:\n` +
        problems.map((p) => `  ${p}\n`).join(''),
    );
    return 1;
  }
  const also = warnings.length === 0 ? ` and the running ${process.version}` : '';
  process.stdout.write(`check-engines: ${checked} packages accept Node ${lines.join(' and ')}${also}\n`);
  return 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
