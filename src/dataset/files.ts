import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../core/index.ts';
import { DATASET_FILES, type DatasetItem, datasetItemSchema } from './record.ts';

/** The lines of `items.jsonl` that could be read, and what was wrong with the others. */
export interface ReadItems {
  items: DatasetItem[];
  /** A last line cut short by a killed run (no newline, not JSON): dropped, and rewritten away on append. */
  truncatedTail: boolean;
}

/**
 * Reads `<dir>/items.jsonl`. Every complete line must be a valid item (a bad one is an error naming its line
 * number: the file is the dataset, nothing is skipped silently); only an unterminated last line - what a
 * kill in the middle of a write leaves - is dropped. A missing file is an empty dataset.
 */
export async function readItems(dir: string): Promise<ReadItems> {
  const path = join(dir, DATASET_FILES.items);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], truncatedTail: false };
    throw error;
  }
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const items: DatasetItem[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseLine(line);
    if (parsed) items.push(parsed);
    else problems.push(`line ${i + 1}`);
  });
  if (problems.length > 0) {
    throw new ValidationError(`${path}: not a dataset item at ${problems.slice(0, 10).join(', ')}`, [], {
      hint: 'fix or remove those lines (each line is one item, see src/dataset/record.ts)',
    });
  }
  let truncatedTail = false;
  if (tail.trim() !== '') {
    const parsed = parseLine(tail);
    if (parsed) items.push(parsed);
    else truncatedTail = true;
  }
  return { items, truncatedTail };
}

function parseLine(line: string): DatasetItem | null {
  try {
    const parsed = datasetItemSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Rewrites `items.jsonl` whole, atomically (temporary file, then rename). */
export async function writeItems(dir: string, items: readonly DatasetItem[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, DATASET_FILES.items), items.map((i) => `${JSON.stringify(i)}\n`).join(''));
}

/**
 * An appender for `items.jsonl`: each call writes one unit's items in one append, in call order. The first
 * call first removes a truncated tail left by a killed run (rewriting the readable items).
 */
export function itemAppender(dir: string, existing: ReadItems) {
  let chain: Promise<void> = existing.truncatedTail ? writeItems(dir, existing.items) : mkdirP(dir);
  return (items: readonly DatasetItem[]): Promise<void> => {
    const text = items.map((i) => `${JSON.stringify(i)}\n`).join('');
    chain = chain.then(() => appendFile(join(dir, DATASET_FILES.items), text, 'utf8'));
    return chain;
  };
}

const mkdirP = async (dir: string) => {
  await mkdir(dir, { recursive: true });
};

export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/** Reads a JSON file, or undefined when it does not exist. */
export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ValidationError(`${path} is not valid JSON`, [], { hint: 'remove it to start over' });
  }
}
