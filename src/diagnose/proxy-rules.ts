/**
 * How dockerd decides whether, and through which proxy, it reaches a registry: Go's
 * net/http ProxyFromEnvironment, which is golang.org/x/net/http/httpproxy (proxy.go):
 * - FromEnvironment: HTTP_PROXY, HTTPS_PROXY, NO_PROXY, each upper case first, then lower
 *   case; an empty value counts as unset (getEnvAny);
 * - proxyForURL: https requests use HTTPS_PROXY, http requests HTTP_PROXY;
 * - useProxy: never for "localhost" or a loopback IP; otherwise not when a NO_PROXY entry
 *   matches the host and port of canonicalAddr (the URL's port, else 443/80).
 * moby's registry client builds its transport with Proxy: http.ProxyFromEnvironment, so these
 * rules are the engine's. Browser-safe: no Node imports.
 */

/** The proxy variables, in the order Go reads them (upper case wins over lower case). */
export const PROXY_VARIABLES = {
  http: ['HTTP_PROXY', 'http_proxy'],
  https: ['HTTPS_PROXY', 'https_proxy'],
  no: ['NO_PROXY', 'no_proxy'],
} as const;
export type ProxyRole = keyof typeof PROXY_VARIABLES;

export const ALL_PROXY_VARIABLES: readonly string[] = Object.values(PROXY_VARIABLES).flat();

/** httpproxy getEnvAny: the first of the names with a non-empty value. */
export function proxyVariable(
  env: Record<string, string | undefined>,
  role: ProxyRole,
): { name: string; value: string } | null {
  for (const name of PROXY_VARIABLES[role]) {
    const value = env[name];
    if (value) return { name, value };
  }
  return null;
}

/** Credentials in a proxy URL never leave the host: `http://user:pass@p:3128` → `http://***@p:3128`. */
export function redactProxy(text: string): string {
  return (
    text
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s"]*@/gi, '$1***@')
      // Go also takes "user:pass@proxy:3128" without a scheme (parseProxy prepends http://).
      .replace(/(^|[\s="'])[^\s/@"'=:]+:[^\s/@"']*@(?=[^\s/@"']+)/g, '$1***@')
  );
}

/** Whether text holds credentials that redactProxy would hide. */
export const hasProxyCredentials = (text: string) => redactProxy(text) !== text;

// ---- IP parsing, as net.ParseIP / net.ParseCIDR accept them (IPv4 dotted, IPv6 textual) ----

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function ipv6Bytes(text: string): number[] | null {
  if (!text.includes(':')) return null;
  let head = text;
  let tail4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail4 = v4;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? left.length !== 8 : missing < 1) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
  if (tail4.length) bytes.splice(12, 4, ...tail4);
  return bytes;
}

/** An IP as 16 bytes (IPv4 mapped into ::ffff:0:0/96, as Go holds it), or null. */
export function parseIp(text: string): number[] | null {
  const v4 = ipv4Bytes(text);
  if (v4) return [...Array<number>(10).fill(0), 0xff, 0xff, ...v4];
  return ipv6Bytes(text);
}

const isV4 = (ip: number[]) =>
  ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;

/** net.IP.IsLoopback: 127.0.0.0/8 or ::1. */
function isLoopback(ip: number[]): boolean {
  if (isV4(ip)) return ip[12] === 127;
  return ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1;
}

function parseCidr(text: string): { ip: number[]; bits: number } | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText)) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const v4 = ipv4Bytes(addr) !== null;
  const bits = Number(bitsText);
  if (bits > (v4 ? 32 : 128)) return null;
  return { ip, bits: v4 ? bits + 96 : bits };
}

function inCidr(ip: number[], cidr: { ip: number[]; bits: number }): boolean {
  for (let bit = 0; bit < cidr.bits; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((ip[byte] ?? 0) & mask) !== ((cidr.ip[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** net.SplitHostPort, for the forms NO_PROXY entries take: host:port and [v6]:port. */
function splitHostPort(text: string): { host: string; port: string } | null {
  if (text.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
    return m ? { host: m[1] ?? '', port: m[2] ?? '' } : null;
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return null;
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/** Whether NO_PROXY spares `host` at `port`, and which entry does (null: the proxy is used). */
export function noProxyMatch(host: string, port: string, noProxy: string): string | null {
  const addr = host.toLowerCase().trim();
  const ip = parseIp(addr);
  for (const raw of noProxy.split(',')) {
    const entry = raw.toLowerCase().trim();
    if (!entry) continue;
    if (entry === '*') return entry;
    const cidr = parseCidr(entry);
    if (cidr) {
      if (ip && inCidr(ip, cidr)) return entry;
      continue;
    }
    const split = splitHostPort(entry);
    let phost = split ? split.host : entry;
    const pport = split ? split.port : '';
    if (split && phost.length === 0) continue;
    const pip = parseIp(phost);
    if (pip) {
      // ipMatch: only IP hosts are compared with IP entries.
      if (ip && pip.every((b, i) => b === ip[i]) && (pport === '' || pport === port)) return entry;
      continue;
    }
    if (phost.length === 0) continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    const matchHost = !phost.startsWith('.');
    if (matchHost) phost = `.${phost}`;
    // domainMatch: a suffix match (foo.com spares bar.foo.com), or the name itself.
    if (addr.endsWith(phost) || (matchHost && addr === phost.slice(1))) {
      if (pport === '' || pport === port) return entry;
    }
  }
  return null;
}

/** What the engine does for one registry URL: which proxy (and variable), or why none. */
export interface ProxyDecision {
  /** The proxy URL the engine dials, redacted; null: it connects directly. */
  proxy: string | null;
  /** The variable that named it (HTTPS_PROXY, https_proxy, …). */
  variable: string | null;
  /** Why no proxy although one is set: loopback, or the NO_PROXY entry that matched. */
  bypass: { reason: 'loopback' } | { reason: 'no_proxy'; variable: string; entry: string } | null;
}

/** httpproxy proxyForURL for `scheme://host[:port]`, from an environment. */
export function proxyFor(
  env: Record<string, string | undefined>,
  scheme: 'http' | 'https',
  hostPort: string,
): ProxyDecision {
  const set = proxyVariable(env, scheme);
  if (!set) return { proxy: null, variable: null, bypass: null };
  const url = new URL(`${scheme}://${hostPort}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (scheme === 'https' ? '443' : '80');
  const ip = parseIp(host);
  if (host === 'localhost' || (ip && isLoopback(ip))) {
    return { proxy: null, variable: set.name, bypass: { reason: 'loopback' } };
  }
  const no = proxyVariable(env, 'no');
  const entry = no ? noProxyMatch(host, port, no.value) : null;
  if (no && entry !== null) {
    return {
      proxy: null,
      variable: set.name,
      bypass: { reason: 'no_proxy', variable: no.name, entry },
    };
  }
  return { proxy: redactProxy(set.value), variable: set.name, bypass: null };
}

/** NO_PROXY with `host` added (its name without the port, as Go compares names). */
export function withNoProxyHost(noProxy: string, hostPort: string): string {
  const host = hostPort.startsWith('[')
    ? hostPort.slice(1, hostPort.indexOf(']'))
    : hostPort.replace(/:\d+$/, '');
  const entries = noProxy
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.some((e) => e.toLowerCase() === host.toLowerCase())) return entries.join(',');
  return [...entries, host].join(',');
}
