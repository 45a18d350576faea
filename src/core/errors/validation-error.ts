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

  /** The fields at fault, not the message: it can quote the input ("invalid world date \"...\""). */
  override get logMessage(): string {
    const paths = [...new Set(this.issues.map((issue) => issue.path || '(value)'))].slice(0, 10);
    return paths.length > 0 ? `invalid input at ${paths.join(', ')}` : 'invalid input';
  }
}
