import { type Command, InvalidArgumentError } from 'commander';
import { type Env, type IpetConfig, loadConfig } from '../app/index.ts';
import { createOutput, type Output } from './output.ts';

/** What every command handler receives: its output channel and the configuration, resolved lazily. */
export interface CliContext {
  out: Output;
  env: Env;
  config(): IpetConfig;
}

export function contextFor(command: Command, env: Env): CliContext {
  const opts = command.optsWithGlobals<{ json?: boolean }>();
  let config: IpetConfig | undefined;
  return {
    out: createOutput(Boolean(opts.json)),
    env,
    config() {
      config ??= loadConfig(env);
      return config;
    },
  };
}

/** Parses a whole-number flag, with an error that names the flag. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max} (got ${raw})`);
    }
    return n;
  };
}

export function floatOption(name: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max} (got ${raw})`);
    }
    return n;
  };
}
