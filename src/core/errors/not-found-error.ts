import { IpetError } from './ipet-error.ts';

/** The thing does not exist, or belongs to someone else (we never reveal which). */
export class NotFoundError extends IpetError {
  readonly code = 'not_found';
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string, options: { hint?: string } = {}) {
    super(`${entity} ${id} not found`, options);
    this.entity = entity;
    this.id = id;
  }
}
