/**
 * What the built `berth` process loads (issue 11, "Start-up and overhead"): run as a user runs
 * it, with a probe preloaded (NODE_OPTIONS=--require) that writes, at exit, every CommonJS
 * module in the process. The native keychain module, ssh2 and grpc-js are CommonJS loaded
 * from node_modules, so they show there however they were reached. Which bundled code a
 * command loads is checked at build level by test/unit/cli/cli-bundle.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { berth } from './berth-cli';

const dir = mkdtempSync(join(tmpdir(), 'berth-startup-'));
const probe = join(dir, 'probe.cjs');
writeFileSync(
  probe,
  // process.moduleLoadList names the built-in modules Node loaded ("NativeModule net").
  // A pack puts the chunks it holds in require.cache under their own paths (with an exports
  // getter, scripts/cli-build.mjs): those were never read from disk, so `read` leaves them out.
  `process.on('exit', () => require('node:fs').writeFileSync(process.env.BERTH_PROBE_OUT, JSON.stringify({ files: Object.keys(require.cache), read: Object.entries(require.cache).filter(([, m]) => !Object.getOwnPropertyDescriptor(m, 'exports')?.get).map(([f]) => f), builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages from node_modules in the process when `berth <args>` exits. */
async function packagesLoadedBy(args: string[], env: Record<string, string> = {}, stdin = '') {
  const out = join(dir, `loaded-${args[0]}.json`);
  const result = await berth(
    args,
    { ...env, NODE_OPTIONS: `--require ${probe}`, BERTH_PROBE_OUT: out },
    stdin,
  );
  const { files, read, builtins } = JSON.parse(readFileSync(out, 'utf8')) as {
    files: string[];
    read: string[];
    builtins: string[];
  };
  const packages = new Set(
    files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []),
  );
  return { result, packages: [...packages], builtins, files, read };
}

/** The sources bundled into the CLI chunks a process loaded, from each chunk's source map. */
function bundledSources(files: string[]): string[] {
  return files
    .filter((f) => /dist[\\/]cli[\\/].*\.cjs$/.test(f))
    .flatMap((f) => (JSON.parse(readFileSync(`${f}.map`, 'utf8')) as { sources: string[] }).sources)
    .map((source) => source.replace(/^(\.\.\/)+/, ''));
}

/** The CLI's own files a process loaded, relative to dist/cli (the compile cache's aside). */
function cliFiles(files: string[]): string[] {
  return files
    .flatMap((f) => /dist[\\/]cli[\\/](.*\.cjs)$/.exec(f)?.[1]?.replaceAll('\\', '/') ?? [])
    .filter((f) => f !== 'compile-cache.cjs');
}

const SSH_AND_GRPC = ['ssh2', 'cpu-features', '@grpc/grpc-js', '@grpc/proto-loader'];

