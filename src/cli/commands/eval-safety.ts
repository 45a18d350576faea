import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { IpetConfig } from '../../app/index.ts';
import { silentLogger, systemClock, ValidationError } from '../../core/index.ts';
import {
  BUNDLED_SAFETY_SET,
  bundledSafetySet,
  classifierScripts,
  isSimulator,
  parseSafetySet,
  renderSafetyEval,
  runSafetyEval,
  type SafetyEvalReport,
  type SafetyItem,
  safetyEvalReport,
} from '../../eval/index.ts';
import { type CliContext, contextFor, intOption } from '../context.ts';
import { withRuntime } from '../runtime.ts';

/**
 * `ipet eval safety [--file F.jsonl]`: crisis-screening recall and false-alarm rate of the deterministic
 * layer, the configured model as classifier, and both combined as a chat turn combines them, per category
 * and language. On the ipet simulator the classifier answers from the file (each line's `classifier`, else
 * its label), given to the simulator as scripted answers for the run.
 */
export function registerEvalSafety(evaluation: Command, env: NodeJS.ProcessEnv): void {
  evaluation
    .command('safety')
    .description(
      'crisis screening: recall and false alarms of the patterns, the model classifier and both combined, per category (en + zh)',
    )
    .option(
      '--file <F.jsonl>',
      'labelled messages: { id, text, history?, locale, label, category } a line (default: the shipped set)',
    )
    .option('--patterns-only', 'leave the model classifier out')
    .option('--concurrency <n>', 'classifier calls in flight', intOption('--concurrency', 1, 64), 4)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const file = opts.file ? resolve(opts.file) : fileURLToPath(BUNDLED_SAFETY_SET);
      const items = opts.file ? parseSafetySet(await readText(file), opts.file) : bundledSafetySet();
      const report = opts.patternsOnly
        ? safetyEvalReport(
            await withProgress(ctx, items, (onProgress) =>
              runSafetyEval(
                { classifier: null, clock: systemClock, logger: silentLogger },
                { items, onProgress },
              ),
            ),
            file,
            null,
          )
        : await withClassifier(ctx, items, file, opts.concurrency);
      ctx.out.result(report, renderSafetyEval);
    });
}

async function withClassifier(
  ctx: CliContext,
  items: SafetyItem[],
  file: string,
  concurrency: number,
): Promise<SafetyEvalReport> {
  const config = ctx.config();
  const endpoint = config.language.kind === 'openai-compatible' ? config.language : null;
  const simulator = endpoint ? await isSimulator(endpoint) : false;
  // Never the user's store: the runtime is opened for its model only.
  const evalConfig: IpetConfig = { ...config, store: { kind: 'pglite', dataDir: 'memory://' } };
  return withRuntime({ ...ctx, config: () => evalConfig }, async (rt) => {
    const model = rt.language();
    const id = rt.models.languageId ?? 'unknown';
    const scripted = simulator && endpoint ? await scriptSimulator(endpoint, items) : null;
    try {
      const result = await withProgress(ctx, items, (onProgress) =>
        runSafetyEval(
          { classifier: model, clock: rt.clock, logger: rt.logger },
          { items, concurrency, onProgress },
        ),
      );
      return safetyEvalReport(result, file, { id, simulator, scripted: scripted !== null });
    } finally {
      await scripted?.restore();
    }
  });
}

async function withProgress<T>(
  ctx: CliContext,
  items: SafetyItem[],
  fn: (onProgress: (done: number) => void) => Promise<T>,
): Promise<T> {
  const bar = ctx.out.progress('eval safety', items.length);
  let shown = 0;
  const result = await fn((done) => {
    bar.tick(done - shown);
    shown = done;
  });
  bar.done();
  return result;
}

/**
 * Gives the simulator the set's classifier answers as scripted answers (POST /sim/config), keeping the
 * scripts it had, which `restore` puts back.
 */
async function scriptSimulator(
  endpoint: { baseURL: string; apiKey?: string },
  items: SafetyItem[],
): Promise<{ restore(): Promise<void> }> {
  const url = new URL('/sim/config', endpoint.baseURL);
  const headers = {
    'content-type': 'application/json',
    ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
  };
  const configure = async (scripts: unknown) => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ scripts }) });
    if (!response.ok)
      throw new ValidationError(`the simulator refused the scripted answers (${response.status})`);
  };
  const before = (await (await fetch(url, { headers })).json()) as { scripts?: unknown };
  await configure(classifierScripts(items));
  return { restore: () => configure(Array.isArray(before.scripts) ? before.scripts : []) };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new ValidationError(`cannot read ${file}`, [], { cause, hint: 'check the path' });
  }
}
