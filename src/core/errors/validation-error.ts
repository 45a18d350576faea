import { IpetError } from './ipet-error.ts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** Bad input from a user or a caller. Nothing was changed. */
export class ValidationError extends IpetError {
  readonly code = 'invalid_input';
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = [], options: { cause?: unknown; hint?: string } = {}) {
    super(message, options);
    this.issues = issues;
  }
}
