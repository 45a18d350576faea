import type { Command } from 'commander';
import { registerDoctor } from './doctor.ts';
import { registerSim } from './sim.ts';

export function registerCommands(program: Command, env: NodeJS.ProcessEnv): void {
  registerDoctor(program, env);
  registerSim(program, env);
}
