/**
 * An incremental parser for text/event-stream, fed decoded text in whatever chunks the network
 * delivers. Follows the WHATWG rules that matter here: lines end in LF, CRLF or CR; `:` starts
 * a comment (the host's `: ping`); several `data:` lines join with LF; a blank line dispatches.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseParser {
  push(text: string): void;
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  // A CR ending one chunk may be the first half of a CRLF split across two chunks.
  let skipLeadingLf = false;

  const dispatch = () => {
    if (data.length > 0) onEvent({ event: eventName || 'message', data: data.join('\n') });
    eventName = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
    // id and retry are not used: the host resends the current state on every connection.
  };

  return {
    push(text) {
      buffer += text;
      if (skipLeadingLf && buffer.startsWith('\n')) buffer = buffer.slice(1);
      skipLeadingLf = false;
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        if (end === -1) return;
        const isCr = buffer[end] === '\r';
        if (isCr && end === buffer.length - 1) skipLeadingLf = true;
        const next = isCr && buffer[end + 1] === '\n' ? end + 2 : end + 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(next);
      }
    },
  };
}
