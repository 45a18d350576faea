import type { Command } from 'commander';
import { type IpetConfig, nightlyDeps, type Runtime, startProactiveDelivery } from '../../app/index.ts';
import { createJsonLogger, isIsoDate, ValidationError } from '../../core/index.ts';
import {
  defaultPairConcurrency,
  type FleetLimiter,
  type NightlyQueue,
  openFleetLimiter,
  openNightlyQueue,
  type QueueTuning,
  runNight,
  startNightlyWorker,
} from '../../jobs/index.ts';
import { type NightStatus, nightDate, parseNightlyTime, summarizeNight } from '../../nightly/index.ts';
import { jobQueueDatabase } from '../../store/index.ts';
import { type CliContext, contextFor, floatOption, intOption } from '../context.ts';
import type { Output, ProgressBar } from '../output.ts';
import { withRuntime } from '../runtime.ts';

interface NightlyFlags {
  hour?: string;
  slots?: number;
  pollSeconds?: number;
  /** `--pair-budget`, seconds. */
  pairBudget?: number;
}

/** `--hour`, then the configuration (IPET_NIGHTLY_HOUR, default 03:00). */
function offPeakTime(flags: NightlyFlags, config: IpetConfig): string {
  if (flags.hour !== undefined) return parseNightlyTime(flags.hour, '--hour');
  return config.nightly.at;
}

/** `--model-slots`, then IPET_NIGHTLY_SLOTS, then the per-process model concurrency. */
function modelSlots(flags: NightlyFlags, config: IpetConfig): number {
  if (flags.slots !== undefined) return flags.slots;
  return config.nightly.slots ?? Math.max(1, config.llm.maxConcurrency);
}

/** `--concurrency`, then twice the fleet's model slots (see `defaultPairConcurrency`). */
function pairConcurrency(flag: number | undefined, limiter: FleetLimiter | null): number {
  return flag ?? defaultPairConcurrency(limiter?.slots ?? 4);
}

/** `--pair-budget`, then IPET_NIGHTLY_PAIR_BUDGET_SECONDS (default 300 s). */
function pairBudgetMs(flags: NightlyFlags, config: IpetConfig): number {
  return (flags.pairBudget ?? config.nightly.pairBudgetSeconds) * 1000;
}

const PAIR_BUDGET_HELP =
  "each pair's time budget for the night, attempts and retry waits included; then it is reported failed with its cause (default IPET_NIGHTLY_PAIR_BUDGET_SECONDS or 300)";
const pairBudgetOption = floatOption('--pair-budget', 1, 86_400);

function checkDate(date: string | undefined): void {
  if (date !== undefined && !isIsoDate(date)) {
    throw new ValidationError(`--date must be YYYY-MM-DD (got ${date})`);
  }
}

interface Nightly {
  rt: Runtime;
  queue: NightlyQueue;
  limiter: FleetLimiter | null;
}

/**
 * Opens what a nightly command needs: the fleet limiter (shared model slots; a 429 seen anywhere in this
 * process shrinks them), the runtime whose model calls take those slots, and the queue.
 */
async function withNightly<T>(
  ctx: CliContext,
  flags: NightlyFlags,
  options: { models: boolean; tuning?: Partial<QueueTuning>; shareStore?: boolean; closeTimeoutMs?: number },
  fn: (n: Nightly) => Promise<T>,
): Promise<T> {
  const config = ctx.config();
  const logger = createJsonLogger({ write: (line) => process.stderr.write(line), level: config.logLevel });
  const limiter = options.models
    ? await openFleetLimiter(config.store, { slots: modelSlots(flags, config), logger })
    : null;
  try {
    return await withRuntime(
      ctx,
      async (rt) => {
        const queue = await openNightlyQueue(
          { database: jobQueueDatabase(rt.store), logger },
          {
            tuning: {
              ...(flags.pollSeconds !== undefined ? { pollSeconds: flags.pollSeconds } : {}),
              ...options.tuning,
            },
          },
        );
        try {
          return await fn({ rt, queue, limiter });
        } finally {
          await queue.close(
            options.closeTimeoutMs === undefined ? {} : { timeoutMs: options.closeTimeoutMs },
          );
        }
      },
      { logger, ...(limiter ? { limiter } : {}) },
      { shareStore: Boolean(options.shareStore) },
    );
  } finally {
    await limiter?.close();
  }
}

