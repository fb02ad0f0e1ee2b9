/**
 * The engine's image events against a real dockerd, changed by the real docker CLI as a user
 * would in a terminal: Berth's core must push images.changed within seconds, once per burst,
 * and follow the engine through a restart. The daemon is this file's own (restarting the
 * shared one would take every other test with it); it also listens on TCP with mutual TLS,
 * reached through a docker context as the CLI writes it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBerthCore } from '../../src/host/core';
import type { EventPayload, ImageSummary } from '../../src/shared/contract';
import { describeWithHarness } from '../harness/context';
import { createDockerContext, startTlsDockerd } from '../harness/remote-dockerd';
import type { TlsDockerd } from '../harness/remote-dockerd';
import { importBusybox } from '../harness/seed';
import { startSshd } from '../harness/sshd';

type Change = EventPayload<'images.changed'> & { at: number };

/** A core that records every images.changed it pushes. */
function watchedCore(env: NodeJS.ProcessEnv) {
  const home = mkdtempSync(join(tmpdir(), 'berth-events-'));
  const core = createBerthCore({
    env: { HOME: home, BERTH_HOME: home, ...env },
    monitorIntervals: { upIntervalMs: 500, downIntervalMs: 300 },
  });
  const changes: Change[] = [];
  core.bus.subscribe((event, payload) => {
    if (event === 'images.changed')
      changes.push({ ...(payload as EventPayload<'images.changed'>), at: Date.now() });
  });
  core.watch();
  return { core, changes };
}

async function until<T>(what: string, read: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithHarness("the engine's image events", (h) => {
  let remote: TlsDockerd;
  let dockerConfig: string;
  let unix: ReturnType<typeof watchedCore>;
  const docker = (...args: string[]) =>
    execFileSync('docker', ['--config', dockerConfig, '-H', remote.dockerd.dockerHost, ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 60_000,
    });

  beforeAll(async () => {
    remote = await startTlsDockerd();
    await importBusybox(new Docker({ socketPath: remote.dockerd.socketPath }), {
      repo: 'local/busybox',
      tag: '1',
    });
    dockerConfig = mkdtempSync(join(tmpdir(), 'berth-events-config-'));
    createDockerContext(dockerConfig, 'events-tls', remote);
    unix = watchedCore({ DOCKER_HOST: remote.dockerd.dockerHost });
    await until('the stream to open', () => unix.core.imageEvents.listening);
  });
  afterAll(async () => {
    unix?.core.close();
    await remote?.stop();
  });

  it('a docker pull in a terminal is pushed within seconds, naming the tag', async () => {
    const image = `${h.tokenRegistry.host}/public/tools:1`;
    const before = unix.changes.length;
    docker('pull', '-q', image);
    const pulledAt = Date.now();
    const change = await until('images.changed after docker pull', () =>
      unix.changes.slice(before).find((c) => c.actions.includes('pull')),
    );
    expect(change.references).toContain(image);
    expect(change.at - pulledAt).toBeLessThan(2_000);
    // What the renderer then reads has it.
    const listed = await unix.core.dispatch('images.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect((listed.data as ImageSummary[]).flatMap((i) => i.repoTags)).toContain(image);
  });

  it('docker tag and docker rmi are pushed, each once', async () => {
    let before = unix.changes.length;
    docker('tag', 'local/busybox:1', 'local/events:a');
    const tagged = await until('images.changed after docker tag', () =>
      unix.changes.slice(before).find((c) => c.actions.includes('tag')),
    );
    expect(tagged.references).toEqual(['local/events:a']);
    expect(tagged.resync).toBe(false);
    await sleep(600);
    expect(unix.changes.length - before).toBe(1);

    before = unix.changes.length;
    docker('rmi', 'local/events:a');
    const untagged = await until('images.changed after docker rmi', () =>
      unix.changes.slice(before).find((c) => c.actions.includes('untag')),
    );
    // The image is still there under local/busybox:1: untagged, not deleted.
    expect(untagged.actions).toEqual(['untag']);
    await sleep(600);
    expect(unix.changes.length - before).toBe(1);
  });

  it('a burst (one docker rmi of 30 tags) is one notification', async () => {
    const tags = Array.from({ length: 30 }, (_, i) => `local/burst:${i}`);
    for (const tag of tags) docker('tag', 'local/busybox:1', tag);
    // Let the tags' own notifications pass before the burst under test.
    await sleep(1_500);
    const before = unix.changes.length;
    docker('rmi', ...tags);
    await until('images.changed after the burst', () => unix.changes.length > before);
    await sleep(1_000);
    const burst = unix.changes.slice(before);
    expect(burst).toHaveLength(1);
    expect(burst[0]?.actions).toEqual(['untag']);
  });

  it('follows a docker context over TCP with mutual TLS', async () => {
    const tls = watchedCore({ DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'events-tls' });
    try {
      expect(tls.core.engine.endpoint).toMatchObject({ kind: 'tcp', tls: true });
      await until('the TLS stream to open', () => tls.core.imageEvents.listening);
      docker('tag', 'local/busybox:1', 'local/events:tls');
      const change = await until('images.changed over TLS', () =>
        tls.changes.find((c) => c.actions.includes('tag')),
      );
      expect(change.references).toEqual(['local/events:tls']);
    } finally {
      tls.core.close();
    }
    // Closed means closed: no stream left open, nothing pushed afterwards.
    expect(tls.core.imageEvents.listening).toBe(false);
    const after = tls.changes.length;
    docker('rmi', 'local/events:tls');
    await sleep(800);
    expect(tls.changes.length).toBe(after);
  });

  it('follows an ssh:// engine through the user’s ssh client', async () => {
    const sshd = await startSshd(remote.dockerd.socketPath);
    const ssh = watchedCore({
      HOME: sshd.home,
      PATH: `${sshd.clientBin}:${process.env.PATH ?? ''}`,
      DOCKER_HOST: `ssh://${sshd.alias}`,
    });
    try {
      expect(ssh.core.engine.endpoint).toMatchObject({ kind: 'ssh' });
      await until('the ssh stream to open', () => ssh.core.imageEvents.listening, 60_000);
      const logins = sshd.acceptedLogins();
      docker('tag', 'local/busybox:1', 'local/events:ssh');
      const change = await until('images.changed over ssh', () =>
        ssh.changes.find((c) => c.actions.includes('tag')),
      );
      expect(change.references).toEqual(['local/events:ssh']);
      // The event came down the stream already open: no new login was needed for it.
      expect(sshd.acceptedLogins()).toBe(logins);
    } finally {
      ssh.core.close();
      await sshd.stop();
    }
  }, 120_000);

  it('opens the stream again after the engine restarts, and says to read everything again', async () => {
    await remote.dockerd.pause();
    await until('the stream to close', () => !unix.core.imageEvents.listening, 10_000);
    const before = unix.changes.length;
    await remote.dockerd.start();
    await until('the stream to reopen', () => unix.core.imageEvents.listening, 15_000);
    const resync = await until('a resync', () => unix.changes.slice(before).find((c) => c.resync));
    expect(resync.actions).toEqual([]);
    docker('tag', 'local/busybox:1', 'local/events:after-restart');
    const change = await until('images.changed after the restart', () =>
      unix.changes.slice(before).find((c) => c.references.includes('local/events:after-restart')),
    );
    expect(change.actions).toEqual(['tag']);
  });
});
