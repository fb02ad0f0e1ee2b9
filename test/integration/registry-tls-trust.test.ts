/**
 * Berth trusts what the engine trusts (issue 12, point 6), against real docker-registry
 * servers: one signed by a private CA that is added to a temp copy of the Debian system bundle
 * (SSL_CERT_FILE points Berth at it; the machine's own store is never touched), one demanding
 * a client certificate that Berth finds through a certs.d folder (BERTH_CERTS_D points at a
 * temp root laid out like /etc/docker/certs.d), and a CONNECT proxy that records what it
 * carried. curl, given the same bundle, is the oracle for the first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUndiciFetch, exchange } from '../../src/registry';
import type { TransportView } from '../../src/shared/transport';
import { describeWithHarness } from '../harness/context';
import { shortTempDir } from '../harness/processes';
import {
  TEST_REGISTRY_NAME,
  makePrivateCa,
  startConnectProxy,
  startTlsRegistry,
} from '../harness/tls-registry';
import type { PrivateCa, RecordingProxy, TlsRegistry } from '../harness/tls-registry';
import { berth } from './berth-cli';

const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

describeWithHarness('registry TLS: the system store, certs.d and a proxy', (h) => {
  const dir = shortTempDir('btls-');
  let ca: PrivateCa;
  let plain: TlsRegistry;
  let mutual: TlsRegistry;
  let proxy: RecordingProxy;
  let mapping: RecordingProxy;
  let bundle: string;
  let certsRoot: string;

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'ca'));
    ca = makePrivateCa(join(dir.path, 'ca'));
    [plain, mutual, proxy, mapping] = await Promise.all([
      startTlsRegistry(ca, false),
      startTlsRegistry(ca, true),
      startConnectProxy(),
      startConnectProxy({ [TEST_REGISTRY_NAME]: '127.0.0.1' }),
    ]);
    // The system store plus the private CA, as update-ca-certificates would make it.
    bundle = join(dir.path, 'ca-certificates.crt');
    copyFileSync(DEBIAN_BUNDLE, bundle);
    writeFileSync(bundle, readFileSync(ca.caCert), { flag: 'a' });
    // docker's layout: <root>/<host:port>/{ca.crt, client.cert, client.key}
    certsRoot = join(dir.path, 'certs.d');
    const hostDir = join(certsRoot, mutual.host);
    mkdirSync(hostDir, { recursive: true });
    copyFileSync(ca.caCert, join(hostDir, 'ca.crt'));
    copyFileSync(ca.clientCert, join(hostDir, 'client.cert'));
    copyFileSync(ca.clientKey, join(hostDir, 'client.key'));
  });
  afterAll(async () => {
    await Promise.all([plain.stop(), mutual.stop(), proxy.stop(), mapping.stop()]);
    dir.remove();
  });

  const ping = async (url: string, env: NodeJS.ProcessEnv) => {
    try {
      const r = await exchange(createUndiciFetch({ env }), `${url}/v2/`, {
        timeoutMs: 5000,
        maxBytes: 1024 * 1024,
        what: 'the ping',
      });
      return `status ${r.status}`;
    } catch (error) {
      return (error as { code: string; details?: { cause?: string } }).details?.cause ?? 'error';
    }
  };
  const curl = (url: string, caBundle: string) =>
    spawnSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', `${url}/v2/`], {
      env: { ...process.env, CURL_CA_BUNDLE: caBundle },
      timeout: 10_000,
    }).stdout.toString();

  it('a private CA in the system bundle: Berth and curl both trust it, and both refuse without it', async () => {
    const none = { BERTH_CERTS_D: '' };
    expect(await ping(plain.url, { ...none, SSL_CERT_FILE: bundle })).toBe('status 200');
    expect(curl(plain.url, bundle)).toBe('200');
    const refused = await ping(plain.url, { ...none, SSL_CERT_FILE: DEBIAN_BUNDLE });
    expect(refused).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
    expect(curl(plain.url, DEBIAN_BUNDLE)).toBe('000');
  });

  // Node itself is the oracle: a user sets NODE_EXTRA_CA_CERTS so that Node programs trust a
  // company's CA, and Berth's connections pass an explicit `ca`, which replaces Node's extras.
  const nodeGet = (url: string, extraCa?: string) =>
    spawnSync(
      process.execPath,
      [
        '-e',
        `require('node:https').get(${JSON.stringify(`${url}/v2/`)}, (r) => { console.log(r.statusCode); r.resume(); }).on('error', (e) => console.log(e.code))`,
      ],
      {
        env: { PATH: process.env.PATH ?? '', ...(extraCa ? { NODE_EXTRA_CA_CERTS: extraCa } : {}) },
        timeout: 10_000,
      },
    )
      .stdout.toString()
      .trim();
  const refusal = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

  it('a private CA in NODE_EXTRA_CA_CERTS: Berth trusts it as Node does, and both skip a file that is not there', async () => {
    const base = { BERTH_CERTS_D: '', SSL_CERT_FILE: DEBIAN_BUNDLE };
    expect(nodeGet(plain.url, ca.caCert)).toBe('200');
    expect(await ping(plain.url, { ...base, NODE_EXTRA_CA_CERTS: ca.caCert })).toBe('status 200');
    expect(nodeGet(plain.url)).toMatch(refusal);
    expect(await ping(plain.url, base)).toMatch(refusal);
    const missing = join(dir.path, 'no-such-ca.pem');
    expect(nodeGet(plain.url, missing)).toMatch(refusal);
    expect(await ping(plain.url, { ...base, NODE_EXTRA_CA_CERTS: missing })).toMatch(refusal);
    // …and `creds explain` names it among the CA files.
    const home = shortTempDir('btls-nx-');
    const r = await berth(['creds', 'explain', `${plain.host}/team/app:1`, '--json'], {
      HOME: home.path,
      BERTH_HOME: home.path,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      ...base,
      NODE_EXTRA_CA_CERTS: ca.caCert,
    });
    home.remove();
    expect(r.code, r.stderr).toBe(0);
    const { transport } = JSON.parse(r.stdout) as { transport: TransportView };
    expect(transport.extraCaFiles).toEqual([ca.caCert]);
    expect(transport.summary).toContain(`+ ${ca.caCert}`);
  });

  it('a registry demanding a client certificate: found through certs.d, refused without it', async () => {
    const env = { SSL_CERT_FILE: DEBIAN_BUNDLE, BERTH_CERTS_D: certsRoot };
    expect(await ping(mutual.url, env)).toBe('status 200');
    // With the CA but no client certificate, the registry ends the handshake.
    const caOnly = join(dir.path, 'ca-only');
    mkdirSync(join(caOnly, mutual.host), { recursive: true });
    copyFileSync(ca.caCert, join(caOnly, mutual.host, 'ca.crt'));
    expect(await ping(mutual.url, { ...env, BERTH_CERTS_D: caOnly })).not.toBe('status 200');
    // Another registry's folder is not used for this one.
    expect(await ping(plain.url, env)).not.toBe('status 200');
  });

  it('through an HTTPS_PROXY, the mutual-TLS registry still answers, and NO_PROXY bypasses it', async () => {
    const env = {
      SSL_CERT_FILE: DEBIAN_BUNDLE,
      BERTH_CERTS_D: certsRoot,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '',
    };
    proxy.tunnels.length = 0;
    expect(await ping(mutual.url, env)).toBe('status 200');
    expect(proxy.tunnels).toEqual([mutual.host]);
    proxy.tunnels.length = 0;
    expect(await ping(mutual.url, { ...env, NO_PROXY: '127.0.0.1' })).toBe('status 200');
    expect(proxy.tunnels).toEqual([]);
  });

  it('creds explain says which CA bundle, certs.d folder, client certificate and proxy apply', async () => {
    const home = shortTempDir('btls-home-');
    const r = await berth(['creds', 'explain', `${mutual.host}/team/app:1`, '--json'], {
      HOME: home.path,
      BERTH_HOME: home.path,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      SSL_CERT_FILE: bundle,
      BERTH_CERTS_D: certsRoot,
      HTTPS_PROXY: 'http://user:pw@proxy.example:3128',
    });
    expect(r.code, r.stderr).toBe(0);
    const { transport } = JSON.parse(r.stdout) as { transport: TransportView };
    expect(transport).toMatchObject({
      systemBundle: bundle,
      certsDir: join(certsRoot, mutual.host),
      registryCaFiles: [join(certsRoot, mutual.host, 'ca.crt')],
      clientCert: join(certsRoot, mutual.host, 'client.cert'),
      proxy: 'http://***@proxy.example:3128',
    });
    expect(r.stdout).not.toContain(':pw@');
    const human = await berth(['creds', 'explain', `${plain.host}/team/app:1`], {
      HOME: home.path,
      BERTH_HOME: home.path,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      SSL_CERT_FILE: bundle,
      BERTH_CERTS_D: certsRoot,
    });
    expect(human.stdout).toContain(`connection:           CAs: Node's roots + ${bundle}`);
    expect(human.stdout).toContain('no client certificate; direct (no proxy)');
    home.remove();
  });

  interface DoctorJson {
    cause: string;
    steps: { name: string; ok: boolean; detail: string }[];
    transport: TransportView | null;
  }
  const doctor = async (image: string, env: NodeJS.ProcessEnv) => {
    const home = shortTempDir('btls-doc-');
    try {
      const r = await berth(['doctor', image, '--json'], {
        HOME: home.path,
        BERTH_HOME: home.path,
        DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
        DOCKER_HOST: h.dockerHost,
        ...env,
      });
      return JSON.parse(r.stdout) as DoctorJson;
    } finally {
      home.remove();
    }
  };
  const stepOf = (d: DoctorJson, name: string) => d.steps.find((s) => s.name === name);

  // A loopback address is plain HTTP to Berth (docker's default), so the probe's tests name
  // the registries registry.berth.test:<port>, which only the proxy resolves (to 127.0.0.1).
  const named = (registry: TlsRegistry) => `${TEST_REGISTRY_NAME}:${registry.host.split(':')[1]}`;

  it('the probe connects as registry HTTP does, through the proxy and with the certs.d client certificate, and says so', async () => {
    const host = named(mutual);
    const hostDir = join(certsRoot, host);
    mkdirSync(hostDir, { recursive: true });
    copyFileSync(ca.caCert, join(hostDir, 'ca.crt'));
    copyFileSync(ca.clientCert, join(hostDir, 'client.cert'));
    copyFileSync(ca.clientKey, join(hostDir, 'client.key'));
    mapping.tunnels.length = 0;
    const d = await doctor(`${host}/team/app:1`, {
      SSL_CERT_FILE: DEBIAN_BUNDLE,
      BERTH_CERTS_D: certsRoot,
      HTTPS_PROXY: mapping.url,
      NO_PROXY: '',
    });
    expect(d.transport).toMatchObject({
      systemBundle: DEBIAN_BUNDLE,
      certsDir: hostDir,
      clientCert: join(hostDir, 'client.cert'),
      proxy: mapping.url,
      proxySource: 'environment',
    });
    expect(stepOf(d, 'connection')?.detail).toBe(d.transport?.summary);
    expect(stepOf(d, 'tcp')?.detail).toContain(`through ${mapping.url}`);
    expect(stepOf(d, 'tls')?.ok, JSON.stringify(d.steps)).toBe(true);
    expect(stepOf(d, 'tls')?.detail).toContain('presented the client certificate');
    // The registry answered /v2/ through the tunnel: the client certificate was accepted.
    expect(stepOf(d, 'ping')?.ok, JSON.stringify(d.steps)).toBe(true);
    // Every connection, the probe's own handshake included, went through the proxy.
    expect(mapping.tunnels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mapping.tunnels)).toEqual(new Set([host]));
  });

  it('the probe trusts the private CA only where registry HTTP does, and names the cause', async () => {
    const image = `${named(plain)}/team/app:1`;
    const env = { BERTH_CERTS_D: '', HTTPS_PROXY: mapping.url, NO_PROXY: '' };
    const trusted = await doctor(image, { ...env, SSL_CERT_FILE: bundle });
    expect(trusted.transport?.summary).toBe(
      `CAs: Node's roots + ${bundle}; no client certificate; via proxy ${mapping.url}`,
    );
    expect(stepOf(trusted, 'tls')?.detail).toContain('issued by');
    expect(stepOf(trusted, 'ping')?.ok, JSON.stringify(trusted.steps)).toBe(true);
    const untrusted = await doctor(image, { ...env, SSL_CERT_FILE: DEBIAN_BUNDLE });
    expect(stepOf(untrusted, 'tls')?.ok).toBe(false);
    expect(untrusted.cause).toBe('tls');
  });
});
