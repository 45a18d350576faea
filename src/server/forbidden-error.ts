import { IpetError } from '../core/index.ts';

/** Valid credentials of the wrong kind (a user token on an operator route, or the reverse). */
export class ForbiddenError extends IpetError {
  readonly code = 'forbidden';
}
