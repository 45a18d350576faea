import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createModelSettings, nightlyDeps, type Runtime, startProactiveDelivery } from '../../app/index.ts';
import { ConfigError, IpetError } from '../../core/index.ts';
import { openNightlyQueue, startNightlyWorker } from '../../jobs/index.ts';
import { DEFAULT_LOCAL_LANGUAGE_MODEL, DEFAULT_LOCAL_MODEL_SIZES } from '../../llm/index.ts';
import { buildServer } from '../../server/index.ts';
import { jobQueueDatabase } from '../../store/index.ts';
import { type CliContext, contextFor, intOption } from '../context.ts';
import { type EmbedderUpkeep, startEmbedderUpkeep } from '../embedder-upkeep.ts';
import { modelAlternatives } from '../model-help.ts';
import { withRuntime } from '../runtime.ts';

/** The package root (this file is src/cli/commands/serve.ts). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB_ROOT = `${ROOT}dist/web`;
/**
 * Shutdown after SIGINT/SIGTERM (see `serve`): chat turns in flight get the configured grace period
 * (IPET_SHUTDOWN_GRACE_SECONDS) to finish; other requests and nightly jobs get at most `REQUEST_GRACE_MS`
 * beyond it (jobs still running are failed for a retry by the next start).
 */
const REQUEST_GRACE_MS = 3_000;
/** Whatever still holds the process this long after the grace period (a model download, a hung call) is cut. */
const HARD_MARGIN_MS = 5_000;

interface ServeOptions {
  port: number;
  host: string;
  openSignup: boolean;
  webRoot?: string;
}

export function registerServe(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('serve')
    .description('run the HTTP API (REST, OpenAI-compatible /v1, /metrics) on the configured store')
    .option('--port <n>', 'port to listen on (0 = any free port)', intOption('--port', 0, 65535), 8787)
    .option('--host <host>', 'interface to bind (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--open-signup', 'let anyone create a user without the operator key')
    .option('--web-root <dir>', 'also serve a built web app from this directory')
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      if (!ctx.config().adminKey) {
        ctx.out.note(
          'note: IPET_ADMIN_KEY is not set, so operator routes (creating users and tokens, /metrics) are off',
        );
      }
      await serve(ctx, {
        port: opts.port,
        host: opts.host,
        openSignup: Boolean(opts.openSignup),
        ...(opts.webRoot ? { webRoot: opts.webRoot } : {}),
      });
    });

  program
    .command('up')
    .description(
      'start ipet on this computer: the web app and the API on 127.0.0.1, anyone local may sign up',
    )
    .option('--port <n>', 'port to listen on', intOption('--port', 0, 65535), 8787)
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const webRoot = await ensureWebApp(ctx);
      await serve(
        ctx,
        { port: opts.port, host: '127.0.0.1', openSignup: true, ...(webRoot ? { webRoot } : {}) },
        async (rt, url, upkeep) => {
          const firstTime = (await rt.store.users.list()).length === 0;
          if (webRoot) {
            ctx.out.note(
              firstTime
                ? `first time? open ${url} in your browser and create your pet`
                : `open ${url} in your browser`,
            );
          }
          if (rt.config.language.kind === 'local') {
            ctx.out.note(
              rt.config.language.model === 'default'
                ? `preparing the local language model (the first run downloads ${DEFAULT_LOCAL_LANGUAGE_MODEL.split('/').at(-1)}, ${DEFAULT_LOCAL_MODEL_SIZES.language})...`
                : 'preparing the local language model (the first run downloads it)...',
            );
            // After the embedder settled: switching to a downloaded embedding model replaces the models.
            upkeep.settled
              .then(() => rt.models.prepare())
              .then(
                () => ctx.out.note('the language model is ready'),
                (error: Error) =>
                  ctx.out.note(
                    [
                      `could not prepare the language model: ${IpetError.is(error) ? error.toLine() : error.message}`,
                      'chats and days fail until a model works. You can:',
                      ...modelAlternatives({ webUrl: url, retry: true }).map((line) => `  ${line}`),
                    ].join('\n'),
                  ),
              );
          }
        },
      );
    });
}

/**
 * Runs the server until SIGTERM or SIGINT, then shuts down gracefully: stop accepting, let requests in
 * flight finish (cut off after a grace period), wait for background memory extraction, close the runtime.
 */
