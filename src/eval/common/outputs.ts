import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes each file into `dir` atomically (temporary file, then rename); returns their paths. */
export async function writeOutputs(
  dir: string,
  files: Record<string, string>,
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, content);
    await rename(partial, path);
    paths[name] = path;
  }
  return paths;
}

/** The evaluation clock when IPET_NOW is not set: days and memory ages are relative to it (reproducible runs). */
export const DEFAULT_EVAL_NOW = '2025-05-12T06:00:00.000Z';