describeWithHarness('what a berth command loads', (h) => {
  it('`berth ref` loads no keychain module, no HTTP client, no child_process and nothing of SSH or gRPC', async () => {
    const { result, packages, builtins, files, read } = await packagesLoadedBy([
      'ref',
      'nginx',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(cliFiles(read)).toEqual(['packs/ref.cjs']);
    expect(
      bundledSources(files).filter((s) => /^src\/(host|engine|credentials)\//.test(s)),
    ).toEqual([]);
    expect(JSON.parse(result.stdout)).toMatchObject({ canonical: 'docker.io/library/nginx' });
    expect(
      packages.filter((p) => [...SSH_AND_GRPC, '@napi-rs/keyring', 'undici'].includes(p)),
    ).toEqual([]);
    // commander's child_process (and with it dgram) waits for a first use that never comes; net
    // is there anyway when stdout is a pipe (Node writes to a pipe through a net.Socket).
    expect(builtins).toContain('fs');
    expect(builtins.filter((b) => ['child_process', 'dgram'].includes(b))).toEqual([]);
    // node:module brings Node's ESM loader with it; before Node 22.1's compile cache (which
    // bin/berth.cjs takes from node:module) the CLI uses the CommonJS loader its own module holds.
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 1)) {
      expect(builtins).not.toContain('module');
      expect(builtins).not.toContain('internal/modules/esm/loader');
    }
  });

  it('`berth engine` talks to dockerd without loading ssh2, grpc-js or the keychain module', async () => {
    const { result, packages } = await packagesLoadedBy(['engine', '--json'], {
      DOCKER_HOST: h.dockerHost,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ endpoint: { address: h.dockerHost } });
    expect(packages.filter((p) => [...SSH_AND_GRPC, '@napi-rs/keyring'].includes(p))).toEqual([]);
  });

  it("`berth pull` reaches the engine and the registry over Node's own http: no dockerode, no undici", async () => {
    // A docker login in ~/.docker/config.json, as docker would read it (no keychain involved).
    const home = join(dir, 'pull-home');
    const auth = Buffer.from(`alice:${h.users.alice ?? ''}`).toString('base64');
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [h.basicRegistry.host]: { auth } } }),
    );
    const { result, builtins, files, read } = await packagesLoadedBy(
      ['pull', `${h.basicRegistry.host}/team/flows:1`, '--json'],
      { DOCKER_HOST: h.dockerHost, HOME: home, BERTH_HOME: join(home, 'berth') },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      result: 'success',
      digest: h.seeded.flowsDigest,
    });
    // One file of the CLI's own (its pack, scripts/cli-build.mjs), not the two dozen chunks
    // it is made of: each file costs a resolve, a stat, a read and a compile at every start.
    expect(cliFiles(read)).toEqual(['packs/pull.cjs']);
    const sources = bundledSources(files);
    expect(sources).toContain('src/pull/pull-service.ts');
    expect(
      sources.filter((s) => /node_modules\/(dockerode|docker-modem|undici)\//.test(s)),
    ).toEqual([]);
    // Node's own copy of undici, behind the global fetch and Headers, stays unloaded too; TLS
    // loads only for an https registry or engine (both are plain here), child_process only for
    // a credential helper (config.json names none).
    expect(
      builtins.filter((b) => b.includes('undici') || ['tls', 'https', 'child_process'].includes(b)),
    ).toEqual([]);
  });

  it("`berth run` creates, attaches, starts and waits over Node's own http: no dockerode", async () => {
    const project = join(dir, 'run-project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'berth.yaml'),
      'flows:\n  - name: hello\n    image: local/busybox:1\n    pull_policy: never\n    auto_remove: true\n    command: [sh, -c, "echo hello from busybox"]\n',
    );
    const home = join(dir, 'run-home');
    const { result, files, read } = await packagesLoadedBy(['run', 'hello', '--dir', project], {
      DOCKER_HOST: h.dockerHost,
      HOME: home,
      BERTH_HOME: join(home, 'berth'),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('hello from busybox');
    expect(cliFiles(read)[0]).toBe('packs/run.cjs');
    const sources = bundledSources(files);
    expect(sources).toContain('src/runs/run-service.ts');
    expect(sources).toContain('src/engine/containers.ts');
    expect(sources.filter((s) => /node_modules\/(dockerode|docker-modem)\//.test(s))).toEqual([]);
  });

  it('`berth login` loads the keychain module when it stores a secret, and the probe sees it', async () => {
    // The other way round: the probe is not blind to a module the tests above rule out, and
    // the keychain loaded on first use still fails as keychain.unavailable without a bus.
    const home = join(dir, 'home');
    const { result, packages } = await packagesLoadedBy(
      ['login', '127.0.0.1:9', '-u', 'alice', '--password-stdin', '--no-verify', '--json'],
      { BERTH_HOME: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${home}/no-bus` },
      'not-a-real-secret',
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'keychain.unavailable' } });
    expect(packages).toContain('@napi-rs/keyring');
  });
});
