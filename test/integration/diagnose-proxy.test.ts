/**
 * The engine-proxy remedies against a real dockerd (issue 13, point 5). The engine's unit
 * lives in a temp folder (BERTH_ENGINE_DROPIN_DIR names its docker.service.d), as a user's
 * lives in /etc/systemd/system: a user's http-proxy.conf gives it a proxy on a dead port.
 * systemd itself is the oracle for what a drop-in means: `systemd-analyze verify` loads the
 * unit with its drop-ins, and at debug level prints the Environment= and UnsetEnvironment= it
 * parsed (systemd.exec(5)); dockerd is (re)started with exactly that environment, as
 * `systemctl daemon-reload && systemctl restart docker` would start it. The real docker CLI
 * decides: its pull fails with the real "proxyconnect", the Doctor names the proxy and the
 * variable and the file it came from, `berth fix` writes Berth's drop-in, and after the
 * restart the same pull succeeds; undo puts the folder back byte for byte.
 * Second case: a real forwarding proxy (tinyproxy) the engine must go through: "use this
 * proxy" copies Berth's, the pull succeeds and tinyproxy's log shows the engine's CONNECT.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { PROXY_DROPIN } from '../../src/diagnose/engine-proxy';
import { dropInEnvironment } from '../../src/diagnose/systemd-dropin';
import { engineFacingAddress } from '../harness/addresses';
import { describeWithHarness } from '../harness/context';
import { pushBusybox } from '../harness/push-image';
import { startDockerd } from '../harness/dockerd';
import type { RunningDockerd } from '../harness/dockerd';
import { freePort, shortTempDir } from '../harness/processes';
import { startRegistry } from '../harness/registry';
import type { RunningRegistry } from '../harness/registry';
import { startTinyproxy } from '../harness/tinyproxy';
import type { RunningTinyproxy } from '../harness/tinyproxy';
import { berth } from './berth-cli';

const PROXY_NAMES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** This test process's environment without proxy variables: the base systemd adds to. */
const baseEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROXY_NAMES.includes(k)));

/** Every file of a folder, name → bytes: what "byte for byte" compares. */
const snapshot = (folder: string) =>
  Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));

/**
 * The environment systemd gives the unit, as systemd parses it: `systemd-analyze verify`
 * at debug level dumps the loaded unit ("Environment: NAME=value", "UnsetEnvironment: NAME").
 * Also returns what it said about each drop-in (a syntax it rejects would be logged there).
 */
function systemdEnvironment(unitFile: string): { env: Record<string, string>; log: string } {
  const run = spawnSync('systemd-analyze', ['verify', unitFile], {
    encoding: 'utf8',
    env: { ...process.env, SYSTEMD_LOG_LEVEL: 'debug' },
  });
  const log = `${run.stdout}\n${run.stderr}`;
  const env: Record<string, string> = {};
  const unset: string[] = [];
  for (const line of log.split('\n')) {
    const set = /^\s+Environment: ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (set) env[set[1] ?? ''] = set[2] ?? '';
    const un = /^\s+UnsetEnvironment: (.*)$/.exec(line);
    if (un) unset.push(...(un[1] ?? '').split(/\s+/).filter(Boolean));
  }
  // UnsetEnvironment= is applied last, whatever file or line set a name (systemd.exec(5)).
  return {
    env: Object.fromEntries(Object.entries(env).filter(([name]) => !unset.includes(name))),
    log,
  };
}

