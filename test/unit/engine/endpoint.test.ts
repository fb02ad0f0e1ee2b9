import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../src/engine';
import { dockerodeOptions } from '../../../src/engine/docker-engine';
import { parseSshAddress, sshArguments } from '../../../src/engine/ssh-bridge';
import { BerthError } from '../../../src/shared/errors';
import { userDataDir } from '../../../src/host/paths';

const dirs: string[] = [];
function dockerConfig(
  currentContext: string | undefined,
  contexts: Record<string, { host: string; tls?: boolean }>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-config-'));
  dirs.push(dir);
  if (currentContext) writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext }));
  for (const [name, { host, tls }] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(dir, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      }),
    );
    if (tls) {
      mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
        writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', f), `${f}-bytes`);
    }
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('engine endpoint resolution', () => {
  it('prefers DOCKER_HOST over any docker context', () => {
    const config = dockerConfig('remote', { remote: { host: 'tcp://10.0.0.5:2376' } });
    const { endpoint } = resolveEndpoint({
      DOCKER_HOST: 'unix:///run/user/1000/docker.sock',
      DOCKER_CONFIG: config,
    });
    expect(endpoint).toEqual({
      kind: 'unix',
      address: 'unix:///run/user/1000/docker.sock',
      source: 'DOCKER_HOST',
      tls: false,
    });
  });

  it('uses the current docker context from config.json, with its TLS material', () => {
    const config = dockerConfig('remote', { remote: { host: 'tcp://10.0.0.5:2376', tls: true } });
    const resolved = resolveEndpoint({ DOCKER_CONFIG: config });
    expect(resolved.endpoint).toEqual({
      kind: 'tcp',
      address: 'tcp://10.0.0.5:2376',
      source: 'context',
      context: 'remote',
      tls: true,
    });
    expect(resolved.tls?.ca?.toString()).toBe('ca.pem-bytes');
    expect(dockerodeOptions(resolved)).toMatchObject({
      host: '10.0.0.5',
      port: 2376,
      protocol: 'https',
    });
  });

  it('lets DOCKER_CONTEXT override the config file, as the docker CLI does', () => {
    const config = dockerConfig('remote', {
      remote: { host: 'tcp://10.0.0.5:2376' },
      colima: { host: 'unix:///Users/me/.colima/default/docker.sock' },
    });
    const { endpoint } = resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'colima' });
    expect(endpoint).toMatchObject({ kind: 'unix', source: 'context', context: 'colima' });
    // An empty host and plain http: DOCKER_HOST in the process env must not win (docker-modem).
    expect(dockerodeOptions({ endpoint })).toEqual({
      socketPath: '/Users/me/.colima/default/docker.sock',
      host: '',
      protocol: 'http',
    });
  });

  it('falls back to the default socket for the "default" context', () => {
    const config = dockerConfig('default', {});
    expect(resolveEndpoint({ DOCKER_CONFIG: config }, 'linux').endpoint).toEqual({
      kind: 'unix',
      address: 'unix:///var/run/docker.sock',
      source: 'default',
      tls: false,
    });
    expect(resolveEndpoint({ DOCKER_CONFIG: config }, 'win32').endpoint.kind).toBe('npipe');
  });

  it('explains a context that has no engine endpoint', () => {
    const config = dockerConfig('gone', {});
    expect(() => resolveEndpoint({ DOCKER_CONFIG: config })).toThrowError(
      /docker context "gone" has no engine endpoint/,
    );
  });

  it.each([
    ['docker.example:2375', /no scheme/],
    ['unix://relative.sock', /must be absolute/],
    ['ftp://host', /scheme "ftp" is not supported/],
    ['tcp://', /host part/],
  ])('rejects DOCKER_HOST=%s with engine.bad_host', (value, why) => {
    let error: unknown;
    try {
      resolveEndpoint({ DOCKER_HOST: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).code).toBe('engine.bad_host');
    expect((error as BerthError).message).toMatch(why);
  });

  it('reaches ssh:// endpoints through the ssh client, with the arguments docker/cli builds', () => {
    const resolved = resolveEndpoint({ DOCKER_HOST: 'ssh://deploy@build-box:2222' });
    // dockerode talks to the bridge's local socket, never to ssh2.
    expect(dockerodeOptions(resolved, '/tmp/b/engine.sock')).toEqual({
      socketPath: '/tmp/b/engine.sock',
      host: '',
      protocol: 'http',
    });
    // docker/cli cli/connhelper/ssh/ssh.go Args and connhelper.go flags.
    expect(sshArguments(parseSshAddress('ssh://deploy@build-box:2222'))).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-T',
      '-l',
      'deploy',
      '-p',
      '2222',
      '--',
      'build-box',
      'docker',
      'system',
      'dial-stdio',
    ]);
    expect(sshArguments(parseSshAddress('ssh://my-alias'))).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-T',
      '--',
      'my-alias',
      'docker',
      'system',
      'dial-stdio',
    ]);
    expect(sshArguments(parseSshAddress('ssh://box/run/user/1000/docker.sock')).slice(-4)).toEqual([
      'docker',
      '--host=unix:///run/user/1000/docker.sock',
      'system',
      'dial-stdio',
    ]);
  });

  it.each([
    ['ssh://me:pw@box', /password/],
    ['ssh://box?x=1', /query/],
    ['ssh://', /host|valid/],
  ])('refuses the ssh address %s as docker/cli does', (address, why) => {
    expect(() => resolveEndpoint({ DOCKER_HOST: address })).toThrow(why);
  });
});

describe('user data directory', () => {
  it('matches where Electron puts userData for "Berth" on each platform', () => {
    expect(userDataDir({ HOME: '/home/ana' }, 'linux')).toBe('/home/ana/.config/Berth');
    expect(userDataDir({ HOME: '/home/ana', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/Berth');
    expect(userDataDir({ HOME: '/Users/ana' }, 'darwin')).toBe(
      '/Users/ana/Library/Application Support/Berth',
    );
    expect(userDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toMatch(
      /Roaming.Berth$/,
    );
  });

  it('honours BERTH_HOME above everything', () => {
    expect(userDataDir({ HOME: '/home/ana', BERTH_HOME: '/tmp/b' }, 'linux')).toBe('/tmp/b');
  });
});
