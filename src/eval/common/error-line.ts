/** What a record or a log line keeps of a failure: an error's first message line, anything else as text. */
export const errorLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error);