/** Stops on the first SIGINT/SIGTERM; a second one exits at once. */
function onStopSignal(stop: () => void): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) stop();
    else process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export function registerNightly(program: Command, env: NodeJS.ProcessEnv): void {
  const nightly = program
    .command('nightly')
    .description(
      'the T+1 batch now: for every pet, close idle sessions, extract memories, sweep expired ones and build the day',
    )
    .option('--date <YYYY-MM-DD>', "the day to build (default: each owner's next night)")
    .option(
      '--concurrency <n>',
      'pairs worked on at once by this process (default: twice the model slots)',
      intOption('--concurrency', 1, 256),
    )
    .option('--hour <H|HH:MM>', 'off-peak time in the owner timezone (default IPET_NIGHTLY_HOUR or 03:00)')
    .option(
      '--model-slots <n>',
      'model calls at once, fleet-wide (default IPET_NIGHTLY_SLOTS)',
      intOption('--model-slots', 1, 10_000),
    )
    .option('--user <id>', "only this owner's pets")
    .option('--pair-budget <seconds>', PAIR_BUDGET_HELP, pairBudgetOption)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      checkDate(opts.date);
      const flags: NightlyFlags = { hour: opts.hour, slots: opts.modelSlots, pairBudget: opts.pairBudget };
      const at = offPeakTime(flags, ctx.config());
      const controller = new AbortController();
      const unhook = onStopSignal(() => controller.abort());
      const progress = nightProgress(ctx.out);
      try {
        const status = await withNightly(ctx, flags, { models: true }, ({ rt, queue, limiter }) =>
          runNight(nightlyDeps(rt), queue, {
            at,
            concurrency: pairConcurrency(opts.concurrency, limiter),
            pairBudgetMs: pairBudgetMs(flags, ctx.config()),
            signal: controller.signal,
            ...(opts.date ? { date: opts.date } : {}),
            ...(opts.user ? { users: [opts.user] } : {}),
            ...(limiter ? { limiter } : {}),
            onProgress: progress.update,
          }),
        );
        progress.done(status);
        ctx.out.result(status, renderStatus);
        if (controller.signal.aborted) {
          process.stderr.write(
            'ipet: interrupted - jobs in progress finished, the others stay queued: rerun `ipet nightly` or start `ipet worker`\n',
          );
          process.exitCode = 130;
        } else if (status.failed > 0) {
          process.stderr.write(
            `ipet: ${status.failed} of ${status.pairs} pairs failed (see failures; copies are in the dead-letter queue) - fix the cause, then rerun the same command\n`,
          );
          process.exitCode = 1;
        }
      } finally {
        unhook();
      }
    });

  nightly
    .command('status')
    .description('queued, active, failed and done jobs of a night, with model calls and tokens per step')
    .option('--date <YYYY-MM-DD>', "the night (default: each owner's next night, as `ipet nightly` picks it)")
    .option('--hour <H|HH:MM>', 'off-peak time used to pick the default date')
    .action(async (local, command: Command) => {
      const ctx = contextFor(command, env);
      // `ipet nightly status --date D`: the parent command, which has the same options, may take them.
      const opts = { ...command.parent?.opts<{ date?: string; hour?: string }>(), ...definedOf(local) };
      checkDate(opts.date);
      const at = offPeakTime(opts, ctx.config());
      const status = await withNightly(
        ctx,
        {},
        { models: false, tuning: { supervise: false } },
        async ({ rt, queue }) => {
          const now = rt.clock.now();
          const dates: string[] = opts.date
            ? [opts.date]
            : [
                ...new Set((await rt.store.users.list()).map((u) => safeNightDate(now, u.timezone, at))),
              ].sort();
          return summarizeNight(dates, await queue.jobsOf(dates), new Date());
        },
      );
      ctx.out.result(status, renderStatus);
    });

  program
    .command('worker')
    .description(
      'a long-lived nightly worker: queues every pet night at its off-peak time and works on the queue (start several; SIGINT/SIGTERM stop it)',
    )
    .option(
      '--concurrency <n>',
      'pairs worked on at once by this process (default: twice the model slots)',
      intOption('--concurrency', 1, 256),
    )
    .option('--hour <H|HH:MM>', 'off-peak time in the owner timezone (default IPET_NIGHTLY_HOUR or 03:00)')
    .option(
      '--model-slots <n>',
      'model calls at once, fleet-wide (default IPET_NIGHTLY_SLOTS)',
      intOption('--model-slots', 1, 10_000),
    )
    .option(
      '--plan-every <minutes>',
      'how often the fleet queues upcoming nights',
      intOption('--plan-every', 1, 59),
      10,
    )
    .option('--no-plan', 'only work on queued jobs, never queue nights')
    .option(
      '--poll-seconds <n>',
      'how often idle workers look for due jobs',
      intOption('--poll-seconds', 1, 60),
    )
    .option('--pair-budget <seconds>', PAIR_BUDGET_HELP, pairBudgetOption)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const flags: NightlyFlags = {
        hour: opts.hour,
        slots: opts.modelSlots,
        pollSeconds: opts.pollSeconds,
        pairBudget: opts.pairBudget,
      };
      const at = offPeakTime(flags, ctx.config());
      const options = { models: true, shareStore: true, closeTimeoutMs: 1_000 };
      const counts = await withNightly(ctx, flags, options, async ({ rt, queue, limiter }) => {
        const concurrency = pairConcurrency(opts.concurrency, limiter);
        let stop!: () => void;
        const stopped = new Promise<void>((resolve) => {
          stop = resolve;
        });
        const unhook = onStopSignal(stop);
        try {
          const worker = await startNightlyWorker(nightlyDeps(rt), queue, {
            concurrency,
            pairBudgetMs: pairBudgetMs(flags, rt.config),
            ...(limiter ? { limiter } : {}),
            plan: opts.plan ? { at, everyMinutes: opts.planEvery } : null,
            // Sessions idle for the idle gap are closed and extracted during the day, not only at night.
            idle: {
              everyMs: Math.min(60_000, Math.max(1_000, (rt.config.sessionIdleMinutes * 60_000) / 4)),
            },
          });
          // Messages the pets start, delivered at their time (any number of workers: each goes out once).
          const delivery = startProactiveDelivery(rt);
          ctx.out.note(
            `ipet worker: ready (pid ${process.pid}, ${concurrency} pairs at once, ${limiter?.slots ?? '?'} model slots fleet-wide, nights at ${at}${opts.plan ? '' : ', not planning'})`,
          );
          await stopped;
          // One signal stops the worker within 5 s: jobs still running after 3 s are failed by the queue's
          // close and retried by the next worker (every step is idempotent); a hung call is cut at 4.7 s.
          setTimeout(() => {
            process.stderr.write('ipet worker: stopped (cut off what was still running)\n');
            process.exit(130);
          }, 4_700).unref();
          ctx.out.note('ipet worker: stopping (jobs in progress get 3 s, then go back to the queue)...');
          await Promise.all([worker.stop({ timeoutMs: 3_000 }), delivery.stop()]);
          return { completed: worker.completed, failed: worker.failed };
        } finally {
          unhook();
        }
      });
      ctx.out.result(
        { stopped: true, ...counts },
        (r) => `ipet worker: stopped (${r.completed} jobs done, ${r.failed} failed attempts)`,
      );
      // Everything is closed; kept-alive sockets to the model server must not hold the process.
      setTimeout(() => process.exit(), 100).unref();
    });
}

