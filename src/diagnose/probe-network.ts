/**
 * The live probe's network steps, 4-6: DNS, TCP and TLS to the registry, through the proxy's
 * tunnel when one applies (then the proxy resolves the name), with the CAs and client
 * certificate registry HTTP uses.
 */
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { BerthError } from '../shared/errors';
import type { RegistryConnection } from '../registry';
import { noNetwork, resolverRoutes, resolverServers, unroutedAddress } from './no-route';
import { openTunnel } from './proxy-tunnel';
import type { Facts, ProbeRecord } from './probe-steps';

export interface NetworkTarget {
  /** The registry API's URL (https://host:port or http://…). */
  base: URL;
  /** registryApiHost of the registry, for the plain-HTTP note. */
  apiHost: string;
  /** The CAs, client certificate and proxy registry HTTP uses; absent: Node's roots, direct. */
  connection: RegistryConnection | undefined;
}

type Outcome = { ok: boolean; detail: string };

const withTimeout = <T>(run: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    run,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new BerthError('probe.timeout', `${what} did not finish within ${ms} ms.`)),
        ms,
      ).unref(),
    ),
  ]);

function tlsSettingsOf(connection: RegistryConnection | undefined): ConnectionOptions {
  if (!connection) return {};
  return {
    ...(connection.trust.ca.length ? { ca: [...rootCertificates, ...connection.trust.ca] } : {}),
    ...(connection.trust.cert && connection.trust.key
      ? { cert: connection.trust.cert, key: connection.trust.key }
      : {}),
  };
}

/** Runs DNS, TCP and TLS as steps; returns the addresses the name resolved to (none via a proxy). */
export async function networkSteps(target: NetworkTarget, probe: ProbeRecord): Promise<string[]> {
  const { base, connection } = target;
  const { facts, step, budget } = probe;
  const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
  const viaProxy = base.protocol === 'https:' ? (connection?.proxy ?? null) : null;
  const proxyLabel = connection?.view.proxy;
  const host = base.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[] = [];
  const dnsOk = await step('dns', async () => {
    if (viaProxy) return { ok: true, detail: `${host}: resolved by the proxy ${proxyLabel}` };
    const found = await withTimeout(lookup(host, { all: true }), budget, `DNS lookup of ${host}`)
      .then((all) => all.map((a) => a.address))
      .catch((e: unknown) => e as NodeJS.ErrnoException);
    if (Array.isArray(found)) {
      addresses = found;
      return { ok: true, detail: `${host} → ${addresses.join(', ')}` };
    }
    return lookupFailed(found, budget, facts);
  });
  if (!dnsOk.ok || facts.tls) return addresses;

  let tunnel: Socket | undefined;
  const tcp = await step('tcp', () =>
    viaProxy
      ? openTunnel(viaProxy, { host, port }, budget).then((socket) => {
          tunnel = socket;
          return { ok: true, detail: `Tunnel to ${host}:${port} through ${proxyLabel}.` };
        })
      : tcpConnectStep(host, port, budget, facts),
  );
  if (!tcp.ok && viaProxy) facts.tcp = 'failed';
  if (tcp.ok && base.protocol === 'https:') {
    await step('tls', () => tlsHandshakeStep({ host, port, tunnel, budget, connection, facts }));
  } else if (tcp.ok) {
    probe.steps.push({
      name: 'tls',
      ok: true,
      ms: 0,
      detail: `Plain HTTP: ${target.apiHost} is a loopback or insecure registry.`,
    });
  }
  return addresses;
}

/**
 * Why a lookup failed. A resolver that answered "no such host" (ENOTFOUND) was reached; for any
 * other failure, whether it could have been: with no route to any of its servers this machine is
 * offline, not misconfigured.
 */
async function lookupFailed(
  e: NodeJS.ErrnoException,
  budget: number,
  facts: Facts,
): Promise<Outcome> {
  facts.dns = 'failed';
  const asked = (servers: string[]): string =>
    `DNS server${servers.length > 1 ? 's' : ''} ${servers.join(', ') || 'none configured'}`;
  if (e.code === 'ENOTFOUND')
    return { ok: false, detail: `${e.message} (${asked(resolverServers())}).` };
  const routes = await resolverRoutes(Math.min(budget, 1000));
  const { servers } = routes;
  if (noNetwork(routes)) {
    facts.dns = 'offline';
    return {
      ok: false,
      detail: `${e.message}: no route to the ${asked(servers)} (network is unreachable), so this machine has no network.`,
    };
  }
  return { ok: false, detail: `${e.message} (${asked(servers)}).` };
}

/** A direct TCP connect, bounded by the budget; a refusal, a timeout or another failure in facts.tcp. */
function tcpConnectStep(
  host: string,
  port: number,
  budget: number,
  facts: Facts,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const started = Date.now();
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean, detail: string, kind?: Facts['tcp']) => {
      socket.destroy();
      if (kind) facts.tcp = kind;
      resolve({ ok, detail });
    };
    socket.setTimeout(budget, () =>
      done(false, `No answer from ${host}:${port} within ${budget} ms.`, 'timeout'),
    );
    socket.once('connect', () =>
      done(true, `Connected to ${host}:${port} in ${Date.now() - started} ms.`),
    );
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const unrouted = unroutedAddress(e);
      if (unrouted) {
        facts.unrouted = unrouted;
        return done(
          false,
          `${host}:${port}: ${e.code ?? e.message} (no route to ${facts.unrouted})`,
          'offline',
        );
      }
      done(
        false,
        `${host}:${port}: ${e.code ?? e.message}`,
        e.code === 'ECONNREFUSED' ? 'refused' : 'failed',
      );
    });
  });
}

/** The TLS handshake with the CAs and client certificate registry HTTP uses, over the proxy's tunnel if any. */
function tlsHandshakeStep(at: {
  host: string;
  port: number;
  tunnel: Socket | undefined;
  budget: number;
  connection: RegistryConnection | undefined;
  facts: Facts;
}): Promise<Outcome> {
  const { host, port, tunnel, budget, connection, facts } = at;
  return new Promise<Outcome>((resolve) => {
    const socket = tlsConnect({
      ...(tunnel ? { socket: tunnel } : { host, port }),
      servername: host,
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
      ...tlsSettingsOf(connection),
    });
    const done = (ok: boolean, detail: string) => {
      socket.destroy();
      if (!ok) facts.tls = detail;
      resolve({ ok, detail });
    };
    socket.setTimeout(budget, () =>
      done(false, `The TLS handshake with ${host}:${port} did not finish within ${budget} ms.`),
    );
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const days = Math.floor((Date.parse(cert.valid_to) - Date.now()) / 86_400_000);
      const presented = connection?.view.clientCert
        ? `; presented the client certificate ${connection.view.clientCert}`
        : '';
      done(
        true,
        `Trusted certificate for ${cert.subject?.CN ?? host}, issued by ${cert.issuer?.O ?? cert.issuer?.CN ?? '?'}, expires in ${days} days${presented}.`,
      );
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const plain = /wrong version number|packet length too long|EPROTO/i.test(
        `${e.code} ${e.message}`,
      );
      done(
        false,
        plain
          ? `${host}:${port} answers plain HTTP, not TLS (HTTP vs HTTPS mismatch).`
          : `${e.code ?? 'TLS error'}: ${e.message}`,
      );
    });
  });
}
