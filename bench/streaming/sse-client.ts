import { Agent, request } from 'node:http';

/** How one streamed request went, as seen by the client. */
export interface StreamRecord {
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Milliseconds from sending to the first content event, or NaN. */
  firstContentMs: number;
  /** Arrival times (ms since sending) of every content event. */
  contentAt: number[];
  /** Characters of content received up to and including each content event. */
  contentChars: number[];
  /** The stream ended with its success marker (`finish` part, or `[DONE]` for OpenAI streams). */
  completed: boolean;
  /** Why it did not complete: an error part's code, `http <status>`, `socket: ...`, `timeout`. */
  failure: string | null;
  durationMs: number;
}

export interface StreamRequest {
  port: number;
  path: string;
  body: unknown;
  token?: string;
  /** How events are read: ipet's parts (`event: text-delta`) or OpenAI chunks (`data: {...}`). */
  format: 'ipet' | 'openai';
  timeoutMs: number;
}

/** No pooling limits and no keep-alive: each stream gets its own connection, as separate users would. */
const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

/** POSTs `body` and reads the server-sent events, recording when each content event arrives. */
export function streamOnce(req: StreamRequest): Promise<StreamRecord> {
  const payload = JSON.stringify(req.body);
  const started = performance.now();
  const record: StreamRecord = {
    status: 0,
    firstContentMs: Number.NaN,
    contentAt: [],
    contentChars: [],
    completed: false,
    failure: null,
    durationMs: Number.NaN,
  };
  return new Promise((resolve) => {
    let settled = false;
    const done = (failure: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      record.durationMs = performance.now() - started;
      if (!record.completed) record.failure = failure ?? record.failure ?? 'ended without a final event';
      resolve(record);
    };
    const http = request(
      {
        host: '127.0.0.1',
        port: req.port,
        path: req.path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          accept: 'text/event-stream',
          ...(req.token ? { authorization: `Bearer ${req.token}` } : {}),
        },
      },
      (res) => {
        record.status = res.statusCode ?? 0;
        if (record.status !== 200) {
          res.resume();
          res.on('end', () => done(`http ${record.status}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now() - started;
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            onEvent(buffer.slice(0, end), at);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('end', () => done(null));
        res.on('error', (error) => done(`socket: ${error.message}`));
      },
    );
    const data = (block: string) => JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
    const onEvent = (block: string, at: number) => {
      if (req.format === 'ipet') {
        const type = /^event: (.+)$/m.exec(block)?.[1];
        if (type === 'text-delta') content(at, String(data(block)?.text ?? ''));
        else if (type === 'finish') record.completed = true;
        else if (type === 'error') record.failure = `error part: ${data(block)?.error?.code ?? '?'}`;
      } else if (block.includes('data: [DONE]')) {
        record.completed = true;
      } else {
        const text = data(block)?.choices?.[0]?.delta?.content;
        if (typeof text === 'string' && text !== '') content(at, text);
      }
    };
    let chars = 0;
    const content = (at: number, text: string) => {
      if (record.contentAt.length === 0) record.firstContentMs = at;
      chars += text.length;
      record.contentAt.push(at);
      record.contentChars.push(chars);
    };
    const timer = setTimeout(() => {
      http.destroy();
      done('timeout');
    }, req.timeoutMs);
    http.on('error', (error) => done(`socket: ${error.message}`));
    http.end(payload);
  });
}

/**
 * How late each content event arrives against the simulator's pacing: the simulator sends token i (4
 * characters) at start + i x pacing, so an event ending with token k is due at anchor + k x pacing, where
 * the anchor is the stream's earliest observed (arrival - k x pacing). One value per event after the first.
 */
export function lateness(records: StreamRecord[], pacingMs: number, charsPerToken = 4): number[] {
  const out: number[] = [];
  for (const r of records) {
    const due = r.contentAt.map(
      (at, i) => at - Math.floor((r.contentChars[i]! - 1) / charsPerToken) * pacingMs,
    );
    const anchor = Math.min(...due);
    for (const d of due.slice(1)) out.push(d - anchor);
  }
  return out;
}