function definedOf(opts: Record<string, unknown>): { date?: string; hour?: string } {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
}

function safeNightDate(now: Date, timeZone: string, at: string): string {
  try {
    return nightDate(now, timeZone, at);
  } catch {
    return nightDate(now, 'UTC', at);
  }
}

/**
 * The night's progress bar on stderr: pairs finished of all, with done / failed / retrying, calls, tokens
 * and the latest failure's cause; without a TTY a line every 10 s or tenth of the pairs (see the bar).
 */
export function nightProgress(out: Pick<Output, 'progress'>): {
  update(status: NightStatus): void;
  done(status: NightStatus): void;
} {
  let bar: ProgressBar | undefined;
  let shown = 0;
  const update = (s: NightStatus) => {
    bar ??= out.progress('night', s.pairs);
    const finished = s.succeeded + s.failed;
    bar.tick(finished - shown, progressInfo(s));
    shown = finished;
  };
  return {
    update,
    done(s) {
      update(s);
      bar?.done(progressInfo(s));
    },
  };
}

/** done / failed / retrying, the model's work so far, and the cause of the latest failure. */
function progressInfo(s: NightStatus): string {
  const parts = [
    `done ${s.succeeded}`,
    `failed ${s.failed}`,
    `retrying ${s.retrying}`,
    `calls ${s.calls}`,
    `tokens ${compact(s.inputTokens + s.outputTokens)}`,
  ];
  const last = s.lastFailure;
  if (last)
    parts.push(
      `last failure: ${last.step} ${last.reason}${last.budgetExceeded ? ' (stopped by the night budget)' : ''}`,
    );
  return parts.join(' · ');
}

