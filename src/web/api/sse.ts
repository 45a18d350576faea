/** One event of a `text/event-stream`. `event` is "message" when the server named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses a server-sent event stream (as `fetch` gives it) into events, following the HTML spec's rules:
 * lines end in LF, CRLF or CR; `data:` lines are joined with LF; comments (`:`) are ignored; an event is
 * dispatched at a blank line. EventSource cannot POST, so the chat uses this over `fetch`.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    reader.releaseLock();
  }
}

/** The incremental parser behind `parseSse`: feed text chunks, get the events completed so far. */
export function createSseParser() {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let pendingCr = false;

  const line = (text: string): SseEvent | undefined => {
    if (text === '') {
      if (data.length === 0) {
        event = '';
        return undefined;
      }
      const out: SseEvent = { event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) };
      event = '';
      data = [];
      return out;
    }
    if (text.startsWith(':')) return undefined;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    return undefined;
  };

  return {
    push(chunk: string): SseEvent[] {
      let text = chunk;
      // A CR at the end of the previous chunk already ended its line; skip the LF of a split CRLF.
      if (pendingCr && text.startsWith('\n')) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      const events: SseEvent[] = [];
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        if (match[0] === '\r' && match.index === buffer.length - 1) pendingCr = true;
        const out = line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (out) events.push(out);
      }
      return events;
    },
    /** At the end of the stream an unterminated event is dropped, as the spec says. */
    end(): SseEvent[] {
      buffer = '';
      return [];
    },
  };
}
