import type { Command } from 'commander';
import { registerCards } from './cards.ts';
import { registerChat } from './chat.ts';
import { registerDataset } from './dataset.ts';
import { registerDoctor } from './doctor.ts';
import { registerEval } from './eval.ts';
import { registerMemories } from './memories.ts';
import { registerMessages } from './messages.ts';
import { registerNightly } from './nightly.ts';
import { registerPet } from './pet.ts';
import { registerReflections } from './reflections.ts';
import { registerServe } from './serve.ts';
import { registerSim } from './sim.ts';
import { registerUser } from './user.ts';
import { registerWorld } from './world.ts';

export function registerCommands(program: Command, env: NodeJS.ProcessEnv): void {
  registerDoctor(program, env);
  registerUser(program, env);
  registerCards(registerPet(program, env), env);
  registerChat(program, env);
  registerMemories(program, env);
  registerReflections(program, env);
  registerMessages(program, env);
  registerWorld(program, env);
  registerNightly(program, env);
  registerSim(program, env);
  registerEval(program, env);
  registerDataset(program, env);
  registerServe(program, env);
}
