import type { Command } from 'commander';
import { startSimulator } from '../../sim/index.ts';
import { contextFor, floatOption, intOption } from '../context.ts';

export function registerSim(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('sim')
    .description(
      'start the OpenAI-compatible model simulator (for tests, benchmarks and trying ipet without a model)',
    )
    .option('--port <n>', 'port to listen on (0 = any free port)', intOption('--port', 0, 65535), 8089)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--latency-ms <n>', 'time to first token', intOption('--latency-ms'), 0)
    .option('--tokens-per-second <n>', 'streaming speed (0 = instant)', intOption('--tokens-per-second'), 0)
    .option('--capacity <n>', 'requests served at once; more wait in a queue', intOption('--capacity', 1), 8)
    .option('--reject-over-capacity', 'answer 429 instead of queueing when at capacity')
    .option(
      '--fail-rate <x>',
      'share of requests that get an injected fault (0..1)',
      floatOption('--fail-rate', 0, 1),
      0,
    )
    .option('--seed <n>', 'random seed', intOption('--seed'), 1)
    .option(
      '--schema-only',
      'answer structured calls with arbitrary schema-valid JSON and chat with filler, never reading the prompt',
    )
    .action(async (opts, command: Command) => {
      const ctx = contextFor(command, env);
      const sim = await startSimulator({
        host: opts.host,
        port: opts.port,
        latencyMs: opts.latencyMs,
        tokensPerSecond: opts.tokensPerSecond,
        capacity: opts.capacity,
        overCapacity: opts.rejectOverCapacity ? 'reject' : 'queue',
        failRate: opts.failRate,
        seed: opts.seed,
        schemaOnly: opts.schemaOnly === true,
      });
      // The ready line is part of the interface: scripts wait for it.
      process.stdout.write(`LISTENING ${sim.port}\n`);
      ctx.out.note(
        `ipet simulator on ${sim.url} - a SIMULATOR: its replies are generated filler, not model quality` +
          (opts.schemaOnly === true ? ' (schema-only: answers from the JSON schema alone).\n' : '.\n') +
          `try: IPET_LLM_BASE_URL=${sim.url} IPET_LLM_MODEL=ipet-sim IPET_EMBED_MODEL=ipet-sim-embed ipet doctor`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
