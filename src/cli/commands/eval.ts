import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { IpetConfig, Runtime } from '../../app/index.ts';
import { chatDeps, nightlyDeps, retrievalDeps } from '../../app/index.ts';
import {
  type Clock,
  ConfigError,
  fixedClock,
  isIsoDate,
  LOCALES,
  ValidationError,
  WORLD_METHODS,
  WORLD_MODES,
} from '../../core/index.ts';
import {
  APC_FORMULA,
  aggregatePersonas,
  buildContinuityReport,
  buildWorldReport,
  bundledOwners,
  bundledPersonas,
  bundledQueries,
  type ContinuityReport,
  createJudge,
  DEFAULT_EVAL_NOW,
  dirJsonStore,
  EVAL_PROMPT_VERSION,
  type ExportManifestFile,
  engagementReport,
  exportManifestSchema,
  isSimulator,
  type Judge,
  type LocomoSample,
  type ModelEndpoint,
  memoryEvalReport,
  memoryEvalUnits,
  type PersonaReport,
  parseExportTestSet,
  parseLocomo,
  parseRecords,
  parseReferenceDataset,
  personaResultJson,
  personaSampleSchema,
  pickWorldSamples,
  queriesFor,
  querySampleSchema,
  type ReferenceItem,
  type ReferenceReport,
  renderComparison,
  renderEngagement,
  renderMemoryEval,
  renderPersonaSummary,
  renderPersonaTable,
  renderReferenceTable,
  renderWorldSummary,
  reportWindow,
  runComparison,
  runMemoryEval,
  runMultiDayEval,
  runPersonaEval,
  runReferenceEval,
  runWorldEval,
  SIMULATOR_WARNING,
  summarizeByKind,
  summarizeReference,
  worldOutputFiles,
  worldResultJson,
  writeOutputs,
} from '../../eval/index.ts';
import { createModels } from '../../llm/index.ts';
import { type NightlyDeps, runPairNight } from '../../nightly/index.ts';
import { WORLD_PROMPT_VERSION } from '../../world/index.ts';
import { type CliContext, contextFor, intOption } from '../context.ts';
import { listOption } from '../parse.ts';
import { withRuntime } from '../runtime.ts';
import { registerEvalSafety } from './eval-safety.ts';

/**
 * `ipet eval world|persona|reference` (offline evaluation, paper section 3.2), `ipet eval memory` (evidence
 * retrieval on a LoCoMo-format file) and `ipet report engagement` (online A/B analytics, section 3.4).
 * Evaluation runs in an in-memory store, so it never touches users' data; world, persona and reference
 * cache what they compute under `--out DIR/cache` for reruns.
 */
