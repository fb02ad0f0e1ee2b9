/**
 * A flow run on Podman's Docker-compatible API (`podman system service`, as Podman Desktop
 * and `podman machine` expose it): Berth's container calls (create, attach hijacked with
 * `Upgrade: tcp`, wait, start, remove) against a second engine, with `podman run` of the same
 * command on the same storage as the oracle for the output and the exit code.
 *
 * The docker CLI is not the oracle here: against podman 4.3's API, `docker run --rm` of a
 * command that exits 3 reports 0 (its wait for the auto-removed container gets no status);
 * `podman run` reports the 3 the command exited with.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxRootfsTar } from '../harness/seed';
import { berth } from '../integration/berth-cli';

const dir = mkdtempSync(join(tmpdir(), 'berth-podman-run-'));
/** Two services on the same storage: events in a file (podman's usual), and no events. */
const sockets = { file: join(dir, 'podman.sock'), none: join(dir, 'podman-quiet.sock') };
const IMAGE = 'localhost/berth-busybox:1';
const conf = {
  storage: join(dir, 'storage.conf'),
  registries: join(dir, 'registries.conf'),
  containers: join(dir, 'containers.conf'),
};
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(dir, 'home'),
  XDG_RUNTIME_DIR: join(dir, 'run'),
  CONTAINERS_STORAGE_CONF: conf.storage,
  CONTAINERS_REGISTRIES_CONF: conf.registries,
  CONTAINERS_CONF: conf.containers,
};
const services: ChildProcess[] = [];

/** A containers.conf; the ulimits and the events logger are the why of each line below. */
const containersConf = (eventsLogger: 'file' | 'none') =>
  // Podman's default open-files limit (1048576) is above what this machine's containers may
  // set, and runc then refuses to start any container; a lower one changes nothing else.
  `[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n[engine]\nevents_logger = "${eventsLogger}"\nevents_logfile_path = "${join(dir, 'events.log')}"\ncgroup_manager = "cgroupfs"\n`;

async function startService(eventsLogger: 'file' | 'none'): Promise<void> {
  const containers = join(dir, `containers-${eventsLogger}.conf`);
  writeFileSync(containers, containersConf(eventsLogger));
  const socket = sockets[eventsLogger];
  services.push(
    spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], {
      env: { ...env, CONTAINERS_CONF: containers },
      stdio: 'ignore',
    }),
  );
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(socket)) throw new Error('podman system service did not open its socket');
}

const podman = (args: string[]) =>
  new Promise<{ code: number; stdout: string }>((resolve, reject) => {
    const child = spawn('podman', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });

/** A project whose one flow runs `script` in the image, and Berth's run of it. */
async function berthRun(
  name: string,
  script: string,
  {
    events = 'file',
    autoRemove = true,
    json = false,
  }: { events?: 'file' | 'none'; autoRemove?: boolean; json?: boolean } = {},
) {
  const project = join(dir, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'berth.yaml'),
    `flows:\n  - name: ${name}\n    image: ${IMAGE}\n    pull_policy: never\n    auto_remove: ${autoRemove}\n    command: [sh, -c, ${JSON.stringify(script)}]\n`,
  );
  return berth(['run', name, '--dir', project, ...(json ? ['--json'] : [])], {
    DOCKER_HOST: `unix://${sockets[events]}`,
    HOME: join(dir, 'home'),
    BERTH_HOME: join(dir, 'berth'),
  });
}

/** A terminal's line endings (both runs have a TTY) as plain newlines. */
const lines = (text: string) => text.replace(/\r\n/g, '\n');

beforeAll(async () => {
  for (const sub of ['home', 'run', 'graph', 'runroot']) mkdirSync(join(dir, sub));
  writeFileSync(
    conf.storage,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'graph')}"\nrunroot = "${join(dir, 'runroot')}"\n`,
  );
  writeFileSync(conf.registries, 'unqualified-search-registries = []\n');
  writeFileSync(conf.containers, containersConf('file'));
  const tar = join(dir, 'rootfs.tar');
  writeFileSync(tar, busyboxRootfsTar());
  execFileSync('podman', ['import', tar, IMAGE], { env, stdio: 'ignore' });
  await startService('file');
  await startService('none');
});

afterAll(() => {
  for (const service of services) service.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("a flow run on Podman's Docker-compatible API, against `podman run`", () => {
  it('gives the output and the exit code podman gives', async () => {
    const script = 'echo out; echo err >&2; echo "$((6 * 7))"; exit 3';
    const oracle = await podman(['run', '--rm', '-t', IMAGE, 'sh', '-c', script]);
    expect(oracle.code).toBe(3);
    const ran = await berthRun('exits', script);
    expect(ran.code, ran.stderr).toBe(oracle.code);
    expect(lines(ran.stdout)).toBe(lines(oracle.stdout));
    expect(ran.stderr).toContain('The container exited with code 3.');
    // auto_remove: nothing is left on the engine.
    expect((await podman(['ps', '-a', '-q'])).stdout.trim()).toBe('');
  });

  it('streams a long output whole, in order', async () => {
    const script = 'i=0; while [ $i -lt 3000 ]; do i=$((i + 1)); echo "line $i"; done';
    const oracle = await podman(['run', '--rm', '-t', IMAGE, 'sh', '-c', script]);
    const ran = await berthRun('long', script);
    expect(ran.code, ran.stderr).toBe(0);
    expect(lines(ran.stdout).split('\n').filter(Boolean)).toHaveLength(3000);
    expect(lines(ran.stdout)).toBe(lines(oracle.stdout));
  });

  it('does not hang when the engine never answers the wait: the state says how it ended', async () => {
    // With events_logger "none", podman 4.3 never answers POST /containers/{id}/wait.
    const script = 'echo quiet; exit 5';
    const oracle = await podman(['run', '-t', IMAGE, 'sh', '-c', script]);
    expect(oracle.code).toBe(5);
    const kept = await berthRun('quiet-kept', script, { events: 'none', autoRemove: false });
    expect(kept.code, kept.stderr).toBe(oracle.code);
    expect(lines(kept.stdout)).toContain('quiet');
    expect(kept.stderr).toContain('The container exited with code 5.');
    // Auto-removed, nothing is left to ask: said so, not waited on for ever, not a guessed 0.
    const removed = await berthRun('quiet-removed', script, {
      events: 'none',
      json: true,
    });
    expect(removed.code).not.toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ error: { code: 'run.exit_unknown' } });
  });
});
