/**
 * What a registry connection trusts and presents, the way the engine decides it (issue 12,
 * point 6), and which proxy carries it:
 * - the OS store: on Linux the system bundle, found like OpenSSL and Go's crypto/x509
 *   (SSL_CERT_FILE first, then root_linux.go's list, Debian's /etc/ssl/certs/ca-certificates.crt
 *   first), on top of Node's own roots; plus NODE_EXTRA_CA_CERTS and BERTH_EXTRA_CA_FILES;
 * - per-registry folders `<root>/<host:port>/`, read as docker's registry.ReadCertsDirectory
 *   (moby registry/registry.go) and containers/image's tlsclientconfig.SetupCertificates do:
 *   every `*.crt` is a CA, every `*.cert` a client certificate that needs the `*.key` of the
 *   same name (and a `*.key` without its `*.cert` is an error). The roots are those of
 *   containers/image's dockerCertDir, first existing folder for the host wins:
 *   ~/.config/containers/certs.d, /etc/containers/certs.d, /etc/docker/certs.d
 *   (docker itself reads only the last). BERTH_CERTS_D (a ':'-separated list) replaces them,
 *   for tests and unusual setups;
 * - the proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as undici's EnvHttpProxyAgent applies them;
 * - in the app, the OS store (macOS, Windows) and the OS proxy through the SystemTrustPort
 *   (system-trust.ts); proxy variables set in the environment still win, as they do for docker.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { SystemTrustPort } from './system-trust';

/** Go's crypto/x509 root_linux.go certFiles, in its order. */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const MAX_PEM_BYTES = 4 * 1024 * 1024;

export interface TrustSources {
  /** The OS bundle read, or null where Node's roots stand alone (macOS and Windows, see main/). */
  systemBundle: string | null;
  /** The OS store the app read (macOS keychain, Windows store), or null. */
  systemStore: string | null;
  extraCaFiles: string[];
  /** The per-registry folder that applied, or null. */
  certsDir: string | null;
  /** CA files from that folder. */
  registryCaFiles: string[];
  clientCert: string | null;
  clientKey: string | null;
}

export interface HostTrust {
  sources: TrustSources;
  /** PEM CA certificates beyond Node's roots; empty when none apply. */
  ca: string[];
  cert?: string;
  key?: string;
}

export interface TrustEnv {
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The app's OS store and proxy; absent in the CLI and browser mode. */
  system?: SystemTrustPort;
}

/** Throws when the file is missing or too large to be a certificate bundle. */
function checkPemSize(file: string): void {
  if (statSync(file).size > MAX_PEM_BYTES) {
    throw new BerthError('registry.tls_file_invalid', `${file} is too large to be a certificate.`);
  }
}

function readPem(file: string): string {
  checkPemSize(file);
  return readFileSync(file, 'utf8');
}

/**
 * The bundles every host's trust starts from: the OS bundle, then NODE_EXTRA_CA_CERTS, then
 * BERTH_EXTRA_CA_FILES.
 */
function baseCaFiles(trustEnv: TrustEnv): { systemBundle: string | null; extraCaFiles: string[] } {
  return {
    systemBundle: systemBundlePath(trustEnv),
    extraCaFiles: [
      ...nodeExtraCaFile(trustEnv.env),
      ...(trustEnv.env.BERTH_EXTRA_CA_FILES?.split(':').filter(Boolean) ?? []),
    ],
  };
}

/**
 * NODE_EXTRA_CA_CERTS, which users set so that Node programs trust a company's CA. Node adds
 * it to its default roots only, and an explicit `ca` (which every registry connection here
 * passes: Node's roots plus the bundles) replaces those, extras and all (tls.createSecureContext:
 * "Mozilla's CAs are completely replaced when CAs are explicitly specified"), so it is added
 * here. A file that is not there is skipped, as Node skips it (with its own warning at start).
 */
function nodeExtraCaFile(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return statSync(file).isFile() ? [file] : [];
  } catch {
    return [];
  }
}

/** A CA file that could not be read, as a BerthError; one that already is passes through. */
function cannotReadCa(error: unknown): BerthError {
  if (error instanceof BerthError) return error;
  return new BerthError(
    'registry.tls_file_invalid',
    `Cannot read a CA file: ${(error as Error).message}`,
    'Check SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, BERTH_EXTRA_CA_FILES and the certs.d folders.',
  );
}

export function systemBundlePath({ env, platform = process.platform }: TrustEnv): string | null {
  if (env.SSL_CERT_FILE) return env.SSL_CERT_FILE;
  if (platform !== 'linux') return null;
  return LINUX_BUNDLES.find((file) => existsSync(file)) ?? null;
}

export function certsDirRoots(env: NodeJS.ProcessEnv): string[] {
  if (env.BERTH_CERTS_D !== undefined) return env.BERTH_CERTS_D.split(':').filter(Boolean);
  const home = env.HOME || homedir();
  return [
    join(home, '.config', 'containers', 'certs.d'),
    '/etc/containers/certs.d',
    '/etc/docker/certs.d',
  ];
}

/** The folder for host:port (as written in the image reference), first root that has one. */
export function certsDirFor(host: string, env: NodeJS.ProcessEnv): string | null {
  for (const root of certsDirRoots(env)) {
    const dir = join(root, host);
    try {
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      // Not there: the next root.
    }
  }
  return null;
}

