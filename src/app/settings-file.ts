import { readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/index.ts';

/**
 * Settings saved from the web app, in `<IPET_DATA_DIR>/settings.json` (mode 0600: it may hold an API key).
 * Environment variables win over them (see `loadConfig`).
 */
export const SETTINGS_FILE = 'settings.json';

const savedModelSchema = z.object({
  baseURL: z.string().min(1),
  model: z.string().min(1),
  apiKey: z.string().min(1).optional(),
});

const settingsSchema = z.looseObject({
  version: z.literal(1).default(1),
  model: savedModelSchema.optional(),
});

export type SavedModelSettings = z.output<typeof savedModelSchema>;
export type SavedSettings = z.output<typeof settingsSchema>;

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

/** The saved settings; none when the file does not exist. A broken file is a ConfigError naming it. */
export function readSettings(dataDir: string): SavedSettings {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1 };
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON`, {
      cause: error,
      hint: 'fix the file, or delete it to forget the settings saved in the web app',
    });
  }
  const result = settingsSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(`${path} does not hold valid ipet settings`, {
      cause: result.error,
      hint: 'fix the file, or delete it to forget the settings saved in the web app',
    });
  }
  return result.data;
}

/** Writes the settings atomically, readable by the owner only. */
export async function writeSettings(dataDir: string, settings: SavedSettings): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = settingsPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
