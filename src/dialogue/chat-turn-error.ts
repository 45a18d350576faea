import { IpetError } from '../core/errors/ipet-error.ts';
import type { ChatErrorInfo } from './errors.ts';

/** chatOnce's failure: the stream's error part as an exception. */
export class ChatTurnError extends IpetError {
  readonly code: string;

  constructor(info: ChatErrorInfo) {
    super(info.message, { isRetryable: info.retryable, ...(info.hint ? { hint: info.hint } : {}) });
    this.code = info.code;
  }
}
