import { IpetError } from './ipet-error.ts';

/** The model answered, but not with what the schema asks for, every time we asked. */
export class ModelOutputError extends IpetError {
  readonly code = 'model_output_invalid';
  readonly purpose: string;
  readonly attempts: number;
  /** Short, redacted description of what was wrong with the last attempt. */
  readonly problems: string[];

  constructor(purpose: string, attempts: number, problems: string[], options: { cause?: unknown } = {}) {
    super(`the model's ${purpose} output was invalid after ${attempts} attempt(s): ${problems.join('; ')}`, {
      cause: options.cause,
      hint: 'try again, or use a model that supports structured output (JSON schema)',
      isRetryable: true,
    });
    this.purpose = purpose;
    this.attempts = attempts;
    this.problems = problems;
  }

  override get reason(): string {
    return `${this.code}:${this.purpose}`;
  }

  /** Without the problems: they quote the model's answer (a schedule title, a memory it made up). */
  override get logMessage(): string {
    return `the model's ${this.purpose} output was invalid after ${this.attempts} attempt(s) (${this.problems.length} problem(s))`;
  }
}
