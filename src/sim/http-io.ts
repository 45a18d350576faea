import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestScope } from './request-scope.ts';

export const SIMULATOR_HEADER = 'x-ipet-simulator';
export const FINGERPRINT = 'ipet-simulator';

/** A client error answered with its status (400 bad body, 404 unknown route, 413 too large, ...). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** An error in the OpenAI wire format: { error: { message, type, code } }. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type = 'invalid_request_error',
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param: null, code: status } }, headers);
}

/** One request being answered: the node objects and the scope that owns its timers. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  scope: RequestScope;
  /** Set when an injected fault decides how this exchange ends (so it is not counted as a client abort). */
  faulted?: boolean;
}