describeWithHarness('remedy: the engine’s proxy (systemd drop-in), against a real dockerd', (h) => {
  const dir = shortTempDir('bpx-');
  const home = join(dir.path, 'home');
  const units = join(dir.path, 'units');
  const unitFile = join(units, 'docker.service');
  const dropIns = join(units, 'docker.service.d');
  const userDropIn = join(dropIns, 'http-proxy.conf');
  const ourDropIn = join(dropIns, PROXY_DROPIN);
  let deadProxy: string;
  let userDropInText: string;
  let dockerd: RunningDockerd;
  let registry: RunningRegistry;
  let tinyproxy: RunningTinyproxy;
  let image: string;
  let original: Record<string, Buffer>;
  /** The undo of the first case, applied at the very end (the second case stacks on it). */
  let firstUndo = '';

  const env = (extra: Record<string, string> = {}) => ({
    DOCKER_HOST: dockerd.dockerHost,
    HOME: home,
    BERTH_HOME: home,
    DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    BERTH_ENGINE_DROPIN_DIR: dropIns,
    // The registry is plain HTTP on a non-loopback address: Berth's client may talk to it.
    BERTH_INSECURE_REGISTRIES: registry.host,
    ...extra,
  });
  const docker = (...args: string[]) =>
    spawnSync('docker', ['--host', dockerd.dockerHost, ...args], { encoding: 'utf8' });
  /** `berth fix <id> --yes --json`, which must succeed: its outcome. */
  const fix = async (id: string, extra: Record<string, string> = {}) => {
    const run = await berth(['fix', id, '--yes', '--json'], env(extra));
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { applied: boolean; undo: string; changes: string[] };
  };
  /** As `systemctl daemon-reload && systemctl restart docker` would: systemd's environment. */
  const restartFromUnit = async () => {
    const parsed = systemdEnvironment(unitFile);
    await dockerd.pause();
    await dockerd.start({ ...baseEnv(), ...parsed.env });
    return parsed;
  };

  beforeAll(async () => {
    mkdirSync(home);
    mkdirSync(dropIns, { recursive: true });
    // The unit as Debian's docker.io ships it, in short; its drop-ins are what this test changes.
    writeFileSync(
      unitFile,
      '[Unit]\nDescription=Docker Application Container Engine\n[Service]\nType=notify\nExecStart=/usr/sbin/dockerd -H fd://\nExecReload=/bin/kill -s HUP $MAINPID\n',
    );
    deadProxy = `http://127.0.0.1:${await freePort()}`;
    userDropInText = `[Service]\nEnvironment="HTTP_PROXY=${deadProxy}" "HTTPS_PROXY=${deadProxy}"\nEnvironment="NO_PROXY=localhost,127.0.0.1"\n`;
    writeFileSync(userDropIn, userDropInText);
    original = snapshot(dropIns);

    const address = engineFacingAddress();
    registry = await startRegistry({ auth: 'none', users: {}, address });
    const { env: unitEnv } = systemdEnvironment(unitFile);
    [dockerd, tinyproxy] = await Promise.all([
      startDockerd({
        args: ['--insecure-registry', registry.host],
        env: { ...baseEnv(), ...unitEnv },
      }),
      startTinyproxy(),
    ]);
    image = `${registry.host}/team/behind-proxy:1`;
    pushBusybox(h.dockerHost, image);
  });
  afterAll(async () => {
    await Promise.all([dockerd?.stop(), registry?.stop(), tinyproxy?.stop()]);
    dir.remove();
  });

  it('systemd reads the user’s drop-in as Berth does', () => {
    const { env: bySystemd } = systemdEnvironment(unitFile);
    expect(bySystemd.HTTPS_PROXY).toBe(deadProxy);
    const byBerth = dropInEnvironment([
      { path: userDropIn, name: 'http-proxy.conf', text: userDropInText },
    ]).values;
    expect(byBerth).toEqual(bySystemd);
  });

  it('a dead proxy: docker says proxyconnect; the Doctor names the variable and its drop-in; bypassing it for the registry makes the pull work; undo is byte for byte', async () => {
    const refused = docker('pull', image);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('proxyconnect tcp');
    expect(refused.stderr).toContain(deadProxy.replace('http://', ''));

    const doctor = await berth(
      // docker names no image in a proxyconnect error: the image is given, as the Doctor asks.
      ['doctor', image, '--message', refused.stderr, '--probe', '--json'],
      env(),
      undefined,
      60_000,
    );
    expect(doctor.code, doctor.stderr).toBe(0);
    const d = JSON.parse(doctor.stdout) as Diagnosis;
    expect(d.cause).toBe('proxy');
    const evidence = d.steps.find((s) => s.name === 'engine proxy');
    // Plain HTTP to this registry: the engine's HTTP_PROXY decides, set by the user's drop-in.
    expect(evidence?.detail).toContain(
      `through ${deadProxy}: HTTP_PROXY, from drop-in ${userDropIn}`,
    );
    const bypass = d.remedies?.find((r) => r.id.startsWith('engine-proxy:bypass:'));
    expect(bypass?.id).toBe(`engine-proxy:bypass:${encodeURIComponent(registry.host)}`);
    const preview = bypass?.changes.join('\n') ?? '';
    // The preview is the exact change: the file, its diff, the restart.
    expect(preview).toContain(`${ourDropIn} (new file)`);
    expect(preview).toContain(
      `+ Environment="NO_PROXY=localhost,127.0.0.1,${registry.host.replace(/:\d+$/, '')}"`,
    );
    expect(preview).toContain('systemctl daemon-reload && ');

    const outcome = await fix(bypass?.id ?? '');
    expect(outcome.applied).toBe(true);
    expect(outcome.changes.join('\n')).toContain('+ Environment="NO_PROXY=');
    firstUndo = outcome.undo;

    // systemd accepts the drop-in without a word, and reads it as Berth meant.
    const { env: unitEnv, log } = await restartFromUnit();
    expect(
      log.split('\n').filter((l) => l.includes(PROXY_DROPIN) && !/DropIn Path/.test(l)),
    ).toEqual([]);
    expect(unitEnv.NO_PROXY).toBe(`localhost,127.0.0.1,${registry.host.replace(/:\d+$/, '')}`);
    expect(unitEnv.HTTPS_PROXY).toBe(deadProxy);
    const pulled = docker('pull', image);
    expect(pulled.status, pulled.stderr).toBe(0);
  });

  it('a real forwarding proxy: "use this proxy" gives the engine Berth’s; the pull goes through it (tinyproxy logs the CONNECT); undo restores the previous drop-in byte for byte', async () => {
    docker('image', 'rm', image);
    const before = readFileSync(ourDropIn);
    // Berth runs behind tinyproxy; its NO_PROXY does not spare the registry.
    const shell = { HTTPS_PROXY: tinyproxy.url, HTTP_PROXY: tinyproxy.url, NO_PROXY: 'localhost' };
    const doctor = await berth(
      [
        'doctor',
        '--message',
        `Error response from daemon: Get "https://${registry.host}/v2/": proxyconnect tcp: dial tcp ${deadProxy.replace('http://', '')}: connect: connection refused`,
        '--json',
      ],
      env(shell),
      undefined,
      60_000,
    );
    expect(doctor.code, doctor.stderr).toBe(0);
    const use = (JSON.parse(doctor.stdout) as Diagnosis).remedies?.find(
      (r) => r.id === 'engine-proxy:use',
    );
    expect(use?.title).toContain(tinyproxy.url);
    expect(use?.changes.join('\n')).toContain(`+ Environment="HTTPS_PROXY=${tinyproxy.url}"`);

    const outcome = await fix('engine-proxy:use', shell);
    expect(outcome.changes.join('\n')).toContain('a byte-exact backup is kept');

    const { env: unitEnv } = await restartFromUnit();
    expect(unitEnv.HTTPS_PROXY).toBe(tinyproxy.url);
    expect(unitEnv.NO_PROXY).toBe('localhost');
    const pulled = docker('pull', image);
    expect(pulled.status, pulled.stderr).toBe(0);
    // dockerd tries HTTPS first for an insecure registry (a CONNECT through HTTPS_PROXY), then
    // plain HTTP (a proxied GET through HTTP_PROXY): both went through tinyproxy.
    const log = tinyproxy.log();
    expect(log).toContain(`CONNECT ${registry.host} HTTP/1.1`);
    expect(log).toContain(`GET http://${registry.host}/v2/`);

    await fix(outcome.undo, shell);
    expect(readFileSync(ourDropIn)).toEqual(before);

    await fix(firstUndo);
    expect(snapshot(dropIns)).toEqual(original);
    // And the engine, restarted from the folder as it was, fails as before.
    await restartFromUnit();
    docker('image', 'rm', image);
    expect(docker('pull', image).stderr).toContain('proxyconnect tcp');
  });

  it('"remove" takes the engine’s proxy away (UnsetEnvironment=, as systemd applies it); then an engine without the proxy Berth goes through is named as the cause', async () => {
    const outcome = await fix('engine-proxy:remove');
    expect(outcome.changes.join('\n')).toContain(
      '+ UnsetEnvironment=HTTP_PROXY http_proxy HTTPS_PROXY https_proxy',
    );
    const { env: unitEnv } = await restartFromUnit();
    expect(unitEnv.HTTPS_PROXY).toBeUndefined();
    expect(unitEnv.HTTP_PROXY).toBeUndefined();
    expect(unitEnv.NO_PROXY).toBe('localhost,127.0.0.1');
    docker('image', 'rm', image);
    const direct = docker('pull', image);
    expect(direct.status, direct.stderr).toBe(0);

    // Where only the proxy gets out, the engine's direct dial times out while Berth, through
    // its proxy, is served: the missing proxy is the cause, and "use" is offered.
    const shell = { HTTPS_PROXY: tinyproxy.url, HTTP_PROXY: tinyproxy.url };
    const timedOut = `Error response from daemon: Get "http://${registry.host}/v2/": dial tcp ${registry.host}: i/o timeout`;
    const doctor = await berth(
      ['doctor', image, '--message', timedOut, '--probe', '--json'],
      env(shell),
      undefined,
      60_000,
    );
    expect(doctor.code, doctor.stderr).toBe(0);
    const d = JSON.parse(doctor.stdout) as Diagnosis;
    expect(d.cause).toBe('proxy');
    expect(d.summary).toContain(`answers Berth through the proxy ${tinyproxy.url}`);
    expect(d.steps.find((s) => s.name === 'engine proxy')?.detail).toContain(
      `connects to ${registry.host} directly`,
    );
    expect(d.remedies?.map((r) => r.id)).toContain('engine-proxy:use');

    await fix(outcome.undo);
    expect(snapshot(dropIns)).toEqual(original);
  });
});
