import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoundedLines, parseImageEvent } from '../../../src/engine';
import type { EngineImageEvent } from '../../../src/engine';
import { engineHttp } from '../../../src/engine/engine-http';
import { dockerImageEvents } from '../../../src/engine/image-events';
import type { EngineEndpoint } from '../../../src/shared/contract';

/** Lines as dockerd 20.10.24 wrote them for `docker tag` and `docker image prune` (captured). */
const TAG_LINE =
  '{"status":"tag","id":"sha256:b6d03f80f255d10a94073f8febcac6a734e24c5df00fb07e8b1b55c41b9b2e3f","Type":"image","Action":"tag","Actor":{"ID":"sha256:b6d03f80f255d10a94073f8febcac6a734e24c5df00fb07e8b1b55c41b9b2e3f","Attributes":{"name":"local/x:2"}},"scope":"local","time":1796293074,"timeNano":1796293074401649906}';
const PRUNE_LINE =
  '{"status":"prune","Type":"image","Action":"prune","Actor":{"ID":"","Attributes":{"reclaimed":"0"}},"scope":"local","time":1796293074,"timeNano":1796293074456354043}';
const IMAGE_ID = 'sha256:b6d03f80f255d10a94073f8febcac6a734e24c5df00fb07e8b1b55c41b9b2e3f';
/** A pull's actor is the reference pulled (test/integration/image-events.test.ts sees it). */
const PULL_LINE =
  '{"status":"pull","id":"127.0.0.1:5000/public/tools:1","Type":"image","Action":"pull","Actor":{"ID":"127.0.0.1:5000/public/tools:1","Attributes":{"name":"127.0.0.1:5000/public/tools"}},"scope":"local","time":1796293075,"timeNano":1796293075000000000}';

describe('image event lines', () => {
  it('reads the action, the actor and the name of an image event', () => {
    expect(parseImageEvent(TAG_LINE)).toEqual({ action: 'tag', id: IMAGE_ID, name: 'local/x:2' });
    expect(parseImageEvent(PULL_LINE)).toEqual({
      action: 'pull',
      id: '127.0.0.1:5000/public/tools:1',
      name: '127.0.0.1:5000/public/tools',
    });
    // A prune names no image.
    expect(parseImageEvent(PRUNE_LINE)).toEqual({
      action: 'prune',
      id: '',
      name: undefined,
    });
  });

  it('is nothing for garbage, other types and events without an action', () => {
    for (const line of [
      '',
      '   ',
      'not json',
      '{"Type":"image"',
      'null',
      '42',
      '"image"',
      '[{"Type":"image","Action":"tag"}]',
      '{"Type":"container","Action":"start","Actor":{"ID":"abc"}}',
      '{"Type":"image","Actor":{"ID":"sha256:0a1b"}}',
      '{"Type":"image","Action":7,"Actor":"sha256:0a1b"}',
    ]) {
      expect(parseImageEvent(line), line).toBeUndefined();
    }
    // A malformed actor still gives the action: the list is read again either way.
    expect(parseImageEvent('{"Type":"image","Action":"delete","Actor":"x"}')).toEqual({
      action: 'delete',
      id: '',
      name: undefined,
    });
  });
});

