import type { Command } from 'commander';
import { describeConfig, openRuntime, type Runtime, type RuntimeOptions } from '../../app/index.ts';
import { IpetError, silentLogger } from '../../core/index.ts';
import type { ProbeEntry, ProbeReport } from '../../llm/index.ts';
import { contextFor } from '../context.ts';
import { modelAlternatives } from '../model-help.ts';
import { downloadProgress } from '../runtime.ts';

interface StoreCheck {
  ok: boolean;
  kind: string | null;
  location: string | null;
  error: string | null;
  fix: string | null;
}

/** A remembered failed download that the doctor tried once more. */
interface DownloadRetry {
  role: 'language' | 'embedding';
  model: string;
  failedAt: string;
  previousError: string;
  ok: boolean;
  error: string | null;
}

interface DoctorReport {
  ok: boolean;
  retriedDownloads: DownloadRetry[];
  /** What to do when the language model does not work (empty when it does). */
  alternatives: string[];
  store: StoreCheck;
  language: ProbeEntry | null;
  embedding: ProbeReport['embedding'] | null;
  config: ReturnType<typeof describeConfig> | null;
  problems: string[];
}

export function registerDoctor(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('doctor')
    .description('check the database, the language model and the embedding model, and say what to fix')
    .action(async (_opts, command: Command) => {
      const ctx = contextFor(command, env);
      const report = await diagnose(() => ctx.config(), {
        note: (line) => ctx.out.note(line),
        onDownloadProgress: downloadProgress(ctx),
      });
      ctx.out.result(report, renderDoctor);
      if (!report.ok) process.exitCode = 1;
    });
}

export async function diagnose(
  loadConfig: () => ReturnType<typeof import('../../app/index.ts').loadConfig>,
  options: Pick<RuntimeOptions, 'onDownloadProgress'> & { note?: (line: string) => void } = {},
) {
  const report: DoctorReport = {
    ok: false,
    retriedDownloads: [],
    alternatives: [],
    store: { ok: false, kind: null, location: null, error: null, fix: null },
    language: null,
    embedding: null,
    config: null,
    problems: [],
  };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    const line = IpetError.is(error) ? error.toLine() : String(error);
    report.problems.push(`configuration: ${line}`);
    return report;
  }
  report.config = describeConfig(config);
  report.store.kind = config.store.kind;
  report.store.location = report.config.store.location;
  let rt: Awaited<ReturnType<typeof openRuntime>> | undefined;
  try {
    rt = await openRuntime(config, {
      logger: silentLogger,
      ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {}),
    });
    await rt.store.ping();
    report.store.ok = true;
  } catch (error) {
    report.store.error = IpetError.is(error) ? error.message : String((error as Error)?.message ?? error);
    report.store.fix =
      config.store.kind === 'postgres'
        ? 'check IPET_DATABASE_URL (server running, user may create tables, pgvector installed), or unset it to use the embedded store'
        : `check that ${config.store.dataDir} is writable, or set IPET_DATA_DIR to another folder`;
    if (IpetError.is(error) && error.hint) report.store.fix = error.hint;
    report.problems.push(`store: ${report.store.error} - ${report.store.fix}`);
  }
  if (rt) {
    try {
      await retryFailedDownloads(rt, report, options.note);
      const probe = await rt.models.probe();
      report.language = probe.language;
      report.embedding = probe.embedding;
      if (!probe.language.answerOk) {
        report.problems.push(
          `language model: ${probe.language.error ?? 'not working'} - ${probe.language.fix ?? ''}`,
        );
      }
      if (!probe.embedding.answerOk || probe.embedding.kind === 'lexical') {
        report.problems.push(
          `embedding model: ${probe.embedding.error ?? 'not working'}${probe.embedding.fix ? ` - ${probe.embedding.fix}` : ''}`,
        );
      }
    } finally {
      await rt.close().catch(() => {});
    }
  }
  report.ok = report.store.ok && Boolean(report.language?.answerOk);
  if (report.language && !report.language.answerOk) {
    report.alternatives = modelAlternatives({ retry: report.retriedDownloads.some((r) => !r.ok) });
  }
  return report;
}

