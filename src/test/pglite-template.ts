import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../core/index.ts';
import { internalsOf, MIGRATIONS_FOLDER, openPgliteEngine, prepareStore } from '../store/index.ts';

/**
 * Fast PGlite stores for tests. Creating a PGlite database runs initdb (seconds); starting from a dump of an
 * already migrated one takes a fraction of that. The dump is kept in memory for the process and on disk (in
 * the OS temp directory, keyed by the migrations and the PGlite version) for the next test files.
 */

let template: Promise<Blob | null> | undefined;

async function packageVersion(specifier: string): Promise<string> {
  // The entry point lives under <package>/dist/: the manifest is one level up.
  const entry = fileURLToPath(import.meta.resolve(specifier));
  const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8'));
  return String(manifest.version);
}

async function templatePath(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await packageVersion('@electric-sql/pglite'));
  hash.update(await packageVersion('@electric-sql/pglite-pgvector'));
  for (const name of (await readdir(MIGRATIONS_FOLDER)).sort()) {
    if (name.endsWith('.sql')) hash.update(name).update(await readFile(join(MIGRATIONS_FOLDER, name)));
  }
  hash.update(await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  return join(tmpdir(), `ipet-pglite-template-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

async function readTemplate(path: string): Promise<Blob | null> {
  try {
    return new Blob([await readFile(path)]);
  } catch {
    return null;
  }
}

/** Saves the dump of a freshly migrated store; atomic, so concurrent test workers never read half a file. */
async function saveTemplate(store: Store, path: string): Promise<Blob | null> {
  const dump = await internalsOf(store).engine.dump?.();
  if (!dump) return null;
  const partial = `${path}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
  await rename(partial, path);
  return dump;
}

async function openFresh(): Promise<Store> {
  return prepareStore(await openPgliteEngine('memory://'));
}

/** An in-memory PGlite store with every migration applied, empty. Close it after use. */
export async function openTestStore(): Promise<Store> {
  if (!template) {
    const path = await templatePath();
    const cached = await readTemplate(path);
    if (!cached) {
      // First store of the process and nothing cached: build one, and keep its dump for the next ones.
      const store = await openFresh();
      template = saveTemplate(store, path).catch(() => null);
      await template;
      return store;
    }
    template = Promise.resolve(cached);
  }
  const dump = await template;
  if (!dump) return openFresh();
  try {
    return await prepareStore(await openPgliteEngine('memory://', { loadDataDir: dump }));
  } catch {
    // A bad cached file (another PGlite build?): forget it and start from scratch.
    template = Promise.resolve(null);
    return openFresh();
  }
}
