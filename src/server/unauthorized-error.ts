import { IpetError } from '../core/index.ts';

/** No credentials, or credentials that match no user token and not the operator key. */
export class UnauthorizedError extends IpetError {
  readonly code = 'unauthorized';
}
