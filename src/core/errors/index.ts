export { ConfigError } from './config-error.ts';
export { ConflictError } from './conflict-error.ts';
export { type Failure, toFailure } from './failure.ts';
export { IpetError } from './ipet-error.ts';
export { LimitError } from './limit-error.ts';
export { ModelCallError, type ModelFailureKind } from './model-call-error.ts';
export { ModelOutputError } from './model-output-error.ts';
export { NotFoundError } from './not-found-error.ts';
export { type FieldIssue, ValidationError } from './validation-error.ts';
