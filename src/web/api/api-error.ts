/** An HTTP API failure: the server's `{ error: { code, message } }`, or a network failure (`status` 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly retryable: boolean;

  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.retryable = status === 0 || status === 429 || status >= 500;
  }

  static is(error: unknown): error is ApiError {
    return error instanceof ApiError;
  }
}

/** Builds the error from a failed response, whatever its body is. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `request failed (${response.status})`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  return new ApiError(response.status, code, message);
}
