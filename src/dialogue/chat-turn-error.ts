import { IpetError } from '../core/index.ts';
import type { ChatErrorInfo } from './errors.ts';
import type { SafetyPart } from './parts.ts';

/**
 * chatOnce's failure: the stream's error part as an exception. `safety` carries the crisis notice when the
 * turn failed after (or was refused despite) a risk assessment, so callers can still show it.
 */
export class ChatTurnError extends IpetError {
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  readonly safety: SafetyPart | null;

  constructor(info: ChatErrorInfo, safety: SafetyPart | null = null) {
    super(info.message, { isRetryable: info.retryable, ...(info.hint ? { hint: info.hint } : {}) });
    this.code = info.code;
    this.retryAfterMs = info.retryAfterMs;
    this.safety = safety;
  }
}