/**
 * A failed download is remembered and not attempted again by ipet up or the server; the doctor is the
 * explicit retry: it forgets the failure and downloads once more, saying so.
 */
async function retryFailedDownloads(rt: Runtime, report: DoctorReport, note?: (line: string) => void) {
  await retryEmbeddingDownload(rt, report, note);
  const failures = rt.models.downloadFailures();
  if (failures.length === 0) return;
  for (const failure of failures) {
    note?.(`the download of ${failure.spec} failed at ${failure.at}; retrying it once now...`);
  }
  let error: string | null = null;
  try {
    await rt.models.prepare({ retry: true });
  } catch (cause) {
    error = IpetError.is(cause) ? cause.message : String((cause as Error)?.message ?? cause);
  }
  const still = new Set(rt.models.downloadFailures().map((f) => f.spec));
  report.retriedDownloads = failures.map((failure) => ({
    role: failure.role,
    model: failure.spec,
    failedAt: failure.at,
    previousError: failure.message,
    ok: !still.has(failure.spec),
    error: still.has(failure.spec) ? error : null,
  }));
}

/** The automatic embedder fell back because its download failed: one more try (then the models switch). */
async function retryEmbeddingDownload(rt: Runtime, report: DoctorReport, note?: (line: string) => void) {
  const before = rt.embedding;
  if (!before?.automatic || before.status !== 'failed' || !rt.downloadEmbeddingModel) return;
  const model = before.model ?? 'the default embedding model';
  note?.(
    `the download of ${model} failed at ${before.failedAt ?? 'an earlier start'}; retrying it once now...`,
  );
  const after = await rt.downloadEmbeddingModel({ retry: true });
  const ok = after.status === 'downloaded' || after.status === 'ready';
  report.retriedDownloads.push({
    role: 'embedding',
    model,
    failedAt: before.failedAt ?? '',
    previousError: before.warning ?? '',
    ok,
    error: ok ? null : after.warning,
  });
}

function mark(ok: boolean | undefined) {
  return ok ? 'ok  ' : 'FAIL';
}

function renderDoctor(r: DoctorReport): string {
  const lines: string[] = [];
  for (const retry of r.retriedDownloads) {
    lines.push(
      `${mark(retry.ok)} download    retried ${retry.model} (failed before at ${retry.failedAt})${retry.ok ? ': done' : ''}`,
    );
    if (!retry.ok && retry.error) lines.push(`             ${retry.error}`);
  }
  lines.push(`${mark(r.store.ok)} store       ${r.store.kind ?? '?'} at ${r.store.location ?? '?'}`);
  if (r.store.error) lines.push(`             ${r.store.error}\n             fix: ${r.store.fix}`);
  const model = (label: string, e: ProbeEntry | null, extra = '') => {
    if (!e) return;
    const where = e.baseURL ? ` at ${e.baseURL}` : '';
    const sim = e.simulator ? ' (the ipet SIMULATOR: filler text, not model quality)' : '';
    const lat = e.latencyMs !== null ? ` ${e.latencyMs} ms` : '';
    lines.push(
      `${mark(e.answerOk)} ${label} ${e.kind ?? 'none'} ${e.model ?? ''}${where}${lat}${extra}${sim}`,
    );
    if (e.error) lines.push(`             ${e.error}`);
    if (e.fix) lines.push(`             fix: ${e.fix}`);
  };
  model('language   ', r.language);
  model(
    'embedding  ',
    r.embedding,
    r.embedding?.dimensions ? ` (${r.embedding.dimensions} dims, space ${r.embedding.id})` : '',
  );
  for (const p of r.problems.filter((p) => p.startsWith('configuration'))) lines.push(`FAIL ${p}`);
  if (r.alternatives.length > 0) {
    lines.push('\nno language model works yet. You can:', ...r.alternatives.map((line) => `  ${line}`));
  }
  lines.push(r.ok ? '\nipet is ready.' : '\nipet is not ready: fix the FAIL lines above.');
  return lines.join('\n');
}
