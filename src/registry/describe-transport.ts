/** The transport report that `creds explain` and `berth doctor` print for a registry. */
import { registryApiHost } from '../shared/reference';
import type { TransportView } from '../shared/transport';
import { proxyFor, redactProxy, trustFor } from './tls-trust';

export function describeTransport(
  registry: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): TransportView {
  const host = registryApiHost(registry);
  const url = `https://${host}/v2/`;
  const { sources } = trustFor(host, { env, platform });
  const proxy = proxyFor(url, env);
  const shown = proxy ? redactProxy(proxy) : null;
  const parts = [
    sources.systemBundle ? `CAs: Node's roots + ${sources.systemBundle}` : "CAs: Node's roots",
    ...(sources.extraCaFiles.length ? [`+ ${sources.extraCaFiles.join(', ')}`] : []),
    ...(sources.registryCaFiles.length ? [`+ ${sources.registryCaFiles.join(', ')}`] : []),
    sources.clientCert ? `client certificate ${sources.clientCert}` : 'no client certificate',
    shown ? `via proxy ${shown}` : 'direct (no proxy)',
  ];
  return {
    registry,
    url,
    systemBundle: sources.systemBundle,
    extraCaFiles: sources.extraCaFiles,
    certsDir: sources.certsDir,
    registryCaFiles: sources.registryCaFiles,
    clientCert: sources.clientCert,
    proxy: shown,
    summary: parts.join('; '),
  };
}
