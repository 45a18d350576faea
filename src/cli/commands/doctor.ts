import type { Command } from 'commander';
import { describeConfig, openRuntime } from '../../app/index.ts';
import { IpetError, silentLogger } from '../../core/index.ts';
import type { ProbeEntry, ProbeReport } from '../../llm/index.ts';
import { contextFor } from '../context.ts';

interface StoreCheck {
  ok: boolean;
  kind: string | null;
  location: string | null;
  error: string | null;
  fix: string | null;
}

interface DoctorReport {
  ok: boolean;
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
      const report = await diagnose(() => ctx.config());
      ctx.out.result(report, renderDoctor);
      if (!report.ok) process.exitCode = 1;
    });
}

export async function diagnose(
  loadConfig: () => ReturnType<typeof import('../../app/config.ts').loadConfig>,
) {
  const report: DoctorReport = {
    ok: false,
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
    rt = await openRuntime(config, { logger: silentLogger });
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
  return report;
}

function mark(ok: boolean | undefined) {
  return ok ? 'ok  ' : 'FAIL';
}

function renderDoctor(r: DoctorReport): string {
  const lines: string[] = [];
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
  lines.push(r.ok ? '\nipet is ready.' : '\nipet is not ready: fix the FAIL lines above.');
  return lines.join('\n');
}