export function registerEval(program: Command, env: NodeJS.ProcessEnv): void {
  const evaluation = program
    .command('eval')
    .description('offline evaluation: Table 1 (world simulation), persona faithfulness (APC), ROUGE-L');

  judgeOptions(
    evaluation
      .command('world')
      .description("the paper's Table 1: each method's days rated by a judge model (analyze-rate)")
      .option('--samples <n>', 'sample pets (the paper used 50)', intOption('--samples', 1, 10_000), 50)
      .option('--modes <list>', 'normal, memory', modesOption, [...WORLD_MODES])
      .option('--methods <list>', WORLD_METHODS.join(', '), methodsOption, [...WORLD_METHODS])
      .option('--locales <list>', 'sample languages: en, zh', localesOption, [...LOCALES])
      .requiredOption('--out <dir>', 'where table.md, results.json, chart.svg and the cache go')
      .option('--seed <s>', 'picks the samples and their days', '1')
      .option('--concurrency <n>', 'jobs in flight', intOption('--concurrency', 1, 256), 4)
      .option(
        '--days <n>',
        'also live N consecutive nights per sample and rate continuity (the multi-day table)',
        intOption('--days', 2, 31),
      ),
  ).action(async (opts, command: Command) => {
    const ctx = contextFor(command, env);
    const out = resolve(opts.out);
    const samples = pickWorldSamples(bundledPersonas(), bundledOwners(), {
      count: opts.samples,
      seed: opts.seed,
      locales: opts.locales,
    });
    const report = await withEvalRuntime(ctx, opts, async ({ rt, judge, flags, cache, now }) => {
      const total = samples.length * opts.modes.length * opts.methods.length;
      const bar = ctx.out.progress('eval world', total);
      const { records, friendPools, prepared } = await runWorldEval(
        {
          store: rt.store,
          companion: rt.language(),
          companionId: rt.models.languageId ?? 'unknown',
          judge,
          cache,
          ids: rt.ids,
          logger: rt.logger,
        },
        {
          samples,
          modes: opts.modes,
          methods: opts.methods,
          now,
          concurrency: opts.concurrency,
          onNote: (message) => ctx.out.note(message),
          onJobDone: (r) => bar.tick(1, r.status === 'failed' ? 'failed' : r.cached.day ? 'cached' : ''),
          ...(opts.days ? { needFriends: true } : {}),
        },
      );
      bar.done();
      let continuity: ContinuityReport | undefined;
      if (opts.days) {
        const days: number = opts.days;
        const multi = ctx.out.progress(`eval world: ${days} days`, prepared.length);
        const nightly = nightlyDeps(rt);
        const multiRecords = await runMultiDayEval(
          {
            store: rt.store,
            night: (job, at) => runPairNight(atClock(nightly, fixedClock(at)), job, { lastAttempt: true }),
            judge,
            logger: rt.logger,
          },
          {
            samples: prepared,
            days,
            concurrency: opts.concurrency,
            onSampleDone: (r) => multi.tick(1, r.status === 'failed' ? 'failed' : ''),
          },
        );
        multi.done();
        continuity = buildContinuityReport(multiRecords, days);
      }
      return buildWorldReport(
        records,
        {
          companion: { model: rt.models.languageId ?? 'unknown', simulator: flags.companion },
          judge: { model: judge.modelId, simulator: flags.judge },
          samples: samples.length,
          seed: String(opts.seed),
          modes: opts.modes,
          methods: opts.methods,
          now: now.toISOString(),
          promptVersions: { world: WORLD_PROMPT_VERSION, eval: EVAL_PROMPT_VERSION },
          friendPools,
        },
        new Date(),
        continuity,
      );
    });
    const files = await writeOutputs(out, worldOutputFiles(report));
    ctx.out.result(worldResultJson(report, out, files), () => renderWorldSummary(report, files));
  });

  judgeOptions(
    evaluation
      .command('persona')
      .description('persona faithfulness (APC score) of replies generated through the dialogue pipeline')
      .option(
        '--personas <file>',
        'JSON array or JSONL of { id, locale, profile } (default: the bundled set)',
      )
      .option('--queries <file>', 'JSONL of { persona, query } (default: the bundled ~10 per persona)')
      .option('--max-queries <n>', 'at most this many queries per persona', intOption('--max-queries', 1))
      .requiredOption('--out <dir>', 'where table.md, results.json and the cache go')
      .option('--concurrency <n>', 'queries in flight', intOption('--concurrency', 1, 256), 4),
  ).action(async (opts, command: Command) => {
    const ctx = contextFor(command, env);
    const out = resolve(opts.out);
    const personas = opts.personas
      ? await readRecords(opts.personas, personaSampleSchema)
      : bundledPersonas();
    const queries = queriesFor(
      personas,
      opts.queries ? await readRecords(opts.queries, querySampleSchema) : bundledQueries(),
      opts.maxQueries,
    );
    const report = await withEvalRuntime(ctx, opts, async ({ rt, judge, flags, cache }) => {
      const bar = ctx.out.progress('eval persona', queries.length);
      const result = await runPersonaEval(
        {
          chat: chatDeps(rt, { extractOnClose: false }),
          companionId: rt.models.languageId ?? 'unknown',
          judge,
          cache,
          logger: rt.logger,
        },
        {
          personas,
          queries,
          concurrency: opts.concurrency,
          onItemDone: (r) =>
            bar.tick(1, r.status === 'failed' ? 'failed' : r.cached.response ? 'cached' : ''),
        },
      );
      bar.done();
      const simulator = flags.companion || flags.judge;
      return {
        kind: 'ipet-eval-persona',
        version: 1,
        simulator,
        warning: simulator ? SIMULATOR_WARNING : null,
        createdAt: new Date().toISOString(),
        setup: {
          companion: { model: rt.models.languageId ?? 'unknown', simulator: flags.companion },
          judge: { model: judge.modelId, simulator: flags.judge },
          personas: personas.length,
          queries: queries.length,
          promptVersion: EVAL_PROMPT_VERSION,
          formula: APC_FORMULA,
        },
        table: aggregatePersonas(result),
        usageThisRun: rt.models.usage(),
        statements: result.statements,
        items: result.items,
      } satisfies PersonaReport;
    });
    const files = await writeOutputs(out, {
      'table.md': renderPersonaTable(report),
      'results.json': `${JSON.stringify(report, null, 2)}\n`,
    });
    ctx.out.result(personaResultJson(report, out, files), () => renderPersonaSummary(report, files));
  });

  judgeOptions(
    evaluation
      .command('reference')
      .description(
        'ROUGE-L of replies against references: a JSONL of { persona, query, reference }, or the test file of ipet dataset export (RAW/CUS/SPE per kind); with --compare-base-url, two endpoints side by side (ROUGE-L, APC, judge preference)',
      )
      .option(
        '--file <file.jsonl>',
        'lines { persona, query, reference } (+ optional id, name, locale, response)',
      )
      .option(
        '--test <file>',
        "an export's test file (<name>.test.jsonl or .json); its <name>.manifest.json gives each line's kind",
      )
      .requiredOption('--out <dir>', 'where table.md, results.json and the cache go')
      .option('--concurrency <n>', 'lines in flight', intOption('--concurrency', 1, 256), 4)
      .option(
        '--compare-base-url <url>',
        'a second OpenAI-compatible endpoint (e.g. the fine-tuned model) to compare',
      )
      .option('--compare-model <name>', 'the model name at --compare-base-url')
      .option('--compare-api-key <key>', 'API key of --compare-base-url, if it needs one')
      .option('--label <name>', 'name of the configured model in the comparison', 'base')
      .option('--compare-label <name>', 'name of the second endpoint in the comparison', 'fine-tuned'),
  ).action(async (opts, command: Command) => {
    const ctx = contextFor(command, env);
    const out = resolve(opts.out);
    const items = await referenceItems(opts);
    if (opts.compareBaseUrl || opts.compareModel) {
      await compareEndpoints(ctx, opts, items, out);
      return;
    }
    const generating = items.some((i) => i.response === undefined);
    const report = await withEvalRuntime(ctx, { ...opts, noJudge: true }, async ({ rt, flags, cache }) => {
      const bar = ctx.out.progress('eval reference', items.length);
      const records = await runReferenceEval(
        {
          chat: generating ? chatDeps(rt, { extractOnClose: false }) : null,
          companionId: generating ? (rt.models.languageId ?? 'unknown') : null,
          cache,
          logger: rt.logger,
        },
        {
          items,
          concurrency: opts.concurrency,
          onItemDone: (r) => bar.tick(1, r.status === 'failed' ? 'failed' : ''),
        },
      );
      bar.done();
      const simulator = generating && flags.companion;
      const byKind = summarizeByKind(records);
      return {
        kind: 'ipet-eval-reference',
        version: 1,
        simulator,
        warning: simulator ? SIMULATOR_WARNING : null,
        createdAt: new Date().toISOString(),
        setup: {
          file: resolve(opts.file ?? opts.test),
          companion: generating
            ? { model: rt.models.languageId ?? 'unknown', simulator: flags.companion }
            : null,
          lines: items.length,
        },
        summary: summarizeReference(records),
        ...(byKind.length > 0 ? { byKind } : {}),
        records,
      } satisfies ReferenceReport;
    });
    const files = await writeOutputs(out, {
      'table.md': renderReferenceTable(report),
      'results.json': `${JSON.stringify(report, null, 2)}\n`,
    });
    ctx.out.result(
      {
        out,
        files,
        simulator: report.simulator,
        warning: report.warning,
        summary: report.summary,
        ...(report.byKind ? { byKind: report.byKind } : {}),
      },
      () =>
        [
          report.simulator ? `${SIMULATOR_WARNING}\n` : '',
          renderReferenceTable(report),
          `\nwrote ${Object.values(files).join(', ')}`,
        ].join(''),
    );
  });

  evaluation
    .command('memory')
    .description(
      'evidence recall@k and MRR of memory retrieval (plain BM25, lexical, dense, hybrid) on a LoCoMo-format file',
    )
    .requiredOption('--file <conv.json>', 'LoCoMo format: a JSON list of { conversation, qa }')
    .option('--k <n>', 'results per question', intOption('--k', 1, 100), 10)
    .option('--concurrency <n>', 'questions in flight', intOption('--concurrency', 1, 64), 4)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const { samples, notes } = parseLocomo(await readText(opts.file), opts.file);
      requireScorableQuestions(samples, opts.file);
      // Never the user's store: each run imports the turns into a fresh in-memory one.
      const config = ctx.config();
      const evalConfig: IpetConfig = { ...config, store: { kind: 'pglite', dataDir: 'memory://' } };
      const result = await withRuntime({ ...ctx, config: () => evalConfig }, async (rt) => {
        const bar = ctx.out.progress('eval memory', memoryEvalUnits(samples));
        const r = await runMemoryEval(
          { store: rt.store, retrieval: retrievalDeps(rt), logger: rt.logger },
          { samples, k: opts.k, concurrency: opts.concurrency, onProgress: (n) => bar.tick(n) },
        );
        bar.done();
        return r;
      });
      ctx.out.result(memoryEvalReport(result, resolve(opts.file), notes), renderMemoryEval);
    });

  registerEvalSafety(evaluation, env);

  program
    .command('report')
    .description('product analytics from anonymous events')
    .command('engagement')
    .description(
      "the paper's Table 2: dialogue engagement rate and usage time per A/B variant, with 95% intervals",
    )
    .requiredOption('--from <YYYY-MM-DD>', 'first day (UTC)')
    .requiredOption('--to <YYYY-MM-DD>', 'last day (UTC), inclusive')
    .option(
      '--experiment <name>',
      'compare the variants of this experiment (default: all users as one group)',
    )
    .option('--baseline <variant>', 'the variant others are compared to (default: control, else the first)')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      for (const flag of ['from', 'to'] as const) {
        if (!isIsoDate(opts[flag]))
          throw new ValidationError(`--${flag} must be YYYY-MM-DD (got ${opts[flag]})`);
      }
      if (opts.from > opts.to) throw new ValidationError('--from must not be after --to');
      const { start, end } = reportWindow(opts.from, opts.to);
      const report = await withRuntime(ctx, async (rt) => {
        const events = await rt.store.events.list({
          from: start,
          to: end,
          ...(opts.experiment ? { experiment: opts.experiment } : {}),
        });
        return engagementReport(events, {
          from: opts.from,
          to: opts.to,
          ...(opts.experiment ? { experiment: opts.experiment } : {}),
          ...(opts.baseline ? { baseline: opts.baseline } : {}),
        });
      });
      if (opts.baseline && !report.variants.some((v) => v.variant === opts.baseline)) {
        throw new ValidationError(`no events of variant ${opts.baseline} in this window`, [], {
          hint: `variants seen: ${report.variants.map((v) => v.variant).join(', ') || 'none'}`,
        });
      }
      ctx.out.result(report, renderEngagement);
    });
}

