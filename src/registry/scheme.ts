/**
 * Which scheme a registry speaks. Docker treats loopback registries as insecure (plain
 * HTTP) by default; everything else is https unless the user says otherwise.
 */

export function isLoopbackHost(hostWithPort: string): boolean {
  const host = hostWithPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function registryBaseUrl(
  apiHost: string,
  insecureRegistries: readonly string[] = [],
): string {
  const insecure = isLoopbackHost(apiHost) || insecureRegistries.includes(apiHost);
  return `${insecure ? 'http' : 'https'}://${apiHost}`;
}
