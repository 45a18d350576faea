/**
 * Writes the tiny random-weight test model (see src/llm/local/testing/tiny-gguf.ts) and prints its path:
 *
 *   npx tsx scripts/make-tiny-gguf.ts            # the shared cache file under the OS temp directory
 *   npx tsx scripts/make-tiny-gguf.ts out.gguf   # a copy at out.gguf
 *
 * Then e.g. IPET_LLM_MODEL_PATH=<path> ipet doctor runs ipet on it. Its text is noise: it exists to prove
 * the node-llama-cpp code path, never quality. The tests build it themselves; this script is for trying it.
 */
import { copyFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ensureTinyGguf } from '../src/llm/local/testing/tiny-gguf.ts';

const cached = await ensureTinyGguf();
const target = process.argv[2];
if (target) await copyFile(cached, resolve(target));
process.stdout.write(`${target ? resolve(target) : cached}\n`);
