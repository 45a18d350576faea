import { IpetError } from './ipet-error.ts';

/** The request clashes with the current state (e.g. a turn with this idempotency key is still running). */
export class ConflictError extends IpetError {
  readonly code = 'conflict';
}