/** ReadCertsDirectory: CAs, and one client pair (the last listed wins, as in Go's loop). */
function readCertsDir(
  dir: string,
): Pick<TrustSources, 'registryCaFiles' | 'clientCert' | 'clientKey'> {
  const names = readdirSync(dir).sort();
  const registryCaFiles = names.filter((n) => n.endsWith('.crt')).map((n) => join(dir, n));
  let clientCert: string | null = null;
  let clientKey: string | null = null;
  for (const name of names) {
    if (name.endsWith('.cert')) {
      const keyName = `${name.slice(0, -'.cert'.length)}.key`;
      if (!names.includes(keyName)) {
        throw new BerthError(
          'registry.tls_client_key_missing',
          `${join(dir, name)} has no key: a client certificate needs ${keyName} beside it.`,
          'Docker and podman refuse this folder too; add the key or remove the certificate.',
          { dir },
        );
      }
      clientCert = join(dir, name);
      clientKey = join(dir, keyName);
    } else if (name.endsWith('.key')) {
      const certName = `${name.slice(0, -'.key'.length)}.cert`;
      if (!names.includes(certName)) {
        throw new BerthError(
          'registry.tls_client_cert_missing',
          `${join(dir, name)} has no certificate: a client key needs ${certName} beside it.`,
          'Docker and podman refuse this folder too; add the certificate or remove the key.',
          { dir },
        );
      }
    }
  }
  return { registryCaFiles, clientCert, clientKey };
}

/**
 * The bundles every host's trust starts from, checked without being read: a missing or
 * oversized file is reported as `trustFor` would report it, before the first request, without
 * reading the OS bundle's hundreds of certificates on the way to a pull that may never ask a
 * registry.
 */
export function checkTrustFiles(trustEnv: TrustEnv): void {
  const { systemBundle, extraCaFiles } = baseCaFiles(trustEnv);
  try {
    [...(systemBundle ? [systemBundle] : []), ...extraCaFiles].forEach(checkPemSize);
  } catch (error) {
    throw cannotReadCa(error);
  }
}

export function trustFor(host: string, trustEnv: TrustEnv): HostTrust {
  const { env } = trustEnv;
  const { systemBundle, extraCaFiles } = baseCaFiles(trustEnv);
  // No host: only the bundles are read.
  const certsDir = host ? certsDirFor(host, env) : null;
  const fromDir = certsDir
    ? readCertsDir(certsDir)
    : { registryCaFiles: [], clientCert: null, clientKey: null };
  // The OS store stands in for a bundle file only where there is none (macOS, Windows).
  const storePems = systemBundle ? [] : (trustEnv.system?.caCertificates() ?? []);
  const systemStore = storePems.length ? (trustEnv.system?.storeLabel ?? null) : null;
  const sources: TrustSources = { systemBundle, systemStore, extraCaFiles, certsDir, ...fromDir };
  const caFiles = [
    ...(systemBundle ? [systemBundle] : []),
    ...extraCaFiles,
    ...fromDir.registryCaFiles,
  ];
  let ca: string[];
  try {
    ca = [...storePems, ...caFiles.map(readPem)];
  } catch (error) {
    throw cannotReadCa(error);
  }
  return {
    sources,
    ca,
    ...(fromDir.clientCert && fromDir.clientKey
      ? { cert: readPem(fromDir.clientCert), key: readPem(fromDir.clientKey) }
      : {}),
  };
}

/** undici's EnvHttpProxyAgent choice for a URL: the proxy it would use, or null (direct). */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | null {
  const parsed = new URL(url);
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? httpProxy;
  const proxy = parsed.protocol === 'https:' ? httpsProxy : httpProxy;
  if (!proxy) return null;
  const noProxy = (env.no_proxy ?? env.NO_PROXY ?? '').trim();
  if (noProxy === '*') return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/).filter(Boolean)) {
    const match = /^(.+?)(?::(\d+))?$/.exec(entry.replace(/^\[|\]$/g, ''));
    const name = (match?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = match?.[2] ? Number(match[2]) : 0;
    if (entryPort && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return null;
  }
  return proxy;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** Whether the proxy variables decide (any is set), rather than the OS settings. */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => Boolean(env[name]));
}

/**
 * The proxy for a URL and who chose it: the variables when any is set (the CLI's only source,
 * and in the app an explicit override), else the OS settings through the app's port.
 */
export async function chooseProxy(
  url: string,
  trustEnv: TrustEnv,
): Promise<{ proxy: string | null; from: 'environment' | 'os' | null }> {
  if (proxyFromEnvironment(trustEnv.env) || !trustEnv.system) {
    const proxy = proxyFor(url, trustEnv.env);
    return { proxy, from: proxy ? 'environment' : null };
  }
  const proxy = await trustEnv.system.proxyFor(url);
  return { proxy, from: proxy ? 'os' : null };
}

/** Userinfo never leaves: a proxy URL may carry a password. */
export function redactProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    if (url.username || url.password) {
      url.username = url.username ? '***' : '';
      url.password = '';
    }
    return url.href.replace(/\/$/, '');
  } catch {
    return '(unparseable proxy URL)';
  }
}
