/**
 * What the engine sees that Berth's own checks do not: whether it will talk plain HTTP to the
 * registry (moby's insecure-registries rule), the proxy it goes through, and Docker Hub
 * mirrors. A pull can fail on any of these while every check from Berth's side passes.
 */
import { BlockList, isIP } from 'node:net';
import type { EngineRegistryView } from '../engine';
import type { ProbeStep } from '../shared/diagnosis';
import { describeEngineProxy } from './engine-proxy';
import type { EngineProxyOrigin } from './engine-proxy';
import { proxyFor, redactProxy } from './proxy-rules';

export interface EngineViewFacts {
  /** Berth reaches the registry over plain HTTP, but the engine will insist on HTTPS. */
  insecureMissing: boolean;
  /** The proxy the engine uses for this registry when Berth goes without it (or another). */
  engineOnlyProxy: string | null;
  /** Berth goes through this proxy (redacted) and the engine connects directly. */
  shellOnlyProxy?: string | null;
}

export interface EngineViewInput {
  view: EngineRegistryView;
  /** host[:port] as in references. */
  registry: string;
  hostname: string;
  /** What the registry's name resolved to (the DNS step). */
  addresses: string[];
  /** Berth's registry client talks plain HTTP to it (loopback or BERTH_INSECURE_REGISTRIES). */
  berthPlainHttp: boolean;
  /** The proxy Berth's own requests use (HTTPS_PROXY), or null. */
  berthProxy: string | null;
  dockerHub: boolean;
  /**
   * The engine's proxy variables and where each comes from (its environment, a drop-in,
   * daemon.json), when Berth can see the local dockerd: the evidence names the variable and
   * the NO_PROXY entry, decided by Go's rules (proxy-rules.ts) rather than docker info's.
   */
  proxyOrigin?: EngineProxyOrigin | null;
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function inCidrs(addresses: string[], cidrs: string[]): boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = '', bits = ''] = cidr.split('/');
    if (isIP(network) && /^\d+$/.test(bits)) list.addSubnet(network, Number(bits), family(network));
  }
  return addresses.some((a) => isIP(a) !== 0 && list.check(a, family(a)));
}

/**
 * moby registry/config.go isSecureIndex: a registry configured by name decides; otherwise it
 * is insecure (plain HTTP allowed) only if one of its addresses is in an insecure CIDR.
 */
export function engineAllowsPlainHttp(
  view: EngineRegistryView,
  registry: string,
  addresses: string[],
): boolean {
  const named = view.registries.find((r) => r.name === registry);
  if (named) return !named.secure;
  return inCidrs(addresses, view.insecureCidrs);
}

/**
 * Whether a proxy the engine has applies to the registry under its NO_PROXY: Go's
 * http.ProxyFromEnvironment rules (proxy-rules.ts), for the scheme the registry is asked with.
 */
export function proxyApplies(
  registry: string,
  noProxy: string,
  scheme: 'http' | 'https' = 'https',
): boolean {
  const env = { HTTP_PROXY: 'http://proxy', HTTPS_PROXY: 'http://proxy', NO_PROXY: noProxy };
  return proxyFor(env, scheme, registry).proxy !== null;
}

/** Credentials in a proxy URL stay out of the report. */
export const maskProxy = redactProxy;

export function engineViewSteps(input: EngineViewInput): {
  steps: ProbeStep[];
  facts: EngineViewFacts;
} {
  const { view, registry, hostname } = input;
  const steps: ProbeStep[] = [];
  const facts: EngineViewFacts = { insecureMissing: false, engineOnlyProxy: null };

  // Without the registry's addresses (DNS failed, not an IP) the engine's rule cannot be applied.
  const addresses = input.addresses.length > 0 ? input.addresses : isIP(hostname) ? [hostname] : [];
  if (input.berthPlainHttp && addresses.length > 0) {
    const plain = engineAllowsPlainHttp(view, registry, addresses);
    facts.insecureMissing = !plain;
    steps.push({
      name: 'engine insecure registries',
      ok: plain,
      ms: 0,
      detail: plain
        ? `The engine allows plain HTTP to ${registry} (${addresses.join(', ')} is in ${view.insecureCidrs.join(', ') || 'its insecure registries'}).`
        : `${registry} answers plain HTTP, but the engine does not list it as insecure (${view.insecureCidrs.join(', ') || 'no insecure CIDRs'}): the engine will insist on HTTPS.`,
    });
  }

  // The registry client speaks HTTPS unless the registry is plain HTTP; so does the engine.
  const proxyStep = input.proxyOrigin
    ? originProxyStep(input, input.proxyOrigin, facts)
    : infoProxyStep(input, facts);
  if (proxyStep) steps.push(proxyStep);

  if (input.dockerHub && view.mirrors.length > 0) {
    steps.push({
      name: 'engine mirrors',
      ok: true,
      ms: 0,
      detail: `The engine tries ${view.mirrors.map(maskProxy).join(', ')} before Docker Hub.`,
    });
  }
  return { steps, facts };
}

/** From docker info alone: the proxy the engine reports, with Go's NO_PROXY rules applied. */
function infoProxyStep(input: EngineViewInput, facts: EngineViewFacts): ProbeStep | null {
  const { view, registry } = input;
  const proxy = input.berthPlainHttp ? view.httpProxy : view.httpsProxy;
  if (!proxy || !proxyApplies(registry, view.noProxy, input.berthPlainHttp ? 'http' : 'https'))
    return null;
  const same = input.berthProxy !== null && maskProxy(input.berthProxy) === maskProxy(proxy);
  if (!same) facts.engineOnlyProxy = maskProxy(proxy);
  return {
    name: 'engine proxy',
    ok: same,
    ms: 0,
    detail: same
      ? `The engine and Berth both reach ${registry} through ${maskProxy(proxy)}.`
      : `The engine reaches ${registry} through the proxy ${maskProxy(proxy)}; Berth ${input.berthProxy ? `uses ${maskProxy(input.berthProxy)}` : 'connects directly'}, so its checks do not see what that proxy does.`,
  };
}

/**
 * From the engine's own variables: which one applies to this registry, where it was set, and
 * whether NO_PROXY spares the registry. Also the other way round: Berth goes through a proxy
 * the engine does not have.
 */
function originProxyStep(
  input: EngineViewInput,
  origin: EngineProxyOrigin,
  facts: EngineViewFacts,
): ProbeStep | null {
  const scheme = input.berthPlainHttp ? 'http' : 'https';
  const { decision, detail } = describeEngineProxy(origin, scheme, input.registry);
  const berth = input.berthProxy ? redactProxy(input.berthProxy) : null;
  if (decision.proxy) {
    const same = berth === decision.proxy;
    if (!same) facts.engineOnlyProxy = decision.proxy;
    return {
      name: 'engine proxy',
      ok: same,
      ms: 0,
      detail: `${detail} ${same ? 'Berth goes through the same proxy.' : `Berth ${berth ? `uses ${berth}` : 'connects directly'}, so its checks do not see what that proxy does.`}`,
    };
  }
  if (berth) {
    facts.shellOnlyProxy = berth;
    return {
      name: 'engine proxy',
      ok: false,
      ms: 0,
      detail: `${detail} Berth goes through ${berth} (its own proxy setting), so where only that proxy gets out, Berth's checks pass and the engine's pull does not.`,
    };
  }
  return decision.variable ? { name: 'engine proxy', ok: true, ms: 0, detail } : null;
}