// ---------------------------------------------------------------------------------------------------------
// The evaluation runtime: an in-memory store, the companion model from the configuration, a separate judge.

interface JudgeFlags {
  judgeBaseUrl?: string;
  judgeModel?: string;
  judgeApiKey?: string;
  /** Commands without a judge (reference). */
  noJudge?: boolean;
}

interface EvalRuntime {
  rt: Runtime;
  /** Throws when used by a command without a judge. */
  judge: Judge;
  flags: { companion: boolean; judge: boolean };
  cache: ReturnType<typeof dirJsonStore>;
  now: Date;
}

function judgeOptions(command: Command): Command {
  return command
    .option('--judge-base-url <url>', 'OpenAI-compatible server of the judge (env IPET_JUDGE_BASE_URL)')
    .option('--judge-model <name>', 'judge model, e.g. gpt-4o as in the paper (env IPET_JUDGE_MODEL)')
    .option('--judge-api-key <key>', 'judge API key (env IPET_JUDGE_API_KEY)');
}

/** Option, then environment variable, then an error naming both. */
function judgeEndpoint(opts: JudgeFlags, env: CliContext['env']): ModelEndpoint & { model: string } {
  const get = (flag: string | undefined, name: string) => flag?.trim() || env[name]?.trim() || undefined;
  const baseURL = get(opts.judgeBaseUrl, 'IPET_JUDGE_BASE_URL');
  const model = get(opts.judgeModel, 'IPET_JUDGE_MODEL');
  const apiKey = get(opts.judgeApiKey, 'IPET_JUDGE_API_KEY');
  if (!baseURL || !model) {
    throw new ConfigError('no judge model is configured', {
      hint: `pass --judge-base-url and --judge-model (or set IPET_JUDGE_BASE_URL and IPET_JUDGE_MODEL${apiKey ? '' : ', plus IPET_JUDGE_API_KEY if the server needs one'})`,
    });
  }
  try {
    new URL(baseURL);
  } catch {
    throw new ConfigError(`the judge address is not a URL: ${baseURL}`, {
      hint: 'use e.g. --judge-base-url https://api.openai.com/v1',
    });
  }
  return { baseURL: baseURL.replace(/\/+$/, ''), model, ...(apiKey ? { apiKey } : {}) };
}

