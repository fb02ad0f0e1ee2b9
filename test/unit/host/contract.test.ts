import { describe, expect, it } from 'vitest';
import { channels, channelNames, eventNames, events } from '../../../src/shared/contract';
import { createClient } from '../../../src/shared/client';
import { BerthError } from '../../../src/shared/errors';
import { createHandlers } from '../../../src/host/handlers';
import { createDispatch } from '../../../src/host/dispatch';
import { EngineMonitor } from '../../../src/engine';
import { fakeEngine, sampleImage } from './fake-engine';

function inMemoryClient(up = true) {
  const engine = fakeEngine(up);
  const handlers = createHandlers({ engine, monitor: new EngineMonitor(engine) });
  const dispatch = createDispatch(handlers);
  return {
    handlers,
    client: createClient({ invoke: (c, r) => dispatch(c, r), on: () => () => {} }),
  };
}

describe('the IPC contract', () => {
  it('has a handler for every channel and a channel for every handler', () => {
    const { handlers } = inMemoryClient();
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(channels).sort()).toEqual([...channelNames].sort());
  });

  it('declares a schema for every pushed event name the preload allows', () => {
    expect(Object.keys(events).sort()).toEqual([...eventNames].sort());
  });

  it('round-trips every channel through the typed client with data that satisfies the schemas', async () => {
    const { client } = inMemoryClient();
    const status = await client.invoke('engine.status', {});
    expect(status.state).toBe('up');
    expect(await client.invoke('images.list', {})).toEqual([sampleImage]);
    expect((await client.invoke('images.inspect', { id: sampleImage.id })).cmd).toEqual(['sh']);
    expect(await client.invoke('images.remove', { id: sampleImage.id })).toEqual({
      untagged: ['local/busybox:1'],
      deleted: [sampleImage.id],
    });
  });

  it('turns a service failure into a BerthError that keeps its code', async () => {
    const { client } = inMemoryClient(false);
    const error = await client.invoke('images.list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).code).toBe('engine.socket_missing');
  });

  it('reports a down engine as a state, with the cause, rather than an error', async () => {
    const { client } = inMemoryClient(false);
    const status = await client.invoke('engine.status', {});
    expect(status).toMatchObject({ state: 'down', error: { code: 'engine.socket_missing' } });
  });
});

describe('dispatch', () => {
  const dispatch = createDispatch(
    createHandlers({ engine: fakeEngine(), monitor: new EngineMonitor(fakeEngine()) }),
  );

  it('rejects an unknown channel by name', async () => {
    expect(await dispatch('images.nuke', {})).toMatchObject({
      ok: false,
      error: { code: 'request.unknown_channel' },
    });
  });

  it('rejects a request with unexpected fields, naming the field', async () => {
    const result = await dispatch('images.list', { all: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
    expect(!result.ok && result.error.message).toMatch(/all|Unrecognized/);
  });

  it('rejects a request of the wrong type', async () => {
    const result = await dispatch('images.inspect', { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
  });

  it('refuses a handler result that breaks the contract instead of passing it on', async () => {
    const broken = createDispatch({
      ...createHandlers({ engine: fakeEngine(), monitor: new EngineMonitor(fakeEngine()) }),
      'images.list': () => Promise.resolve([{ id: 1 }] as never),
    });
    expect(await broken('images.list', {})).toMatchObject({
      ok: false,
      error: { code: 'internal.contract' },
    });
  });
});
