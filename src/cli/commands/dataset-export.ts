import type { Command } from 'commander';

export function registerDatasetExport(_dataset: Command, _env: NodeJS.ProcessEnv): void {}
