import { IpetError } from './ipet-error.ts';

/** Missing or invalid configuration. The hint names the option and the environment variable to set. */
export class ConfigError extends IpetError {
  readonly code = 'config';
}
