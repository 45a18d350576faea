import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where an evaluation keeps what it already computed (generated days, responses, judge answers), so that a
 * rerun into the same output directory skips done work. Values are JSON; a write is atomic (temporary file,
 * then rename), so an interrupted run never leaves half a file behind.
 */
export interface JsonStore {
  read(namespace: string, key: string): Promise<unknown>;
  write(namespace: string, key: string, value: unknown): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9_.+-]{1,160}$/;

function checkKey(namespace: string, key: string): void {
  if (!SAFE_KEY.test(namespace) || !SAFE_KEY.test(key) || key.startsWith('.')) {
    throw new RangeError(`invalid cache key ${namespace}/${key}`);
  }
}

/** `<root>/<namespace>/<key>.json`; a missing or unreadable file reads as undefined. */
export function dirJsonStore(root: string): JsonStore {
  let sequence = 0;
  return {
    async read(namespace, key) {
      checkKey(namespace, key);
      try {
        return JSON.parse(await readFile(join(root, namespace, `${key}.json`), 'utf8'));
      } catch {
        return undefined;
      }
    },
    async write(namespace, key, value) {
      checkKey(namespace, key);
      const file = join(root, namespace, `${key}.json`);
      await mkdir(dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.${++sequence}.partial`;
      await writeFile(partial, `${JSON.stringify(value, null, 1)}\n`);
      await rename(partial, file);
    },
  };
}

/** For tests. */
export function memoryJsonStore(): JsonStore & { keys(): string[] } {
  const map = new Map<string, string>();
  return {
    async read(namespace, key) {
      checkKey(namespace, key);
      const text = map.get(`${namespace}/${key}`);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async write(namespace, key, value) {
      checkKey(namespace, key);
      map.set(`${namespace}/${key}`, JSON.stringify(value));
    },
    keys: () => [...map.keys()].sort(),
  };
}

/** A stable hex digest of any JSON-serialisable parts (cache keys). */
export function hashOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
