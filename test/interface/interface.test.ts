import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';
import { openServerFixture, type ServerFixture } from '../../src/server/testing.ts';
import { ROOT } from '../web/web-build.ts';

/**
 * Walks the scriptable interface (INTERFACE.md, the contract users' scripts depend on) and checks that every
 * command and flag, environment variable and HTTP route it lists exists under that name. The contract is
 * read from the shared folder beside the clone when there is one (it is updated there between rounds), else
 * from the copy committed next to this test.
 *
 * Parts that belong to issues not built yet are listed in PENDING with their issue; the test also fails when
 * one of them appears, so the list is kept honest.
 */

const CONTRACT = [join(ROOT, '../shared/INTERFACE.md'), join(ROOT, 'test/interface/INTERFACE.md')].find((p) =>
  existsSync(p),
) as string;
const text = readFileSync(CONTRACT, 'utf8');

/** Not built yet: `command` (space-separated path) or `command --flag`, and routes `METHOD /path`. */
const PENDING: Record<string, string> = {};

interface CommandSpec {
  path: string[];
  flags: string[];
  raw: string;
}

/** `ipet user create --name NAME [--timezone TZ]` -> path [user, create], flags [--name, --timezone]. */
function parseCommand(raw: string): CommandSpec {
  const tokens = raw
    .replace(/[[\]()|]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const path: string[] = [];
  for (const token of tokens.slice(1)) {
    if (!/^[a-z][a-z-]*$/.test(token)) break;
    path.push(token);
  }
  const flags = [...new Set(tokens.filter((t) => /^--[a-z][a-z-]*$/.test(t)))];
  return { path, flags, raw };
}

function commandSpecs(): CommandSpec[] {
  const section = text.slice(text.indexOf('## Commands'), text.indexOf('## HTTP'));
  const specs: CommandSpec[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `ipet')) continue;
    const cell = line.split(' | ')[0] ?? '';
    for (const m of cell.matchAll(/`(ipet [^`]+)`/g)) specs.push(parseCommand(m[1] as string));
  }
  return specs;
}

function find(program: Command, path: string[]): Command | null {
  let current: Command = program;
  for (const name of path) {
    const next = current.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) return null;
    current = next;
  }
  return current;
}

const pendingFor = (key: string) => Object.keys(PENDING).find((p) => key === p || key.startsWith(`${p} `));

describe(`the scriptable interface (${CONTRACT.replace(ROOT, '.')})`, () => {
  it('lists commands, variables and routes (the parser reads the contract)', () => {
    expect(commandSpecs().length).toBeGreaterThan(20);
    expect(parseCommand('ipet user token --user ID [--revoke TOKEN]')).toEqual({
      path: ['user', 'token'],
      flags: ['--user', '--revoke'],
      raw: 'ipet user token --user ID [--revoke TOKEN]',
    });
  });

  it('has every command and flag it lists', () => {
    const program = buildProgram({});
    const missing: string[] = [];
    const builtButPending: string[] = [];
    for (const spec of commandSpecs()) {
      const key = spec.path.join(' ');
      const cmd = find(program, spec.path);
      if (!cmd) {
        if (!pendingFor(key)) missing.push(spec.raw);
        continue;
      }
      if (pendingFor(key) === key && !spec.flags.length) builtButPending.push(key);
      const known = new Set([...cmd.options, ...program.options].map((o) => o.long));
      for (const flag of spec.flags) {
        const flagKey = `${key} ${flag}`;
        if (known.has(flag)) {
          if (PENDING[flagKey]) builtButPending.push(flagKey);
        } else if (!PENDING[flagKey]) {
          missing.push(`${key} ${flag}`);
        }
      }
    }
    expect(missing, 'commands or flags of INTERFACE.md that ipet lacks').toEqual([]);
    expect(builtButPending, 'built now: remove from PENDING').toEqual([]);
  });

  it('reads every environment variable it lists', () => {
    const section = text.slice(text.indexOf('## Environment'), text.indexOf('## Commands'));
    const names = [
      ...new Set([...section.matchAll(/`((?:IPET|OPENAI)_[A-Z_]+)`/g)].map((m) => m[1] as string)),
    ];
    expect(names).toContain('IPET_DATA_DIR');
    const config = readFileSync(join(ROOT, 'src/app/config.ts'), 'utf8');
    const unread = names.filter((name) => !config.includes(`'${name}'`));
    expect(unread, 'variables that src/app/config.ts never reads').toEqual([]);
  });

  describe('HTTP routes', () => {
    let f: ServerFixture;
    beforeAll(async () => {
      f = await openServerFixture({ openSignup: true });
    });
    afterAll(async () => {
      await f?.close();
    });

    it('serves every route it lists (in the OpenAPI document)', async () => {
      const res = await f.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
      const served = new Set(
        Object.entries(doc.paths).flatMap(([path, ops]) =>
          Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':param')}`),
        ),
      );
      const section = text.slice(text.indexOf('## HTTP'));
      const routes = [...section.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      expect(routes.length).toBeGreaterThan(6);
      const missing = routes.filter(
        (route) => !served.has(route.replace(/:[a-zA-Z]+/g, ':param')) && !PENDING[route],
      );
      expect(missing, 'routes of INTERFACE.md the server does not serve').toEqual([]);
      const builtButPending = routes.filter(
        (r) => PENDING[r] && served.has(r.replace(/:[a-zA-Z]+/g, ':param')),
      );
      expect(builtButPending, 'built now: remove from PENDING').toEqual([]);
    });
  });
});
