/**
 * The import graph of `src/` and the layering rule it must follow (README, "Architecture").
 *
 * Modules are the folders directly under `src/`. Each sits on a layer; production code may import only its
 * own module or a module on the same or a lower layer, and only through that module's `index.ts`
 * (`index.tsx` for web); modules must not import each other in a cycle. Test code (`*.test.ts`, `testing.ts`,
 * anything under a `testing/` folder, `*-fakes.ts`, and the test kit `src/test/`) may import any module below
 * the apps (and its own layer), through `index.ts` or the module's own test entry (`testing.ts`,
 * `testing/index.ts`); production code never imports test code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Layer of each module: 0 core, 1 domain (use cases), 2 adapters, 3 apps. */
export const layers: Readonly<Record<string, number>> = {
  core: 0,
  profiles: 1,
  experiments: 1,
  safety: 1,
  memory: 1,
  dialogue: 1,
  world: 1,
  cards: 1,
  eval: 1,
  nightly: 1,
  proactive: 1,
  dataset: 1,
  llm: 2,
  store: 2,
  jobs: 2,
  sim: 2,
  test: 2,
  app: 3,
  cli: 3,
  server: 3,
  web: 3,
};

const layerNames = ['core', 'domain', 'adapters', 'apps'];
/** Highest layer that test code outside the apps may import. */
const testCodeReach = 2;

/** One import of one file: paths are relative to the repository root, with forward slashes. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

export type ViolationKind = 'upward' | 'internal' | 'test-code' | 'unknown-module' | 'cycle';

export interface Violation {
  readonly kind: ViolationKind;
  readonly message: string;
}

/** `src/<module>/...` -> module name, or undefined for files outside `src/`. */
export function moduleOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/** Test code: co-located tests, test helpers and fakes, and the shared test kit. */
export function isTestCode(file: string): boolean {
  const parts = file.split('/');
  const name = parts[parts.length - 1] ?? '';
  return (
    /\.test\.tsx?$/.test(name) ||
    /^testing\.tsx?$/.test(name) ||
    /-fakes\.tsx?$/.test(name) ||
    parts.slice(0, -1).includes('testing') ||
    (parts[0] === 'src' && parts[1] === 'test')
  );
}

function isIndex(file: string, module: string): boolean {
  return file === `src/${module}/index.ts` || file === `src/${module}/index.tsx`;
}

function isTestEntry(file: string, module: string): boolean {
  return (
    file === `src/${module}/testing.ts` ||
    file === `src/${module}/testing/index.ts` ||
    (module === 'test' && file === 'src/test/index.ts')
  );
}

function where(edge: ImportEdge): string {
  return `${edge.from}:${edge.line} -> ${edge.to}`;
}

/** Every rule broken by these edges (edges that leave `src/` or come from outside it are not checked). */
export function checkImportGraph(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  const moduleEdges = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.to);
    if (from === undefined || to === undefined) continue;
    const fromLayer = layers[from];
    const toLayer = layers[to];
    if (fromLayer === undefined || toLayer === undefined) {
      const unknown = fromLayer === undefined ? from : to;
      violations.push({
        kind: 'unknown-module',
        message: `${where(edge)}: module '${unknown}' has no layer (add it to the layer table and the README)`,
      });
      continue;
    }
    const testCode = isTestCode(edge.from);
    if (!testCode && isTestCode(edge.to)) {
      violations.push({ kind: 'test-code', message: `${where(edge)}: production code imports test code` });
    }
    if (from === to) continue;
    const reach = testCode ? Math.max(fromLayer, testCodeReach) : fromLayer;
    if (toLayer > reach) {
      violations.push({
        kind: 'upward',
        message: `${where(edge)}: ${from} (${layerNames[fromLayer]}) imports ${to} (${layerNames[toLayer]})`,
      });
    }
    if (!isIndex(edge.to, to) && !(testCode && isTestEntry(edge.to, to))) {
      violations.push({
        kind: 'internal',
        message: `${where(edge)}: cross-module import must go through src/${to}/index.ts`,
      });
    }
    if (!testCode) {
      const targets = moduleEdges.get(from) ?? new Map<string, ImportEdge>();
      if (!targets.has(to)) targets.set(to, edge);
      moduleEdges.set(from, targets);
    }
  }
  for (const cycle of moduleCycles(moduleEdges)) {
    const path = cycle.map((edge) => `${moduleOf(edge.from)} (${where(edge)})`).join(' -> ');
    violations.push({ kind: 'cycle', message: `module cycle: ${path} -> ${moduleOf(cycle[0]!.from)}` });
  }
  return violations;
}

/** One cycle per strongly connected group of modules, as the edges that close it. */
function moduleCycles(graph: Map<string, Map<string, ImportEdge>>): ImportEdge[][] {
  const cycles: ImportEdge[][] = [];
  const done = new Set<string>();
  const visit = (module: string, stack: string[], via: ImportEdge[]): void => {
    if (done.has(module)) return;
    const at = stack.indexOf(module);
    if (at >= 0) {
      cycles.push(via.slice(at));
      return;
    }
    stack.push(module);
    for (const [target, edge] of graph.get(module) ?? []) {
      via.push(edge);
      visit(target, stack, via);
      via.pop();
    }
    stack.pop();
    done.add(module);
  };
  for (const module of [...graph.keys()].sort()) visit(module, [], []);
  return cycles;
}

/** Module specifiers of static imports, re-exports, `import()` calls and `import('x').T` types. */
export function importSpecifiers(fileName: string, text: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node | undefined): void => {
    if (node !== undefined && ts.isStringLiteralLike(node)) {
      found.push({
        specifier: node.text,
        line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      });
    }
  };
  const walk = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Package self-references (`ipet/test`) resolved through package.json `exports`. */
function selfReferences(root: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports?: string | Record<string, unknown>;
  };
  const map = new Map<string, string>();
  const target = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object') {
      const conditions = value as Record<string, unknown>;
      for (const key of ['types', 'import', 'default']) {
        const found = target(conditions[key]);
        if (found?.startsWith('./src/')) return found;
      }
    }
    return undefined;
  };
  const exports = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
  for (const [key, value] of Object.entries(exports)) {
    const file = target(value);
    if (file !== undefined) map.set(posix.join(pkg.name, key), posix.normalize(file));
  }
  return map;
}

/** All imports from files under `src/` to files under `src/`, read from disk. */
export function collectImportEdges(root: string): ImportEdge[] {
  const self = selfReferences(root);
  const edges: ImportEdge[] = [];
  const toRepoPath = (path: string): string => relative(root, path).split(sep).join('/');
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const { specifier, line } of importSpecifiers(file, readFileSync(file, 'utf8'))) {
      let to: string | undefined;
      if (specifier.startsWith('.')) to = toRepoPath(resolve(dirname(file), specifier));
      else to = self.get(specifier);
      if (to?.startsWith('src/')) edges.push({ from: toRepoPath(file), to, line });
    }
  }
  return edges;
}
