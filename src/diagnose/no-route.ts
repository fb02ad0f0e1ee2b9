/**
 * Whether this machine has a route to its DNS servers: the live probe's line between `offline`
 * and `dns` when a lookup fails without an answer (src/shared/pull-causes.ts draws the same line
 * for pasted text: "dial udp <resolver>:53: connect: network is unreachable" is offline, a named
 * resolver that refuses or times out is dns).
 *
 * A UDP connect() sends nothing: the kernel only looks up a route to the peer, and fails at once
 * with ENETUNREACH (or EADDRNOTAVAIL, for ::1 with loopback down) when there is none. So the check
 * costs no traffic, cannot hang on a dead resolver, and asks exactly what getaddrinfo hit.
 */
import { getServers } from 'node:dns';
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';

const NO_ROUTE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

export interface ResolverRoutes {
  /** The DNS servers this machine's resolver asks (resolv.conf, or the OS's list), as host:port. */
  servers: string[];
  /** Those with no route from here. */
  unroutable: string[];
}

/** "10.0.0.2", "[2001:db8::1]:5353", "::1" → address and port. */
function parseServer(server: string): { address: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed?.[1]) return { address: bracketed[1], port: Number(bracketed[2] ?? 53) };
  if (isIPv6(server)) return { address: server, port: 53 };
  const [address = server, port = '53'] = server.split(':');
  return { address, port: Number(port) };
}

function label({ address, port }: { address: string; port: number }): string {
  return `${isIPv6(address) ? `[${address}]` : address}:${port}`;
}

/** Resolves true when the kernel has a route to address:port, false when it has none. */
function hasRoute(address: string, port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    const done = (routed: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(routed);
    };
    // Any other failure (a sandbox refusing sockets) is not evidence of a missing route.
    const timer = setTimeout(() => done(true), ms);
    timer.unref();
    const failed = (e: NodeJS.ErrnoException): void => done(!NO_ROUTE.has(e.code ?? ''));
    socket.once('error', failed);
    // Node hands a failed connect() to this callback, not to 'error'.
    socket.connect(port, address, (e?: NodeJS.ErrnoException) => (e ? failed(e) : done(true)));
  });
}

/** The DNS servers the resolver asks, as host:port. */
export function resolverServers(): string[] {
  return getServers().map((s) => label(parseServer(s)));
}

/**
 * No route to any DNS server, an IPv4 one among them: no network at all. Only IPv6 servers
 * without a route is a resolver this machine cannot use (IPv6 not routed here), which its DNS
 * setting fixes: read-message.ts draws the same line for Go's "dial udp" to the resolver.
 */
export function noNetwork({ servers, unroutable }: ResolverRoutes): boolean {
  return (
    servers.length > 0 &&
    unroutable.length === servers.length &&
    unroutable.some((s) => !s.startsWith('['))
  );
}

/** The resolver's servers and which of them this machine cannot route a packet to. */
export async function resolverRoutes(ms: number): Promise<ResolverRoutes> {
  const servers = getServers().map(parseServer);
  const routed = await Promise.all(servers.map((s) => hasRoute(s.address, s.port, ms)));
  return {
    servers: servers.map(label),
    unroutable: servers.filter((_, i) => !routed[i]).map(label),
  };
}

type ConnectError = NodeJS.ErrnoException & { address?: string; errors?: unknown[] };

/**
 * The IPv4 address a failed connect had no route to, when it had a route to none of the
 * addresses it tried (Node names one address, or lists each it tried); else null. No route to
 * an IPv6 address alone only says this network has no IPv6, which pull-causes.ts does not call
 * offline.
 */
export function unroutedAddress(e: ConnectError): string | null {
  const tried = (Array.isArray(e.errors) ? e.errors : [e]) as ConnectError[];
  if (!tried.every((x) => x.code === 'ENETUNREACH')) return null;
  return tried.find((x) => typeof x.address === 'string' && !isIPv6(x.address))?.address ?? null;
}
