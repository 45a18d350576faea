/**
 * `npm run bench [-- <name>...] [--quick]`: runs the benchmark suite (or the named parts), prints a markdown
 * table per figure and writes bench/results/<date>.json. Benchmarks are measurements, never tests: nothing
 * here asserts a time. See BENCHMARKS.md for what each figure means.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benches } from './benches.ts';
import { freeMemoryGiB, load, loadText, machineInfo } from './lib/machine.ts';
import { type BenchContext, renderGoals, renderTable } from './lib/report.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `npm run bench -- [name...] [options]   (see BENCHMARKS.md)

names: chat context cost life retrieval recall nightly streaming startup filters faults (default: all, in this order)
  faults: --turns N --users N --clients N --servers N --fail-rate X (see bench/faults/main.ts --help)
  --quick               smoke run: small sizes, few repetitions (the figures are not meaningful)
  --no-postgres         PGlite only
  --postgres-url URL    admin URL for throw-away databases (default IPET_BENCH_DATABASE_URL,
                        IPET_TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres)
  --postgres-total N    memories in the retrieval table on PostgreSQL (default 1,000,000)
  --pglite-total N      memories in the retrieval table on PGlite (default 100,000)
`;

interface Args {
  names: string[];
  quick: boolean;
  postgresUrl: string | null;
  options: Record<string, number>;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    names: [],
    quick: false,
    postgresUrl:
      process.env.IPET_BENCH_DATABASE_URL ??
      process.env.IPET_TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    options: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--quick') args.quick = true;
    else if (arg === '--no-postgres') args.postgresUrl = null;
    else if (arg === '--postgres-url') args.postgresUrl = argv[++i] ?? null;
    else if (arg.startsWith('--')) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value)) throw new Error(`${arg} needs a number`);
      args.options[arg.slice(2)] = value;
    } else args.names.push(arg);
  }
  return args;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const all = benches(args.options);
  const unknown = args.names.filter((n) => !all.some((b) => b.id === n));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.id).join(', ')}`);
  }
  const selected = args.names.length > 0 ? all.filter((b) => args.names.includes(b.id)) : all;
  if (args.postgresUrl && !(await reachable(args.postgresUrl))) {
    process.stderr.write(`PostgreSQL not reachable at ${new URL(args.postgresUrl).host}: PGlite only\n`);
    args.postgresUrl = null;
  }
  const machine = machineInfo();
  const started = new Date();
  const extra = process.argv.slice(2);
  const command = `npm run bench${extra.length > 0 ? ` -- ${extra.join(' ')}` : ''}`;
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`# ipet benchmarks${args.quick ? ' (quick)' : ''}\n\n\`${command}\`\n`);
  out(
    `${started.toISOString()} - ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, ` +
      `Node ${machine.node}, ${machine.platform}; load ${loadText()}; free ${freeMemoryGiB()} GiB; ` +
      `PostgreSQL ${args.postgresUrl ? 'yes' : 'no (PGlite only)'}\n`,
  );
  const ctx: BenchContext = {
    quick: args.quick,
    postgresUrl: args.postgresUrl,
    root,
    log: (message) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`),
  };
  const results: unknown[] = [];
  for (const bench of selected) {
    const loadBefore = load();
    const t0 = performance.now();
    ctx.log(`== ${bench.id}: ${bench.title}`);
    try {
      const output = await bench.run(ctx);
      const seconds = (performance.now() - t0) / 1000;
      out(`## ${bench.id}: ${bench.title}\n`);
      out(`_${seconds.toFixed(0)} s; load ${loadText(loadBefore)} before, ${loadText()} after_\n`);
      for (const table of output.tables) out(`${renderTable(table)}\n`);
      const goals = renderGoals(output.goals);
      if (goals) out(`${goals}\n`);
      for (const note of output.notes) out(`- ${note}`);
      out('');
      results.push({ id: bench.id, seconds, loadBefore, loadAfter: load(), ...output });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      out(`## ${bench.id}: FAILED\n\n\`\`\`\n${message}\n\`\`\`\n`);
      results.push({ id: bench.id, failed: message });
    }
  }
  const file = join(root, 'bench', 'results', `${started.toISOString().replaceAll(':', '-')}.json`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ command, startedAt: started, quick: args.quick, machine, results }, null, 2)}\n`,
  );
  out(`results: ${file}`);
}

await main();