async function withEvalRuntime<T>(
  ctx: CliContext,
  opts: JudgeFlags & { out: string },
  fn: (e: EvalRuntime) => Promise<T>,
): Promise<T> {
  const endpoint = opts.noJudge ? null : judgeEndpoint(opts, ctx.env);
  const config = ctx.config();
  const now = config.now ?? new Date(DEFAULT_EVAL_NOW);
  // Evaluation never opens the user's store: an in-memory one, migrated for this run.
  const evalConfig: IpetConfig = { ...config, store: { kind: 'pglite', dataDir: 'memory://' }, now };
  const companion: ModelEndpoint | null =
    config.language.kind === 'openai-compatible'
      ? {
          baseURL: config.language.baseURL,
          ...(config.language.apiKey ? { apiKey: config.language.apiKey } : {}),
        }
      : null;
  const [companionSim, judgeSim] = await Promise.all([
    companion ? isSimulator(companion) : false,
    endpoint ? isSimulator(endpoint) : false,
  ]);
  if (companionSim || judgeSim) {
    ctx.out.note(
      `${SIMULATOR_WARNING} (${[companionSim ? 'companion model' : null, judgeSim ? 'judge' : null].filter(Boolean).join(' and ')} = the ipet simulator)`,
    );
  }
  const cache = dirJsonStore(join(resolve(opts.out), 'cache'));
  return withRuntime({ ...ctx, config: () => evalConfig }, async (rt) => {
    const judgeModels = endpoint
      ? createModels(
          {
            language: { kind: 'openai-compatible', ...endpoint },
            embedding: { kind: 'lexical' },
            limits: {
              maxConcurrency: config.llm.maxConcurrency,
              totalTimeoutMs: config.llm.totalTimeoutMs,
              firstTokenTimeoutMs: config.llm.firstTokenTimeoutMs,
              maxRetries: config.llm.maxRetries,
            },
          },
          { logger: rt.logger },
        )
      : null;
    const judge: Judge =
      judgeModels?.language && endpoint
        ? createJudge({ model: judgeModels.language, modelId: endpoint.model, store: cache })
        : {
            modelId: 'none',
            ask: () => Promise.reject(new Error('this command has no judge')),
          };
    try {
      return await fn({ rt, judge, flags: { companion: companionSim, judge: judgeSim }, cache, now });
    } finally {
      await judgeModels?.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// eval reference: its input, and two endpoints side by side

interface ReferenceFlags {
  file?: string;
  test?: string;
}

/** `--file` (reference JSONL) or `--test` (an export's test file, with its manifest when it is there). */
async function referenceItems(opts: ReferenceFlags): Promise<ReferenceItem[]> {
  if (Boolean(opts.file) === Boolean(opts.test)) {
    throw new InvalidArgumentError(
      "pass exactly one of --file (reference JSONL) and --test (an export's test file)",
    );
  }
  if (opts.file) return parseReferenceDataset(await readText(opts.file), opts.file);
  const test = resolve(opts.test as string);
  const name = basename(test);
  const stem = name.replace(/\.test\.[^.]+$/, '');
  const manifestPath = join(dirname(test), `${stem}.manifest.json`);
  let manifest: ExportManifestFile | null = null;
  if (stem !== name) {
    const text = await readFile(manifestPath, 'utf8').catch(() => null);
    if (text !== null) manifest = exportManifestSchema.parse(JSON.parse(text));
  }
  return parseExportTestSet(await readText(test), test, manifest, name);
}

interface CompareFlags extends JudgeFlags, ReferenceFlags {
  compareBaseUrl?: string;
  compareModel?: string;
  compareApiKey?: string;
  label: string;
  compareLabel: string;
  concurrency: number;
  out: string;
}

/** The configured model (A, e.g. the base) and a second endpoint (B, e.g. the fine-tuned model) on the same lines. */
async function compareEndpoints(
  ctx: CliContext,
  opts: CompareFlags,
  items: ReferenceItem[],
  out: string,
): Promise<void> {
  if (!opts.compareBaseUrl || !opts.compareModel) {
    throw new InvalidArgumentError('--compare-base-url and --compare-model go together');
  }
  const second: ModelEndpoint & { model: string } = {
    baseURL: opts.compareBaseUrl.replace(/\/+$/, ''),
    model: opts.compareModel,
    ...(opts.compareApiKey ? { apiKey: opts.compareApiKey } : {}),
  };
  const secondSim = await isSimulator(second);
  const result = await withEvalRuntime(ctx, opts, async ({ rt, judge, flags, cache, now }) => {
    const config = ctx.config();
    const secondConfig: IpetConfig = {
      ...config,
      store: { kind: 'pglite', dataDir: 'memory://' },
      now,
      language: { kind: 'openai-compatible', ...second },
    };
    return withRuntime({ ...ctx, config: () => secondConfig }, async (rtB) => {
      const where = (c: IpetConfig) =>
        c.language.kind === 'openai-compatible'
          ? `${c.language.model}@${c.language.baseURL}`
          : c.language.model;
      const bar = ctx.out.progress('eval reference (two endpoints)', items.length);
      const comparison = await runComparison(
        {
          a: { label: opts.label, companionId: where(config), chat: chatDeps(rt, { extractOnClose: false }) },
          b: {
            label: opts.compareLabel,
            companionId: where(secondConfig),
            chat: chatDeps(rtB, { extractOnClose: false }),
          },
          judge,
          cache,
          logger: rt.logger,
        },
        { items, concurrency: opts.concurrency, onItemDone: () => bar.tick(1) },
      );
      bar.done();
      return { comparison, simulator: flags.companion || flags.judge || secondSim };
    });
  });
  const { comparison, simulator } = result;
  const report = {
    kind: 'ipet-eval-reference-comparison',
    version: 1,
    simulator,
    warning: simulator ? SIMULATOR_WARNING : null,
    createdAt: new Date().toISOString(),
    setup: { file: resolve(opts.test ?? opts.file ?? ''), lines: items.length },
    ...comparison,
  };
  const files = await writeOutputs(out, {
    'comparison.md': renderComparison(comparison, simulator),
    'results.json': `${JSON.stringify(report, null, 2)}\n`,
  });
  ctx.out.result(
    {
      out,
      files,
      simulator,
      warning: report.warning,
      a: comparison.a,
      b: comparison.b,
      preference: comparison.preference,
    },
    () => `${renderComparison(comparison, simulator)}\nwrote ${Object.values(files).join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Option parsing and files

function listOf<T extends string>(name: string, choices: readonly T[]) {
  return (raw: string): T[] => {
    const items = listOption(raw);
    const bad = items.filter((i) => !(choices as readonly string[]).includes(i));
    if (items.length === 0 || bad.length > 0) {
      throw new InvalidArgumentError(
        `${name} takes a comma-separated list of ${choices.join(', ')} (got ${raw})`,
      );
    }
    return [...new Set(items)] as T[];
  };
}
const modesOption = listOf('--modes', WORLD_MODES);
const methodsOption = listOf('--methods', WORLD_METHODS);
const localesOption = listOf('--locales', LOCALES);

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new ValidationError(`cannot read ${file}`, [], { cause, hint: 'check the path' });
  }
}

/** Fails before anything runs when no question names a turn of its conversation as evidence. */
function requireScorableQuestions(samples: readonly LocomoSample[], file: string): void {
  if (samples.some((s) => s.questions.some((q) => q.evidence.length > 0))) return;
  throw new ValidationError(`${file}: no question names a turn of its conversation as evidence`, [], {
    hint: 'each qa item needs "evidence": ["D<session>:<turn>", ...] naming dia_id values of the conversation',
  });
}

async function readRecords<T>(file: string, schema: Parameters<typeof parseRecords<T>>[1]): Promise<T[]> {
  return parseRecords(await readText(file), schema, file);
}

/**
 * The nightly dependencies with every clock set to `clock`: the multi-day run lives each night at its own
 * instant, while the evaluation runtime's clock stands still.
 */
function atClock(deps: NightlyDeps, clock: Clock): NightlyDeps {
  const withClock = <T>(value: T): T =>
    value !== null && typeof value === 'object' && 'clock' in value ? { ...value, clock } : value;
  return {
    ...deps,
    clock,
    extraction: (signal) => withClock(deps.extraction(signal)),
    world: (signal) => withClock(deps.world(signal)),
    friendPool: () => withClock(deps.friendPool()),
    ...(deps.proactive ? { proactive: (signal) => withClock(deps.proactive!(signal)) } : {}),
    ...(deps.reflection ? { reflection: (signal) => withClock(deps.reflection!(signal)) } : {}),
  };
}
