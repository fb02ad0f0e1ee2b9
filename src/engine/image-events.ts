/**
 * The engine's image events (`GET /events`, filtered to `type=image`): a stream of JSON
 * objects, one per line (moby encodes each with json.Encoder, which ends it with "\n"), that
 * stays open for as long as the client reads it. The engine's actions for images are pull,
 * push, delete, untag, tag, load, import, save and prune (Docker Engine API, "System" → "Monitor
 * events"); Podman's compatible API sends the same shape (with remove for delete).
 *
 * Read over Node's own http client (engine-http.ts), so it reaches whatever the build reaches:
 * a unix socket, tcp with TLS, and an ssh:// engine through its bridge.
 */
import type { IncomingMessage } from 'node:http';
import type { EngineEndpoint } from '../shared/contract';
import { engineError } from './engine-errors';
import type { EngineHttp } from './engine-http';

/** One image event, as much of it as Berth reads. */
export interface EngineImageEvent {
  /** pull, push, delete, untag, tag, load, import, save, prune (Podman: remove, …). */
  action: string;
  /** The actor: an image ID (sha256:…) or, for pull and push, the reference ("alpine:3"). */
  id: string;
  /** Attributes.name: the tag given (tag), the repository (pull, push), else the ID. */
  name: string | undefined;
}

export interface ImageEventsOptions {
  /** Aborting ends the stream and closes its connection. */
  signal: AbortSignal;
  /** The engine answered: the stream is open and events from now on will come. */
  onOpen?(): void;
  onEvent(event: EngineImageEvent): void;
}

/**
 * An event line is a few hundred bytes (image events carry no labels); anything this long is
 * not one, and is dropped without being kept whole in memory.
 */
export const MAX_EVENT_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines of at most `maxBytes`: a longer line is dropped as its bytes
 * arrive (counted in `dropped`), so what is held never exceeds the bound whatever the engine
 * (or a proxy in front of it) sends. A "\n" byte never occurs inside a UTF-8 sequence, so
 * splitting bytes before decoding keeps every character whole.
 */
export class BoundedLines {
  private parts: Buffer[] = [];
  private held = 0;
  private discarding = false;
  /** Lines longer than the bound, dropped. */
  dropped = 0;

  constructor(private readonly maxBytes = MAX_EVENT_LINE_BYTES) {}

  /** Bytes held for the line not yet ended: never more than the bound. */
  get holding(): number {
    return this.held;
  }

  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.hold(chunk.subarray(start, end));
      if (newline === -1) break;
      if (!this.discarding) lines.push(this.take());
      this.reset();
      start = newline + 1;
    }
    return lines;
  }

  /** What is left when the stream ends: a last line without its "\n". */
  end(): string[] {
    const last = this.discarding || this.held === 0 ? [] : [this.take()];
    this.reset();
    return last;
  }

  private hold(bytes: Buffer): void {
    if (this.discarding || bytes.length === 0) return;
    if (this.held + bytes.length > this.maxBytes) {
      this.discarding = true;
      this.dropped += 1;
      this.parts = [];
      this.held = 0;
      return;
    }
    // A copy: the chunk's buffer may be reused by the stream once this returns.
    this.parts.push(Buffer.from(bytes));
    this.held += bytes.length;
  }

  private take(): string {
    return Buffer.concat(this.parts, this.held).toString('utf8');
  }

  private reset(): void {
    this.parts = [];
    this.held = 0;
    this.discarding = false;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One line of the stream as an image event; anything else (garbage, other types) is nothing. */
export function parseImageEvent(line: string): EngineImageEvent | undefined {
  if (!line.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  if (message.Type !== 'image') return undefined;
  const action = text(message.Action) ?? text(message.status);
  const actor =
    message.Actor && typeof message.Actor === 'object'
      ? (message.Actor as Record<string, unknown>)
      : {};
  const attributes =
    actor.Attributes && typeof actor.Attributes === 'object'
      ? (actor.Attributes as Record<string, unknown>)
      : {};
  // A prune's actor is empty: it says only that images went.
  const id = text(actor.ID) ?? text(message.id) ?? '';
  if (!action) return undefined;
  return { action, id, name: text(attributes.name) };
}

/** Reads the stream until it ends (resolves) or breaks (rejects); an abort resolves quietly. */
async function follow(response: IncomingMessage, onEvent: (e: EngineImageEvent) => void) {
  const lines = new BoundedLines();
  for await (const chunk of response) {
    for (const line of lines.push(chunk as Buffer)) {
      const event = parseImageEvent(line);
      if (event) onEvent(event);
    }
  }
  for (const line of lines.end()) {
    const event = parseImageEvent(line);
    if (event) onEvent(event);
  }
}

export function dockerImageEvents(clients: { http: EngineHttp; endpoint: EngineEndpoint }) {
  const { http, endpoint } = clients;
  return {
    /**
     * Follows the engine's image events until the stream ends (resolves) or fails (rejects with
     * an engine error); ending it through the signal resolves.
     */
    imageEvents: async ({ signal, onOpen, onEvent }: ImageEventsOptions): Promise<void> => {
      if (signal.aborted) return;
      try {
        const response = await http({
          method: 'GET',
          path: '/events',
          query: { filters: JSON.stringify({ type: ['image'] }) },
          signal,
        });
        onOpen?.();
        await follow(response, onEvent);
      } catch (error) {
        if (signal.aborted) return;
        throw engineError(error, endpoint);
      }
    },
  };
}
