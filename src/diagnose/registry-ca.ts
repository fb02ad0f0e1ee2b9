/**
 * The "trust this registry's CA" remedy: read the certificate a registry presents, and put it
 * where the engine reads per-registry CAs, `<certs.d>/<host:port>/ca.crt`.
 *
 * docker reads that folder at each pull, no restart (docker/cli docs "Verify repository client
 * with certificates"; daemon code registry.ReadCertsDirectory via newTLSConfig): /etc/docker/certs.d
 * for the system daemon, ~/.docker/certs.d for Docker Desktop. Go's verifier accepts any
 * certificate in the roots pool as the chain's anchor (crypto/x509 verify.go: a candidate in
 * opts.Roots ends the chain), so the top certificate the server sends serves even when it is an
 * intermediate; the preview says which it is.
 *
 * Trust is never silent: the remedy id carries the SHA-256 fingerprint shown in the preview, and
 * applying it reads the certificate again and refuses if it changed. An existing ca.crt is never
 * overwritten, and undo removes only a file that still holds the certificate Berth wrote.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'node:tls';
import type { DetailedPeerCertificate } from 'node:tls';
import { BerthError } from '../shared/errors';

const HANDSHAKE_TIMEOUT_MS = 5_000;

export interface ServedCertificate {
  pem: string;
  subject: string;
  issuer: string;
  /** SHA-256, colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint: string;
  /** Issued by itself: a root CA, or a self-signed server certificate. */
  selfSigned: boolean;
  validTo: string;
}

const oneLine = (dn: string) => dn.split('\n').join(', ');

/** The top certificate of the chain `host:port` presents (no verification: that is the point). */
export function readServedCertificate(hostPort: string): Promise<ServedCertificate> {
  const { hostname, port } = new URL(`https://${hostPort}`);
  const name = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: name,
      port: Number(port || 443),
      rejectUnauthorized: false,
      // SNI takes names only, never an address.
      ...(/^[\d.]+$|:/.test(name) ? {} : { servername: name }),
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    const fail = (why: string) => {
      socket.destroy();
      reject(
        new BerthError(
          'fix.certificate_unreadable',
          `Could not read the certificate ${hostPort} presents: ${why}.`,
        ),
      );
    };
    socket.once('timeout', () => fail(`no TLS handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s`));
    socket.once('error', (error) => fail(error.message));
    socket.once('secureConnect', () => {
      let top: DetailedPeerCertificate = socket.getPeerCertificate(true);
      // The chain links by issuerCertificate; a self-signed root links to itself.
      while (top.issuerCertificate && top.issuerCertificate !== top && top.issuerCertificate.raw)
        top = top.issuerCertificate;
      socket.destroy();
      if (!top.raw) return fail('the server sent no certificate');
      const x509 = new X509Certificate(top.raw);
      resolve({
        pem: x509.toString(),
        subject: oneLine(x509.subject),
        issuer: oneLine(x509.issuer),
        fingerprint: x509.fingerprint256,
        selfSigned: x509.checkIssued(x509),
        validTo: x509.validTo,
      });
    });
  });
}

/** The certs.d folder of the engine Berth talks to, as docker reads it on this platform. */
export function engineCertsDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'linux') return '/etc/docker/certs.d';
  return join(env.HOME || env.USERPROFILE || homedir(), '.docker', 'certs.d');
}

export const caFileFor = (certsDir: string, hostPort: string) => join(certsDir, hostPort, 'ca.crt');

export interface TrustWritten {
  path: string;
  certificate: ServedCertificate;
  /** Berth made the host's folder, so undo removes it again. */
  createdFolder: boolean;
}

/**
 * Writes what `hostPort` presents as its ca.crt, if its fingerprint is still `fingerprint`.
 * `staging` is a folder of Berth's own where the certificate is kept when the engine's folder
 * needs root, so the sudo command in the error can copy it from there.
 */
export async function trustRegistryCa(
  hostPort: string,
  fingerprint: string,
  certsDir: string,
  staging: string,
): Promise<TrustWritten> {
  const certificate = await readServedCertificate(hostPort);
  if (certificate.fingerprint !== fingerprint) {
    throw new BerthError(
      'fix.certificate_changed',
      `${hostPort} now presents a different certificate (SHA-256 ${certificate.fingerprint}) from the one shown (${fingerprint}); nothing was written.`,
    );
  }
  const path = caFileFor(certsDir, hostPort);
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing !== null) {
    throw new BerthError(
      'fix.ca_exists',
      `${path} already exists; Berth does not replace it.`,
      `Compare it with the certificate ${hostPort} presents (SHA-256 ${fingerprint}): openssl x509 -noout -fingerprint -sha256 -in ${path}`,
    );
  }
  let createdFolder: boolean;
  try {
    createdFolder = (await mkdir(dirname(path), { recursive: true })) !== undefined;
    await writeFile(path, certificate.pem, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
    await mkdir(staging, { recursive: true });
    const staged = join(staging, `${hostPort.replace(/[^\w.-]/g, '_')}.crt`);
    await writeFile(staged, certificate.pem, { mode: 0o644 });
    throw new BerthError(
      'fix.needs_root',
      `Writing ${path} needs root (the engine's certs.d belongs to it); nothing was written there.`,
      `The certificate is saved as ${staged}. Run: sudo install -D -m 0644 ${staged} ${path}`,
    );
  }
  return { path, certificate, createdFolder };
}

/** Undo: removes the ca.crt only while it still holds the certificate with `fingerprint`. */
export async function untrustRegistryCa(
  hostPort: string,
  fingerprint: string,
  certsDir: string,
  removeFolder: boolean,
): Promise<string> {
  const path = caFileFor(certsDir, hostPort);
  const pem = await readFile(path, 'utf8').catch(() => null);
  if (pem === null) throw new BerthError('fix.bad_undo', `${path} is not there any more.`);
  let now: string;
  try {
    now = new X509Certificate(pem).fingerprint256;
  } catch {
    now = '';
  }
  if (now !== fingerprint) {
    throw new BerthError(
      'fix.bad_undo',
      `${path} no longer holds the certificate Berth wrote (SHA-256 ${fingerprint}); it is left alone.`,
    );
  }
  await rm(path);
  // The host's folder goes too when Berth made it (rmdir refuses if anything else is in it).
  if (removeFolder) await rmdir(dirname(path)).catch(() => undefined);
  return path;
}
