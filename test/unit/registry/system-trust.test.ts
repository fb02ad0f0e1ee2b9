/**
 * The app's port to the OS store and OS proxy (src/registry/system-trust.ts), under plain Node:
 * Electron's pieces (tls.getCACertificates, session.resolveProxy) are injected, so the rules
 * that decide what the app trusts and where it connects are tested here; main/system-trust.ts
 * only passes Electron's objects in.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createUndiciFetch,
  describeTransport,
  exchange,
  proxyFromPacResult,
  systemStoreCertificates,
  systemTrustFrom,
} from '../../../src/registry';
import type { SystemTrustPort } from '../../../src/registry';
import { trustFor } from '../../../src/registry/tls-trust';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const fakeTls = (pems: string[]) => {
  const calls: string[] = [];
  return {
    calls,
    tls: {
      getCACertificates: (type: string) => {
        calls.push(type);
        return pems;
      },
    },
  };
};

describe("the OS store, through Node's tls.getCACertificates('system')", () => {
  it('is read on macOS and Windows, and named', () => {
    const { tls, calls } = fakeTls([PEM]);
    expect(systemStoreCertificates(tls, 'darwin')).toEqual({
      label: 'the macOS keychain',
      pems: [PEM],
    });
    expect(systemStoreCertificates(tls, 'win32').label).toBe('the Windows certificate store');
    expect(calls).toEqual(['system', 'system']);
  });

  it('is not read on Linux (the bundle decides) nor by a Node without the call', () => {
    const { tls, calls } = fakeTls([PEM]);
    expect(systemStoreCertificates(tls, 'linux')).toEqual({ label: null, pems: [] });
    expect(calls).toEqual([]);
    expect(systemStoreCertificates({}, 'darwin')).toEqual({ label: null, pems: [] });
  });

  it('is read once, however many registries ask', () => {
    const { tls, calls } = fakeTls([PEM]);
    const port = systemTrustFrom({ tls, platform: 'darwin', resolveProxy: async () => 'DIRECT' });
    port.caCertificates();
    port.caCertificates();
    expect(port.storeLabel).toBe('the macOS keychain');
    expect(calls).toEqual(['system']);
  });

  it("joins Node's roots where no bundle file exists, and stays out where one does", () => {
    const port = systemTrustFrom({
      tls: fakeTls([PEM]).tls,
      platform: 'darwin',
      resolveProxy: async () => 'DIRECT',
    });
    const mac = trustFor('registry.example:5000', {
      env: { BERTH_CERTS_D: '' },
      platform: 'darwin',
      system: port,
    });
    expect(mac.ca).toEqual([PEM]);
    expect(mac.sources).toMatchObject({ systemBundle: null, systemStore: 'the macOS keychain' });
    const dir = mkdtempSync(join(tmpdir(), 'berth-st-'));
    const bundle = join(dir, 'bundle.crt');
    writeFileSync(bundle, 'BUNDLE');
    const withFile = trustFor('registry.example:5000', {
      env: { BERTH_CERTS_D: '', SSL_CERT_FILE: bundle },
      platform: 'darwin',
      system: port,
    });
    expect(withFile.ca).toEqual(['BUNDLE']);
    expect(withFile.sources.systemStore).toBeNull();
    rmSync(dir, { recursive: true });
  });
});

describe("the OS proxy, through Chromium's PAC answer", () => {
  it.each([
    ['DIRECT', null],
    ['PROXY proxy.corp:3128', 'http://proxy.corp:3128'],
    ['PROXY proxy.corp:3128; DIRECT', 'http://proxy.corp:3128'],
    ['HTTPS secure.corp:443', 'https://secure.corp:443'],
    ['SOCKS5 socks.corp:1080; PROXY proxy.corp:8080', 'http://proxy.corp:8080'],
    ['SOCKS5 socks.corp:1080; DIRECT', null],
    ['DIRECT; PROXY proxy.corp:3128', null],
    ['  proxy [::1]:3128 ', 'http://[::1]:3128'],
    ['', null],
  ])('%j → %s', (pac, proxy) => {
    expect(proxyFromPacResult(pac)).toBe(proxy);
  });

  const port = (answer: string, asked: string[] = []): SystemTrustPort =>
    systemTrustFrom({
      tls: {},
      platform: 'darwin',
      resolveProxy: async (url) => {
        asked.push(url);
        return answer;
      },
    });

  it('applies when no proxy variable is set, and the report says the OS chose it', async () => {
    const asked: string[] = [];
    const view = await describeTransport('registry.example:5000', {
      env: { BERTH_CERTS_D: '' },
      platform: 'darwin',
      system: port('PROXY proxy.corp:3128', asked),
    });
    expect(asked).toEqual(['https://registry.example:5000/v2/']);
    expect(view.proxySource).toBe('os');
    expect(view.summary).toContain("(the OS's proxy settings)");
    expect(view.summary).toContain("CAs: Node's roots;");
  });

  it('gives way to HTTPS_PROXY / NO_PROXY when set, as the CLI reads them', async () => {
    const asked: string[] = [];
    const view = await describeTransport('registry.example:5000', {
      env: { BERTH_CERTS_D: '', HTTPS_PROXY: 'http://env.proxy:8080' },
      platform: 'darwin',
      system: port('PROXY proxy.corp:3128', asked),
    });
    expect(asked).toEqual([]);
    expect(view).toMatchObject({ proxy: 'http://env.proxy:8080', proxySource: 'environment' });
  });

  describe('carries registry HTTP', () => {
    const seen: string[] = [];
    // One server is both: a registry answering /v2/, and a CONNECT proxy (as undici's
    // ProxyAgent tunnels) whose every tunnel, whatever it names, ends at that registry.
    const server = createServer((req: IncomingMessage, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
      seen.push(`CONNECT ${req.url ?? ''}`);
      const address = server.address();
      const upstream = connect(
        typeof address === 'object' && address ? address.port : 0,
        '127.0.0.1',
        () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        },
      );
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const listening = new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    afterAll(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );

    it('through the proxy the OS names, and direct when it says DIRECT', async () => {
      const proxyPort = await listening;
      const via = createUndiciFetch({
        env: { BERTH_CERTS_D: '' },
        system: port(`PROXY 127.0.0.1:${proxyPort}`),
      });
      const r = await exchange(via, 'http://registry.invalid:5000/v2/', {
        timeoutMs: 5000,
        maxBytes: 1024,
        what: 'the ping',
      });
      expect(r.status).toBe(200);
      expect(seen).toEqual(['CONNECT registry.invalid:5000', '/v2/']);
      const direct = createUndiciFetch({ env: { BERTH_CERTS_D: '' }, system: port('DIRECT') });
      await expect(
        exchange(direct, `http://127.0.0.1:${proxyPort}/v2/`, {
          timeoutMs: 5000,
          maxBytes: 1024,
          what: 'the ping',
        }),
      ).resolves.toMatchObject({ status: 200 });
      expect(seen).toEqual(['CONNECT registry.invalid:5000', '/v2/', '/v2/']);
    });
  });
});

describe('the CA files a registry client starts from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ca-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are checked when the client is made, as the first request would find them', () => {
    const bundle = join(dir, 'bundle.pem');
    writeFileSync(bundle, '-----BEGIN CERTIFICATE-----\n');
    const missing = join(dir, 'missing.pem');
    expect(() => createUndiciFetch({ env: { SSL_CERT_FILE: bundle } })).not.toThrow();
    for (const env of [
      { SSL_CERT_FILE: missing },
      { SSL_CERT_FILE: bundle, BERTH_EXTRA_CA_FILES: `${bundle}:${missing}` },
    ]) {
      let thrown: unknown;
      try {
        createUndiciFetch({ env });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'registry.tls_file_invalid' });
      expect(String((thrown as Error).message)).toContain(missing);
    }
  });

  it('refuses a file too large to be a certificate bundle, by its size alone', () => {
    const huge = join(dir, 'huge.pem');
    writeFileSync(huge, Buffer.alloc(4 * 1024 * 1024 + 1, 0x41));
    expect(() => createUndiciFetch({ env: { SSL_CERT_FILE: huge } })).toThrow(/too large/);
  });
});
