/**
 * The fault-and-load run on its own: `npx tsx bench/faults/main.ts [options]` (also `npm run bench -- faults`).
 * Progress on stderr, a markdown report on stdout, the JSON result in bench/results/faults-<date>.json (or
 * --out). See RELIABILITY.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText, machineInfo } from '../lib/machine.ts';
import { renderGoals, renderTable } from '../lib/report.ts';
import { faultLoadOutput, hasInitdb } from './index.ts';
import { DEFAULT_FAULT_LOAD, runFaultLoad } from './run.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `npx tsx bench/faults/main.ts [options]

  --turns N             chat turns (default ${DEFAULT_FAULT_LOAD.turns})
  --users N             simulated users (default ${DEFAULT_FAULT_LOAD.users})
  --clients N           users sending at once (default ${DEFAULT_FAULT_LOAD.clients})
  --servers N           ipet serve processes (default ${DEFAULT_FAULT_LOAD.servers})
  --fail-rate X         share of model requests with an injected fault (default ${DEFAULT_FAULT_LOAD.failRate})
  --seed N              simulator seed (default ${DEFAULT_FAULT_LOAD.seed})
  --postgres-url URL    admin URL of a PostgreSQL server (with pgvector) where a throw-away database is made;
                        no PostgreSQL restart then. Default: a private cluster (initdb in a temporary
                        directory, a free loopback port), restarted once during the run
  --no-server-kill, --no-worker-kill, --no-postgres-restart, --no-fuzz   leave that fault out
  --out FILE            the JSON result (default bench/results/faults-<date>.json)
`;

function parse(argv: string[]) {
  const o = {
    ...DEFAULT_FAULT_LOAD,
    postgresUrl: null as string | null,
    out: null as string | null,
    chaos: { serverKill: true, workerKill: true, postgresRestart: true, fuzz: true },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${arg} needs a number`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--turns') o.turns = num();
    else if (arg === '--users') o.users = num();
    else if (arg === '--clients') o.clients = num();
    else if (arg === '--servers') o.servers = num();
    else if (arg === '--fail-rate') o.failRate = num();
    else if (arg === '--seed') o.seed = num();
    else if (arg === '--postgres-url') o.postgresUrl = argv[++i] ?? null;
    else if (arg === '--out') o.out = argv[++i] ?? null;
    else if (arg === '--no-server-kill') o.chaos.serverKill = false;
    else if (arg === '--no-worker-kill') o.chaos.workerKill = false;
    else if (arg === '--no-postgres-restart') o.chaos.postgresRestart = false;
    else if (arg === '--no-fuzz') o.chaos.fuzz = false;
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  return o;
}

const o = parse(process.argv.slice(2));
if (!o.postgresUrl && !hasInitdb()) {
  throw new Error('no PostgreSQL server programs (initdb) found: pass --postgres-url URL');
}
const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const machine = machineInfo();
const startedAt = new Date();
const loadBefore = loadText();
const result = await runFaultLoad({ root, ...o, log });
const output = faultLoadOutput(result);
const out = (text: string) => process.stdout.write(`${text}\n`);
out(`# ipet fault-and-load run\n\n\`npx tsx bench/faults/main.ts ${process.argv.slice(2).join(' ')}\`\n`);
out(
  `${startedAt.toISOString()} - ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
    `load ${loadBefore} before, ${loadText()} after; ${result.wallSeconds} s\n`,
);
for (const table of output.tables) out(`${renderTable(table)}\n`);
out(`${renderGoals(output.goals)}\n`);
for (const note of output.notes) out(`- ${note}`);
const file =
  o.out ?? join(root, 'bench', 'results', `faults-${startedAt.toISOString().replaceAll(':', '-')}.json`);
await mkdir(dirname(file), { recursive: true });
await writeFile(
  file,
  `${JSON.stringify({ startedAt, machine, loadBefore, loadAfter: loadText(), ...result }, null, 2)}\n`,
);
out(`\nresults: ${file}`);
