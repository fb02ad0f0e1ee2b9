/**
 * The connection to a registry as Berth's HTTP makes it: which CAs, which client certificate,
 * which proxy. `creds explain` and `berth doctor` print the report; the probe also uses the
 * trust itself, so its TLS step trusts exactly what a pull's registry calls trust.
 */
import { registryApiHost } from '../shared/reference';
import type { TransportView } from '../shared/transport';
import { chooseProxy, redactProxy, trustFor } from './tls-trust';
import type { HostTrust, TrustEnv } from './tls-trust';

export interface RegistryConnection {
  view: TransportView;
  trust: HostTrust;
  /** The proxy URL as configured (userinfo included, for the CONNECT); never print it. */
  proxy: string | null;
}

export async function registryConnection(
  registry: string,
  trustEnv: TrustEnv,
): Promise<RegistryConnection> {
  const host = registryApiHost(registry);
  const url = `https://${host}/v2/`;
  const trust = trustFor(host, trustEnv);
  const { sources } = trust;
  const { proxy, from } = await chooseProxy(url, trustEnv);
  const shown = proxy ? redactProxy(proxy) : null;
  const roots = sources.systemBundle
    ? `CAs: Node's roots + ${sources.systemBundle}`
    : sources.systemStore
      ? `CAs: Node's roots + ${sources.systemStore}`
      : "CAs: Node's roots";
  const parts = [
    roots,
    ...(sources.extraCaFiles.length ? [`+ ${sources.extraCaFiles.join(', ')}`] : []),
    ...(sources.registryCaFiles.length ? [`+ ${sources.registryCaFiles.join(', ')}`] : []),
    sources.clientCert ? `client certificate ${sources.clientCert}` : 'no client certificate',
    shown
      ? `via proxy ${shown}${from === 'os' ? " (the OS's proxy settings)" : ''}`
      : 'direct (no proxy)',
  ];
  return {
    trust,
    proxy,
    view: {
      registry,
      url,
      systemBundle: sources.systemBundle,
      systemStore: sources.systemStore,
      extraCaFiles: sources.extraCaFiles,
      certsDir: sources.certsDir,
      registryCaFiles: sources.registryCaFiles,
      clientCert: sources.clientCert,
      proxy: shown,
      proxySource: from,
      summary: parts.join('; '),
    },
  };
}

/** The report alone. */
export async function describeTransport(
  registry: string,
  trustEnv: TrustEnv,
): Promise<TransportView> {
  return (await registryConnection(registry, trustEnv)).view;
}
