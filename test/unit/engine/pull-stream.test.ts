import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RawPullEvent } from '../../../src/engine';
import { pullError } from '../../../src/engine/engine-errors';
import { followPullStream } from '../../../src/engine/pull-stream';
import type { EngineEndpoint } from '../../../src/shared/contract';
import { failure } from '../../harness/failures';

const endpoint: EngineEndpoint = {
  kind: 'unix',
  address: 'unix:///tmp/fake.sock',
  source: 'default',
  tls: false,
};
const reference = '127.0.0.1:5000/team/app:1';

function follow(stream: PassThrough, signal?: AbortSignal) {
  const events: RawPullEvent[] = [];
  const done = followPullStream(stream, {
    reference,
    endpoint,
    onEvent: (e) => events.push(e),
    ...(signal ? { signal } : {}),
  });
  return { events, done };
}

describe("following the engine's pull stream", () => {
  it('parses messages split anywhere across chunks, multi-byte characters included', async () => {
    const stream = new PassThrough();
    const { events, done } = follow(stream);
    const text =
      '{"status":"Pulling from team/app","id":"1"}\r\n' +
      '{"status":"Downloading","progressDetail":{"current":5,"total":10},"id":"aaaa"}\r\n' +
      '{"status":"Status: Bild ist aktuell – ✓"}';
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) stream.write(bytes.subarray(i, i + 7));
    stream.end();
    await done;
    expect(events).toEqual([
      { status: 'Pulling from team/app', id: '1' },
      { status: 'Downloading', progressDetail: { current: 5, total: 10 }, id: 'aaaa' },
      { status: 'Status: Bild ist aktuell – ✓' },
    ]);
  });

  it("fails with pull.failed and the engine's exact words on an errorDetail message", async () => {
    const stream = new PassThrough();
    const { events, done } = follow(stream);
    const message = 'unauthorized: authentication required';
    stream.write('{"status":"Pulling fs layer","id":"aaaa"}\n');
    stream.write(JSON.stringify({ errorDetail: { message }, error: message }) + '\n');
    const error = await failure(() => done);
    expect(error.code).toBe('pull.failed');
    expect(error.details?.engineMessage).toBe(message);
    expect(error.message).toContain(reference);
    expect(events).toHaveLength(1);
    expect(stream.destroyed).toBe(true);
  });

  it('destroys the stream and fails with pull.cancelled when the signal aborts', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const { done } = follow(stream, controller.signal);
    stream.write('{"status":"Downloading","id":"aaaa"}\n');
    controller.abort();
    expect((await failure(() => done)).code).toBe('job.cancelled');
    expect(stream.destroyed).toBe(true);
  });

  it('stops at a line longer than any engine message, and drops it', async () => {
    const stream = new PassThrough();
    const { events, done } = follow(stream);
    stream.write('{"status":"Pulling from team/app","id":"1"}\n');
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 17 && !stream.destroyed; i++) stream.write(chunk);
    await expect(done).rejects.toMatchObject({ code: 'engine.bad_stream' });
    expect(events).toHaveLength(1);
    expect(stream.destroyed).toBe(true);
  });

  it('calls a stream cut off before its end an engine failure', async () => {
    const stream = new PassThrough();
    const { done } = follow(stream);
    stream.destroy();
    expect((await failure(() => done)).code).toBe('engine.refused');
  });
});

describe('a pull the engine refuses before streaming', () => {
  it("keeps the engine's words without dockerode's HTTP wrapper", () => {
    const wrapped = Object.assign(
      new Error(
        "(HTTP code 404) unexpected - pull access denied for 127.0.0.1:5000/team/nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied ",
      ),
      { statusCode: 404 },
    );
    const error = pullError(wrapped, endpoint, reference);
    expect(error.code).toBe('pull.failed');
    expect(error.details).toMatchObject({
      status: 404,
      engineMessage:
        "pull access denied for 127.0.0.1:5000/team/nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    });
  });

  it("keeps the engine's words when dockerode also sets its generic reason, as it does for a 500", () => {
    // What dockerode 5 really throws for a refused pull: the words only in the message.
    const wrapped = Object.assign(
      new Error(
        '(HTTP code 500) server error - Head "http://127.0.0.1:5000/v2/team/flows/manifests/1": no basic auth credentials ',
      ),
      { statusCode: 500, reason: 'server error', json: null },
    );
    expect(pullError(wrapped, endpoint, reference).details?.engineMessage).toBe(
      'Head "http://127.0.0.1:5000/v2/team/flows/manifests/1": no basic auth credentials',
    );
  });

  it('does not mistake a registry timeout in the message for the engine timing out', () => {
    const wrapped = Object.assign(
      new Error(
        '(HTTP code 500) server error - Get "https://r.example/v2/": net/http: request canceled (Client.Timeout exceeded) ',
      ),
      { statusCode: 500 },
    );
    expect(pullError(wrapped, endpoint, reference).code).toBe('pull.failed');
  });

  it('maps an unreachable engine as every other engine call does', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(pullError(refused, endpoint, reference).code).toBe('engine.refused');
  });
});
