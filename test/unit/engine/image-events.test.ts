import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BoundedLines,
  EngineMonitor,
  ImageEventWatcher,
  parseImageEvent,
} from '../../../src/engine';
import type { EngineImageEvent, EnginePort, ImagesChange } from '../../../src/engine';
import { engineHttp } from '../../../src/engine/engine-http';
import { dockerImageEvents } from '../../../src/engine/image-events';
import type { EngineEndpoint } from '../../../src/shared/contract';
import { fakeEngine } from '../host/fake-engine';

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

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

/** An engine on a unix socket whose /events is written by the test (`n`: the nth request). */
async function eventServer(write: (res: ServerResponse, n: number) => void) {
  dir = mkdtempSync(join(tmpdir(), 'berth-ev-'));
  const socketPath = join(dir, 'engine.sock');
  const seen: { url: string; at: number; closed: Promise<void> }[] = [];
  server = createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      at: Date.now(),
      closed: new Promise<void>((resolve) => res.on('close', () => resolve())),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    write(res, seen.length);
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

describe('the image event stream over HTTP', () => {
  it('asks for image events only, skips garbage and a 2 MB line, and closes the connection when aborted', async () => {
    const { port, seen } = await eventServer((res) => {
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
    const { port } = await eventServer((res) => res.end(`${PULL_LINE}`));
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

describe('the image event watcher', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const tagLine = (tag: string) =>
    `{"Type":"image","Action":"tag","Actor":{"ID":"${IMAGE_ID}","Attributes":{"name":"${tag}"}}}\n`;

  /** A watcher over the event server, with a monitor whose engine the test turns up or down. */
  function watcherOver(port: ReturnType<typeof dockerImageEvents>) {
    const up = fakeEngine(true);
    const down = fakeEngine(false);
    let isUp = true;
    const engine: EnginePort = {
      ...up,
      ping: () => (isUp ? up.ping() : down.ping()),
      info: () => (isUp ? up.info() : down.info()),
      imageEvents: port.imageEvents,
    };
    const monitor = new EngineMonitor(engine);
    const watcher = new ImageEventWatcher(engine, monitor, {
      coalesceMs: 50,
      maxWaitMs: 200,
      minBackoffMs: 40,
      maxBackoffMs: 160,
    });
    const changes: ImagesChange[] = [];
    watcher.onChange((change) => changes.push(change));
    const setUp = async (next: boolean) => {
      isUp = next;
      await monitor.check();
    };
    return { watcher, monitor, changes, setUp };
  }

  it('opens when the engine is up, reports a burst once with its tags, and closes on stop', async () => {
    const { port, seen } = await eventServer((res) => {
      for (let i = 0; i < 40; i += 1) res.write(tagLine(`local/app:${i % 3}`));
      res.write('{"Type":"image","Action":"save","Actor":{"ID":"x"}}\n');
    });
    const { watcher, changes, setUp } = watcherOver(port);
    watcher.start();
    expect(seen).toHaveLength(0); // the monitor has not said "up" yet
    await setUp(true);
    await sleep(300);
    expect(changes).toEqual([
      {
        actions: ['tag'],
        references: ['local/app:0', 'local/app:1', 'local/app:2'],
        resync: false,
      },
    ]);
    expect(watcher.listening).toBe(true);
    watcher.stop();
    await seen[0]?.closed;
    expect(watcher.listening).toBe(false);
    await sleep(200);
    expect(seen).toHaveLength(1);
  });

  it('a stream that never goes quiet is still reported, at most every maxWait', async () => {
    let ticker: NodeJS.Timeout | undefined;
    const { port } = await eventServer((res) => {
      let i = 0;
      ticker = setInterval(() => res.write(tagLine(`local/tick:${(i += 1)}`)), 20);
      res.on('close', () => clearInterval(ticker));
    });
    const { watcher, changes, setUp } = watcherOver(port);
    watcher.start();
    await setUp(true);
    await sleep(1_000);
    watcher.stop();
    clearInterval(ticker);
    // ~50 events over a second: several reports (not one at the end, not one per event).
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(changes.length).toBeLessThanOrEqual(7);
  });

  it('reopens a stream that ends while the engine looks up, with a resync, backing off', async () => {
    const { port, seen } = await eventServer((res, n) => {
      // The first two streams end at once (an engine restarting between pings); the third stays.
      if (n <= 2) res.end();
      else res.write(tagLine('local/after:1'));
    });
    const { watcher, changes, setUp } = watcherOver(port);
    watcher.start();
    await setUp(true);
    await sleep(500);
    expect(seen).toHaveLength(3);
    expect(watcher.listening).toBe(true);
    // Backing off: 40 ms, then 80 ms (minus a little for timer slack).
    const gaps = seen.slice(1).map((request, i) => request.at - (seen[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    // Each reopened stream may have missed changes: every report says to read all again.
    expect(changes.every((change) => change.resync)).toBe(true);
    expect(changes.at(-1)).toEqual({
      actions: ['tag'],
      references: ['local/after:1'],
      resync: true,
    });
    watcher.stop();
  });

  it('closes the stream when the engine goes down and does not retry until it is back', async () => {
    const { port, seen } = await eventServer(() => undefined);
    const { watcher, setUp } = watcherOver(port);
    watcher.start();
    await setUp(true);
    await sleep(100);
    expect(seen).toHaveLength(1);
    await setUp(false);
    await seen[0]?.closed;
    await sleep(400);
    expect(seen).toHaveLength(1);
    await setUp(true);
    await sleep(100);
    expect(seen).toHaveLength(2);
    watcher.stop();
  });
});
