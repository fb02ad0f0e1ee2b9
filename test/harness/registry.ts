/**
 * A real docker-registry (distribution 2.8, Debian's package) on a free loopback port, with
 * htpasswd (Basic) or token (Bearer) auth, on a temp dir that is removed on stop.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificates';
import { freePort, shortTempDir, startProcess, waitFor } from './processes';
import { startTokenIssuer } from './token-issuer';
import type { GrantPolicy, RunningIssuer, TokenIssuerOptions } from './token-issuer';

export interface RegistryOptions {
  /** 'none': anyone may pull and push (a Docker Hub mirror, a lab registry). */
  auth: 'htpasswd' | 'token' | 'none';
  /** The address it listens on; 127.0.0.1 unless a test needs one the engine sees as remote. */
  address?: string;
  users: Record<string, string>;
  /** Token auth only: who gets what; default grants everything asked to known users. */
  grant?: GrantPolicy;
  /** `info` logs who authenticated each request (`auth.user.name=`); read it with `log()`. */
  logLevel?: 'warn' | 'info';
  /** Also append the log to this file, for test workers in other processes. */
  logFile?: string;
  /** Token auth only: the issuer's options beyond users and grants (refresh tokens). */
  issuerOptions?: Partial<Pick<TokenIssuerOptions, 'refreshTokens'>>;
}

export interface RunningRegistry {
  /** host:port, as used in image references. */
  host: string;
  url: string;
  auth: RegistryOptions['auth'];
  users: Record<string, string>;
  issuer?: RunningIssuer;
  /** Everything the registry logged since it started (only with logLevel info: who authenticated). */
  log(): string;
  stop(): Promise<void>;
}

export const TEST_SERVICE = 'test-registry';

async function registryAnswers(url: string): Promise<boolean> {
  const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
  return res.status === 401 || res.status === 200;
}

export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const dir = shortTempDir('br-');
  let issuer: RunningIssuer | undefined;
  try {
    const port = await freePort();
    const address = options.address ?? '127.0.0.1';
    let authBlock: string;
    if (options.auth === 'none') {
      authBlock = '';
    } else if (options.auth === 'htpasswd') {
      const lines = Object.entries(options.users).map(([user, password]) =>
        execFileSync('htpasswd', ['-Bbn', user, password]).toString().trim(),
      );
      writeFileSync(join(dir.path, 'htpasswd'), lines.join('\n') + '\n');
      authBlock = `  htpasswd:\n    realm: ${TEST_SERVICE}\n    path: ${join(dir.path, 'htpasswd')}\n`;
    } else {
      const tls = selfSignedCertificate(dir.path, 'berth-test-issuer');
      issuer = await startTokenIssuer({
        users: options.users,
        service: TEST_SERVICE,
        issuer: 'test-issuer',
        certPem: tls.certPem,
        keyPem: tls.keyPem,
        ...(options.grant ? { grant: options.grant } : {}),
        ...options.issuerOptions,
      });
      authBlock =
        `  token:\n    realm: ${issuer.url}\n    service: ${TEST_SERVICE}\n` +
        `    issuer: test-issuer\n    rootcertbundle: ${tls.certFile}\n`;
    }
    const config = join(dir.path, 'config.yml');
    writeFileSync(
      config,
      `version: 0.1\nlog:\n  level: ${options.logLevel ?? 'warn'}\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir.path, 'data')}\n` +
        `  delete:\n    enabled: true\nhttp:\n  addr: ${address}:${port}\n${authBlock ? `auth:\n${authBlock}` : ''}`,
    );
    const service = startProcess('docker-registry', ['serve', config]);
    const logged: Buffer[] = [];
    service.child.stderr?.on('data', (chunk: Buffer) => logged.push(chunk));
    if (options.logFile) service.child.stderr?.pipe(createWriteStream(options.logFile));
    const url = `http://${address}:${port}`;
    await waitFor(
      () => registryAnswers(url),
      'docker-registry',
      20_000,
      () => service.output(),
    );
    const running: RunningRegistry = {
      host: `${address}:${port}`,
      url,
      auth: options.auth,
      users: options.users,
      log: () => Buffer.concat(logged).toString('utf8'),
      stop: async () => {
        await service.stop();
        await issuer?.stop();
        dir.remove();
      },
    };
    if (issuer) running.issuer = issuer;
    return running;
  } catch (error) {
    await issuer?.stop();
    dir.remove();
    throw error;
  }
}
