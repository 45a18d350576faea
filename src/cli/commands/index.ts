import type { Command } from 'commander';
import { registerSim } from './sim.ts';

export function registerCommands(program: Command, env: NodeJS.ProcessEnv): void {
  registerSim(program, env);
}
