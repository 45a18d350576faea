import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkImportGraph,
  collectImportEdges,
  type ImportEdge,
  importSpecifiers,
  isTestCode,
  type ViolationKind,
} from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const edge = (from: string, to: string): ImportEdge => ({ from, to, line: 1 });
const kinds = (edges: ImportEdge[]): ViolationKind[] => checkImportGraph(edges).map((v) => v.kind);

describe('the import graph of src/ (README, "Architecture")', () => {
  const edges = collectImportEdges(ROOT);

  it('is read from the sources (the check below would prove nothing otherwise)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'src/dialogue/chat.ts', to: 'src/core/index.ts' }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'src/app/runtime.ts', to: 'src/store/index.ts' }),
    );
  });

  it('has no upward, cross-module-internal or test-code import and no module cycle', () => {
    expect(checkImportGraph(edges).map((v) => v.message)).toEqual([]);
  });
});

describe('checkImportGraph', () => {
  it('passes imports down the layers through index.ts, and inside a module', () => {
    expect(
      kinds([
        edge('src/world/day-for.ts', 'src/memory/index.ts'),
        edge('src/world/day-for.ts', 'src/core/index.ts'),
        edge('src/world/day-for.ts', './friends.ts'.replace('./', 'src/world/')),
        edge('src/jobs/run-night.ts', 'src/nightly/index.ts'),
        edge('src/jobs/run-night.ts', 'src/llm/index.ts'),
        edge('src/cli/commands/world.ts', 'src/app/index.ts'),
        edge('src/web/main.tsx', 'src/web/app.tsx'),
        edge('bench/cost/index.ts', 'src/app/services.ts'),
      ]),
    ).toEqual([]);
  });

  it('reports an upward import of production code', () => {
    const found = checkImportGraph([edge('src/world/stages.ts', 'src/llm/index.ts')]);
    expect(found).toEqual([expect.objectContaining({ kind: 'upward' })]);
    expect(found[0]?.message).toContain('world (domain) imports llm (adapters)');
    expect(kinds([edge('src/nightly/plan.ts', 'src/app/index.ts')])).toEqual(['upward']);
    expect(kinds([edge('src/core/prompt.ts', 'src/world/index.ts')])).toEqual(['upward']);
  });

  it('reports a cross-module import that bypasses the index', () => {
    expect(kinds([edge('src/world/day-for.ts', 'src/memory/retrieve.ts')])).toEqual(['internal']);
    expect(kinds([edge('src/server/app.ts', 'src/app/runtime.ts')])).toEqual(['internal']);
  });

  it('reports both at once for an upward internal import', () => {
    expect(kinds([edge('src/nightly/queue.ts', 'src/app/config.ts')]).sort()).toEqual(['internal', 'upward']);
  });

  it('reports a cycle between modules, even through their indexes', () => {
    const found = checkImportGraph([
      edge('src/world/day-for.ts', 'src/memory/index.ts'),
      edge('src/memory/extract.ts', 'src/dialogue/index.ts'),
      edge('src/dialogue/chat.ts', 'src/world/index.ts'),
    ]);
    expect(found.map((v) => v.kind)).toEqual(['cycle']);
    expect(found[0]?.message).toMatch(/^module cycle: dialogue .*-> world .*-> memory .*-> dialogue$/);
  });

  it('lets test code import adapters and test entries, but not the apps', () => {
    expect(
      kinds([
        edge('src/world/world.int.test.ts', 'src/store/index.ts'),
        edge('src/world/world.int.test.ts', 'src/test/index.ts'),
        edge('src/world/world.int.test.ts', 'src/sim/index.ts'),
        edge('src/server/testing.ts', 'src/test/index.ts'),
        edge('src/server/app.int.test.ts', 'src/cards/testing.ts'),
        edge('src/jobs/pacing/postgres-limiter.int.test.ts', 'src/store/testing.ts'),
        edge('src/test/fixtures.ts', 'src/store/index.ts'),
        // Test code takes no part in the cycle check.
        edge('src/memory/retrieve.test.ts', 'src/world/index.ts'),
        edge('src/world/day-for.ts', 'src/memory/index.ts'),
      ]),
    ).toEqual([]);
    expect(kinds([edge('src/world/world.int.test.ts', 'src/app/index.ts')])).toEqual(['upward']);
    expect(kinds([edge('src/test/fixtures.ts', 'src/server/index.ts')])).toEqual(['upward']);
    expect(kinds([edge('src/cards/lore/lore.int.test.ts', 'src/dialogue/testing/fixture.ts')])).toEqual([
      'internal',
    ]);
  });

  it('reports production code that imports test code', () => {
    expect(kinds([edge('src/server/app.ts', 'src/server/testing.ts')])).toEqual(['test-code']);
    expect(kinds([edge('src/nightly/plan.ts', 'src/test/index.ts')])).toEqual(['test-code', 'upward']);
    expect(kinds([edge('src/memory/extract.ts', 'src/memory/test-fakes.ts')])).toEqual(['test-code']);
  });

  it('reports a module that has no layer', () => {
    expect(kinds([edge('src/gadgets/x.ts', 'src/core/index.ts')])).toEqual(['unknown-module']);
  });
});

describe('isTestCode', () => {
  it('knows tests, test helpers, fakes and the test kit', () => {
    for (const file of [
      'src/world/day-for.test.ts',
      'src/world/world.int.test.ts',
      'src/server/testing.ts',
      'src/world/testing/stages.ts',
      'src/memory/test-fakes.ts',
      'src/test/memory-store/index.ts',
    ]) {
      expect(isTestCode(file), file).toBe(true);
    }
    for (const file of [
      'src/world/day-for.ts',
      'src/store/postgres-test-database.ts',
      'src/testing.ts.bak',
    ]) {
      expect(isTestCode(file), file).toBe(false);
    }
  });
});

describe('importSpecifiers', () => {
  it('finds static, type-only, re-export and dynamic imports, not strings that look like them', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/index.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      "const e = await import('./e.ts');",
      "type F = typeof import('./f.ts').f;",
      "import './g.ts';",
      "// import { h } from './h.ts';",
      'const s = "from \'./i.ts\'";',
    ].join('\n');
    expect(importSpecifiers('x.ts', text)).toEqual([
      { specifier: './a.ts', line: 1 },
      { specifier: '../b/index.ts', line: 2 },
      { specifier: './c.ts', line: 3 },
      { specifier: './d.ts', line: 4 },
      { specifier: './e.ts', line: 5 },
      { specifier: './f.ts', line: 6 },
      { specifier: './g.ts', line: 7 },
    ]);
  });
});