describe('bounded lines', () => {
  it('splits lines across chunks, a multi-byte character cut in two included', () => {
    const lines = new BoundedLines(1024);
    const bytes = Buffer.from('{"a":"é"}\n{"b":2}\n{"c"');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of é
    expect(lines.push(bytes.subarray(0, cut))).toEqual([]);
    expect(lines.push(bytes.subarray(cut))).toEqual(['{"a":"é"}', '{"b":2}']);
    expect(lines.push(Buffer.from(':3}'))).toEqual([]);
    expect(lines.end()).toEqual(['{"c":3}']);
  });

  it('drops a line longer than the bound as it arrives, holding no more than the bound', () => {
    const bound = 4096;
    const lines = new BoundedLines(bound);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let most = 0;
    // 16 MB without a newline: a stream that sends garbage forever.
    for (let i = 0; i < 256; i += 1) {
      expect(lines.push(chunk)).toEqual([]);
      most = Math.max(most, lines.holding);
    }
    expect(most).toBeLessThanOrEqual(bound);
    // The line after it comes through whole, and the next long one is dropped too.
    expect(lines.push(Buffer.from(`tail\n${TAG_LINE}\n`))).toEqual([TAG_LINE]);
    expect(
      lines.push(Buffer.concat([Buffer.alloc(bound + 1, 'y'), Buffer.from('\nok\n')])),
    ).toEqual(['ok']);
    expect(lines.dropped).toBe(2);
    // A line of exactly the bound is kept.
    expect(lines.push(Buffer.from(`${'z'.repeat(bound)}\n`))).toEqual(['z'.repeat(bound)]);
    // An over-long last line is dropped at the end too.
    lines.push(Buffer.alloc(bound + 1, 'w'));
    expect(lines.end()).toEqual([]);
  });
});

describe('the image event stream over HTTP', () => {
  let server: Server | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = undefined;
  });

  /** An engine on a unix socket whose /events is written by the test. */
  async function fakeEngine(write: (res: ServerResponse) => void) {
    dir = mkdtempSync(join(tmpdir(), 'berth-ev-'));
    const socketPath = join(dir, 'engine.sock');
    const seen: { url: string; closed: Promise<void> }[] = [];
    server = createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        closed: new Promise<void>((resolve) => res.on('close', () => resolve())),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      write(res);
    });
    await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
    const endpoint: EngineEndpoint = {
      kind: 'unix',
      address: `unix://${socketPath}`,
      source: 'DOCKER_HOST',
      tls: false,
    };
    const port = dockerImageEvents({
      http: engineHttp(() => Promise.resolve({ socketPath })),
      endpoint,
    });
    return { port, seen };
  }

  it('asks for image events only, skips garbage and a 2 MB line, and closes the connection when aborted', async () => {
    const { port, seen } = await fakeEngine((res) => {
      res.write('garbage\n{"Type":"container","Action":"start"}\n');
      res.write(`{"Type":"image","Action":"tag","pad":"${'x'.repeat(2 * 1024 * 1024)}"}\n`);
      res.write(`${TAG_LINE}\n`);
      // ...and the stream stays open, as the engine's does.
    });
    const events: EngineImageEvent[] = [];
    const signal = new AbortController();
    let opened = false;
    const following = port.imageEvents({
      signal: signal.signal,
      onOpen: () => (opened = true),
      onEvent: (event) => {
        events.push(event);
        signal.abort();
      },
    });
    await expect(following).resolves.toBeUndefined();
    expect(opened).toBe(true);
    expect(events).toEqual([{ action: 'tag', id: IMAGE_ID, name: 'local/x:2' }]);
    const request = new URL(seen[0]?.url ?? '', 'http://engine');
    expect(request.pathname).toBe('/events');
    expect(JSON.parse(request.searchParams.get('filters') ?? '')).toEqual({ type: ['image'] });
    // No dangling request: the engine sees its side of the stream closed.
    await seen[0]?.closed;
  });

  it('resolves when the engine ends the stream, and rejects with an engine error when it cannot connect', async () => {
    const { port } = await fakeEngine((res) => res.end(`${PULL_LINE}`));
    const events: EngineImageEvent[] = [];
    await port.imageEvents({
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
    });
    expect(events.map((e) => e.action)).toEqual(['pull']);

    const missing = join(dir ?? '', 'nothing.sock');
    const nowhere = dockerImageEvents({
      http: engineHttp(() => Promise.resolve({ socketPath: missing })),
      endpoint: { kind: 'unix', address: `unix://${missing}`, source: 'DOCKER_HOST', tls: false },
    });
    await expect(
      nowhere.imageEvents({ signal: new AbortController().signal, onEvent: () => undefined }),
    ).rejects.toMatchObject({ code: 'engine.socket_missing' });
  });
});
