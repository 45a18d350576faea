import type { Command } from 'commander';
import { registerDatasetExport } from './dataset-export.ts';

/** `ipet dataset ...`: persona training data (issue 21). */
export function registerDataset(program: Command, env: NodeJS.ProcessEnv): void {
  const dataset = program
    .command('dataset')
    .description('persona training data: generate, filter, review, profile from dialogue, export');
  registerDatasetExport(dataset, env);
}
