import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EngineChoice } from '../../src/shared/runs';
import type { RunEntry } from '../../src/shared/ledger';
import { describeWithHarness } from '../harness/context';
import { importPythonImage } from '../harness/python-image';
import { createDockerContext, startTlsDockerd } from '../harness/remote-dockerd';
import type { TlsDockerd } from '../harness/remote-dockerd';
import { berth as cli } from './berth-cli';
import { berthOn, exampleCopy } from './runs-setup';

describeWithHarness('flow runs on a remote engine picked by docker context', (h) => {
  let remote: TlsDockerd;
  let dockerConfig: string;
  beforeAll(async () => {
    remote = await startTlsDockerd();
    await importPythonImage(new Docker({ socketPath: remote.dockerd.socketPath }));
    dockerConfig = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
    createDockerContext(dockerConfig, 'remote-tls', remote);
  });
  afterAll(async () => {
    await remote.stop();
  });

  it('lists the docker CLI’s contexts with their address and TLS', async () => {
    const b = berthOn(h, { env: { DOCKER_CONFIG: dockerConfig } });
    const listed = await b.core.dispatch('engine.contexts', {});
    b.core.close();
    if (!listed.ok) throw new Error(listed.error.message);
    const engines = (listed.data as { engines: EngineChoice[] }).engines;
    expect(engines.map((e) => e.name)).toEqual(['default', 'remote-tls']);
    expect(engines[0]).toMatchObject({ address: h.dockerHost, current: true });
    expect(engines[1]).toMatchObject({
      address: remote.tcpHost,
      tls: true,
      current: false,
      description: 'loopback TLS test engine',
    });
    const printed = await cli(['contexts'], {
      DOCKER_HOST: h.dockerHost,
      DOCKER_CONFIG: dockerConfig,
    });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^default \*\s+unix:\/\//m);
    expect(printed.stdout).toMatch(
      /^remote-tls\s+tcp:\/\/127\.0\.0\.1:\d+\s+yes\s+loopback TLS test engine$/m,
    );
  });

  it('`berth run --engine <context>` runs the flow there, over TLS, and records that engine', async () => {
    const dir = exampleCopy('prefect-project');
    const home = mkdtempSync(join(tmpdir(), 'berth-remote-'));
    // The shared engine stays the current one: only --engine sends the run elsewhere.
    const env = {
      DOCKER_HOST: h.dockerHost,
      DOCKER_CONFIG: dockerConfig,
      BERTH_HOME: home,
      HOME: home,
    };
    const ran = await cli(
      [
        'run',
        'hello-explicit',
        '--dir',
        dir,
        '--engine',
        'remote-tls',
        '--param',
        'name=remote',
        '--json',
      ],
      env,
      undefined,
      60_000,
    );
    expect(ran.code).toBe(0);
    const entry = JSON.parse(ran.stdout) as RunEntry;
    expect(entry).toMatchObject({ engine: 'remote-tls', result: 'success', exitCode: 0 });
    expect(ran.stderr).toContain('Hi, remote! (1/2)');
    expect(readFileSync(join(dir, 'out', 'remote.txt'), 'utf8')).toBe('Hi, remote!\n');
    // The remote daemon ran it: its events name the container of this run.
    const remoteDocker = new Docker({ socketPath: remote.dockerd.socketPath });
    const events = (await remoteDocker.getEvents({
      since: Math.floor(Date.parse(entry.time) / 1000) - 1,
      until: Math.floor(Date.now() / 1000) + 1,
      filters: { label: [`berth.run-id=${entry.id}`], event: ['start'] },
    })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of events) text += String(chunk);
    expect(text).toContain(entry.id);

    const unknown = await cli(
      ['run', 'hello-explicit', '--dir', dir, '--engine', 'nope', '--json'],
      env,
    );
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'run.unknown_engine' } });
  });
});
