import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { reportError } from './output.ts';

/** The `ipet` command line. The composition root: the only place (with the server) that reads the environment. */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('ipet')
    .description('ipet - companion characters that remember their users and live a simulated day')
    .option('--json', 'print exactly one JSON document on stdout (logs and progress go to stderr)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({
    outputError: (str, write) => write(`ipet: ${str.replace(/^error: /, '')}`),
  });
  registerCommands(program, env);
  return program;
}

/**
 * Runs one `ipet` command line (`argv` as in `process.argv`: node, script, then the arguments) and returns
 * the exit code. Importing this module does nothing: `bin/ipet.js` calls `main`.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram(env);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error);
  }
}