async function serve(
  ctx: CliContext,
  options: ServeOptions,
  onReady?: (rt: Runtime, url: string, upkeep: EmbedderUpkeep) => Promise<void>,
): Promise<void> {
  const version = await packageVersion();
  await withRuntime(
    ctx,
    async (rt) => {
      const app = buildServer({
        runtime: rt,
        version,
        openSignup: options.openSignup,
        ...(options.webRoot ? { webRoot: options.webRoot } : {}),
        modelSettings: createModelSettings({ rt, env: ctx.env }),
        shutdownGraceMs: rt.config.shutdownGraceMs,
      });
      const stopped = stopSignal();
      // Replies left pending by a process that died mid-turn show as failed (to retry), not as typing forever.
      const sweep = await sweepInterruptedReplies(ctx, rt);
      try {
        await app.listen({ port: options.port, host: options.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
        throw new ConfigError(`cannot listen on ${options.host}:${options.port} (${code})`, {
          hint: 'another program may be using the port: pass --port N (or stop it)',
          cause: error,
        });
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
      // The ready line is part of the interface: scripts wait for it.
      if (ctx.out.json)
        ctx.out.result({ url, store: rt.store.kind, openSignup: options.openSignup }, () => '');
      else process.stdout.write(`ipet listening on ${url}\n`);
      ctx.out.note(
        `store: ${rt.store.kind} (${rt.store.location}); API description: ${url}/api/openapi.json`,
      );
      // The automatic embedder's first download, and re-embedding memories of another embedder.
      const upkeep = startEmbedderUpkeep(rt, ctx.out);
      await onReady?.(rt, url, upkeep);

      const nightly = rt.config.nightly.worker === 'in-process' ? await startInProcessNightly(ctx, rt) : null;
      // Messages the pets start, delivered at their time (every serving process may: each goes out once).
      const delivery = startProactiveDelivery(rt);

      const signal = await stopped;
      clearInterval(sweep);
      const graceMs = rt.config.shutdownGraceMs;
      // Nothing may keep the process past the budget: a model download or a hung call is cut off here.
      setTimeout(() => {
        process.stderr.write('ipet: stopped (cut off what was still running)\n');
        process.exit(signal === 'SIGTERM' ? 143 : 130);
      }, graceMs + HARD_MARGIN_MS).unref();
      ctx.out.note('shutting down: finishing the chats in flight...');
      // In order: stop accepting (503) and let the chat turns in flight finish, or abort them cleanly once
      // the grace is over (app.close: see buildServer); the nightly worker stops taking jobs meanwhile. Then
      // the job queue and the store close (the store last, by withRuntime), after every turn wrote its reply.
      // Other requests and connections still open once the turns are done are cut shortly after.
      const force = setTimeout(() => app.server.closeAllConnections(), graceMs + REQUEST_GRACE_MS);
      // Kept-alive connections with no request in flight would hold app.close() until the grace ends.
      const idle = setInterval(() => app.server.closeIdleConnections(), 100);
      try {
        await Promise.all([app.close(), delivery.stop(), nightly?.stop(REQUEST_GRACE_MS), upkeep.stop()]);
      } finally {
        clearTimeout(force);
        clearInterval(idle);
      }
    },
    {},
    { shareStore: true },
  );
  // Everything is closed; what is left (kept-alive sockets to the model server) must not hold the process.
  setTimeout(() => process.exit(), 100).unref();
}

/** How often a server marks failed the replies of turns whose process died (their lease ran out). */
const SWEEP_EVERY_MS = 60_000;

/**
 * At start, marks failed the pending replies of turns that cannot be running: on the embedded store every
 * one (no other process can hold it), on PostgreSQL those whose lease ran out (other servers may be running
 * turns). Then again every minute, for processes that die while this one runs.
 */
async function sweepInterruptedReplies(ctx: CliContext, rt: Runtime): Promise<NodeJS.Timeout> {
  const sweep = async (all: boolean) => {
    const failed = await rt.store.chats.failStalePending({ all });
    if (failed > 0) ctx.out.note(`${failed} interrupted chat replies marked failed (a retry answers them)`);
  };
  await sweep(rt.store.kind === 'pglite');
  const timer = setInterval(() => {
    sweep(false).catch((error) => rt.logger.warn('could not sweep interrupted replies', { error }));
  }, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}

/**
 * The T+1 work in this process (the default; IPET_NIGHTLY_WORKER=external leaves it to `ipet worker`
 * processes): the same queue, jobs and worker as `ipet worker`, with its passes on this process's timer -
 * sessions idle for the idle gap are closed and extracted, and each pet's night is queued for the
 * off-peak hour in its owner's timezone.
 */
async function startInProcessNightly(ctx: CliContext, rt: Runtime) {
  const queue = await openNightlyQueue({ database: jobQueueDatabase(rt.store), logger: rt.logger });
  const everyMs = Math.min(60_000, Math.max(1_000, (rt.config.sessionIdleMinutes * 60_000) / 4));
  try {
    const worker = await startNightlyWorker(nightlyDeps(rt), queue, {
      concurrency: 2,
      pairBudgetMs: rt.config.nightly.pairBudgetSeconds * 1000,
      plan: { at: rt.config.nightly.at, everyMinutes: 10, everyMs },
      idle: { everyMs },
    });
    ctx.out.note(
      `nightly work runs in this process: idle chats are remembered after ${rt.config.sessionIdleMinutes} min, ` +
        `days are built at ${rt.config.nightly.at} in each owner's timezone`,
    );
    return {
      async stop(timeoutMs: number) {
        await worker.stop({ timeoutMs });
        await queue.close({ timeoutMs: 1_000 });
      },
    };
  } catch (error) {
    await queue.close({ timeoutMs: 1_000 }).catch(() => {});
    throw error;
  }
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal while shutting down stops at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8'));
  return String(manifest.version);
}

/**
 * The built web app's directory, building it once from a source checkout when it is missing. Null (with
 * a note saying how to build it) when it cannot be built: the API still runs.
 */
async function ensureWebApp(ctx: CliContext): Promise<string | null> {
  if (existsSync(`${WEB_ROOT}/index.html`)) return WEB_ROOT;
  const manifest = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8'));
  const canBuild = existsSync(`${ROOT}src/web/index.html`) && Boolean(manifest.scripts?.['build:web']);
  if (canBuild) {
    ctx.out.note('building the web app once (npm run build:web)...');
    const ok = await new Promise<boolean>((resolve) => {
      const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web'], {
        cwd: ROOT,
        // The build's output goes to stderr: stdout stays clean for --json.
        stdio: ['ignore', process.stderr, process.stderr],
      });
      child.on('error', () => resolve(false));
      child.on('exit', (code) => resolve(code === 0));
    });
    if (ok && existsSync(`${WEB_ROOT}/index.html`)) return WEB_ROOT;
  }
  ctx.out.note(
    `the web app is not built (${WEB_ROOT} has no index.html): run \`npm run build:web\` in ${ROOT} and ` +
      'restart `ipet up`; the API works meanwhile',
  );
  return null;
}