function compact(n: number): string {
  return n >= 1_000_000 ? `${(n / 1e6).toFixed(1)}M` : n >= 1_000 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

export function renderStatus(s: NightStatus): string {
  const lines = [
    `night ${s.dates.join(', ') || '(no pets)'}: ${s.pairs} pairs - ${s.succeeded} done, ${s.failed} failed, ${s.active} active, ${s.queued} queued, ${s.deferred} deferred, ${s.retrying} retrying, ${s.dead} dead-lettered`,
    `  days built ${s.daysGenerated}, sessions extracted ${s.sessionsExtracted}, memories added ${s.memoriesAdded}` +
      (s.sweep
        ? `, sweep ${s.sweep.state}${s.sweep.removed === null ? '' : ` (${s.sweep.removed} expired removed)`}`
        : ''),
    `  model calls ${s.calls} (extract ${s.steps.extract.calls}, reflect ${s.steps.reflect.calls}, world ${s.steps.world.calls}), tokens ${compact(s.inputTokens)} in / ${compact(s.outputTokens)} out`,
  ];
  if (s.degraded > 0)
    lines.push(`  ${s.degraded} days built without some memories (extraction kept failing)`);
  if (s.durationMs !== null) lines.push(`  took ${(s.durationMs / 1000).toFixed(1)}s`);
  if (s.failures.length > 0) {
    lines.push('  failures:');
    for (const f of s.failures.slice(0, 20)) {
      const who = f.userId ? `${f.userId}/${f.petId}` : 'sweep';
      const budget = f.budgetExceeded ? ', stopped by the night budget' : '';
      const attempts = `${f.attempts} attempt${f.attempts === 1 ? '' : 's'}`;
      lines.push(`    ${who} ${f.date} ${f.step}: ${f.reason} (${attempts}, ${f.state}${budget})`);
    }
    if (s.failures.length > 20) lines.push(`    ... and ${s.failures.length - 20} more (--json lists all)`);
  }
  return lines.join('\n');
}
