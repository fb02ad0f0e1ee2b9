/**
 * The port through which the Electron app hands the core what only the OS knows (issue 12,
 * point 6): the certificate store on macOS and Windows, and the OS proxy settings. The CLI and
 * browser mode leave it empty: there the Linux bundle, certs.d and HTTP(S)_PROXY decide
 * (tls-trust.ts). main/system-trust.ts fills it; the logic lives here so it runs under Node.
 */

/** What the OS decides beyond files and environment variables. */
export interface SystemTrustPort {
  /** The store's name for reports ("the macOS keychain"), or null where it adds nothing. */
  storeLabel: string | null;
  /** PEM certificates of the OS store; empty where the store is not read. */
  caCertificates(): string[];
  /** The proxy the OS settings choose for a URL (http://host:port), or null for direct. */
  proxyFor(url: string): Promise<string | null>;
}

/** Node's tls module as far as the system store goes: getCACertificates is Node ≥ 22.15. */
export interface TlsWithSystemStore {
  getCACertificates(type: 'system'): string[];
}

export function hasSystemStore(tls: object): tls is TlsWithSystemStore {
  return 'getCACertificates' in tls && typeof tls.getCACertificates === 'function';
}

const STORE_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'the macOS keychain',
  win32: 'the Windows certificate store',
};

/**
 * The OS store's certificates, from Node's own reader of it (`tls.getCACertificates('system')`,
 * the reader behind `--use-system-ca`: the Security framework's trust settings on macOS and
 * CryptoAPI's stores on Windows, in node's src/crypto/crypto_context.cc). On Linux the core
 * already reads the bundle the engine reads (tls-trust.ts); an Electron whose Node lacks the
 * call leaves Node's roots alone, and the report says so.
 */
export function systemStoreCertificates(
  tls: object,
  platform: NodeJS.Platform,
): { label: string | null; pems: string[] } {
  const label = STORE_NAMES[platform];
  if (!label || !hasSystemStore(tls)) return { label: null, pems: [] };
  return { label, pems: tls.getCACertificates('system') };
}

/**
 * Chromium's answer to `session.resolveProxy(url)` is a PAC result: entries such as
 * `PROXY host:port`, `HTTPS host:port`, `SOCKS5 host:port` or `DIRECT`, separated by ';' and
 * tried in order (net/proxy_resolution/proxy_list.cc, ProxyServer::FromPacString). Berth's HTTP
 * (undici) speaks to HTTP and HTTPS proxies only, so the first of those before a DIRECT is the
 * proxy; a SOCKS entry is passed over, as Chromium passes over one it cannot use.
 */
export function proxyFromPacResult(result: string): string | null {
  for (const entry of result.split(';')) {
    const [kind = '', hostPort = ''] = entry.trim().split(/\s+/);
    const scheme = kind.toUpperCase();
    if (scheme === 'DIRECT') return null;
    if ((scheme === 'PROXY' || scheme === 'HTTP') && hostPort) return `http://${hostPort}`;
    if (scheme === 'HTTPS' && hostPort) return `https://${hostPort}`;
  }
  return null;
}

/** The app's port from Electron's pieces; each is injected so this runs without Electron. */
export function systemTrustFrom(parts: {
  tls: object;
  platform: NodeJS.Platform;
  resolveProxy: (url: string) => Promise<string>;
}): SystemTrustPort {
  let store: { label: string | null; pems: string[] } | undefined;
  const read = () => (store ??= systemStoreCertificates(parts.tls, parts.platform));
  return {
    get storeLabel() {
      return read().label;
    },
    caCertificates: () => read().pems,
    proxyFor: async (url) => proxyFromPacResult(await parts.resolveProxy(url)),
  };
}
