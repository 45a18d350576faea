import { LimitError, ValidationError } from '../core/index.ts';

export interface InputLimits {
  /** Most characters (Unicode code points) a message may have. */
  maxChars: number;
}

// C0 controls except tab, newline and carriage return; DEL; lone surrogates.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks one user message before anything else sees it (OWASP LLM10). Throws ValidationError for a
 * message that is not text, empty or holds control characters, and LimitError for one that is too long
 * (not retryable: the same message fails again). The message itself never appears in the error.
 */
export function checkInput(text: unknown, limits: InputLimits): asserts text is string {
  if (typeof text !== 'string') {
    throw new ValidationError('message must be text', [{ path: 'text', message: 'must be a string' }]);
  }
  if (text.trim() === '') {
    throw new ValidationError('message is empty', [{ path: 'text', message: 'is empty' }], {
      hint: 'type something to send',
    });
  }
  if (CONTROL.test(text) || LONE_SURROGATE.test(text)) {
    throw new ValidationError('message contains control characters or broken Unicode', [
      { path: 'text', message: 'contains characters that are not allowed' },
    ]);
  }
  let chars = 0;
  for (const _ of text) chars++;
  if (chars > limits.maxChars) {
    throw new LimitError(
      `message is too long: ${chars.toLocaleString('en-US')} characters, the limit is ${limits.maxChars.toLocaleString('en-US')}`,
      { hint: 'shorten the message or send it in several parts' },
    );
  }
}
