/**
 * Remedies as data: for a cause and what the error names, the actions that may unblock the
 * pull, each with a preview of exactly what it changes and the command that does the same from
 * a terminal. `berth fix <id>` (and the Doctor screen's buttons) apply them through the host
 * (src/host/diagnose-service.ts); ids carry their arguments, URI-encoded, so applying one needs
 * no state from the diagnosis that offered it.
 */
import { isEcsTaskPull } from './extract';
import type { Remedy, RemedyKind } from '../shared/diagnosis';
import type { ProxyAction } from './engine-proxy';
import type { PullCause } from '../shared/pull-causes';
import { ecrRegion, expectedUsername, fixKind } from './fixes';
import { parseRemedyId, remedyId as sharedRemedyId } from '../shared/remedy-id';
import { caFileFor } from './registry-ca';
import type { ServedCertificate } from './registry-ca';

export interface RemedyContext {
  host: string | null;
  image: string | null;
  /** The username of the credential in use, when known. */
  username: string | null;
  message?: string;
  /** Berth's stored credentials for the host (id, user, patterns), when the host knows them. */
  stored?: { id: string; username: string; patterns: string[] }[];
  /** Docker's config file and what it names, when the host has read it. */
  dockerConfig?: {
    path: string;
    credsStore: string | null;
    credHelpers: Record<string, string>;
    auths: string[];
  } | null;
  /** Cloud CLIs found on PATH (aws, gcloud, az). */
  cloudClis?: string[];
  /** For a TLS failure: the certificate the registry presents, and the engine's certs.d. */
  servedCertificate?: ServedCertificate | null;
  certsDir?: string;
  /** The local dockerd behind the engine (its daemon.json and how it reloads), when visible. */
  daemon?: { configPath: string; reload: string; berthReloads: boolean } | null;
  /** The engine's Docker Hub mirrors (docker info), when known. */
  engineMirrors?: string[] | null;
  /** The engine's proxy against Berth's environment, when the local dockerd is visible. */
  proxy?: ProxyRemedyContext | null;
}

/** For the proxy remedies: what each side uses for the registry, and each remedy's exact change. */
export interface ProxyRemedyContext {
  /** The proxy the engine uses for the registry (redacted), null: it connects directly. */
  engine: string | null;
  /** Berth's own HTTPS_PROXY (redacted), the one "use this proxy" copies; null: none. */
  shell: string | null;
  /** Per remedy, the exact change (file, redacted diff, restart command), made by the host. */
  previews: Partial<Record<ProxyAction, string[]>>;
}

/**
 * A public cache of Docker Hub that needs no account: Google's (cloud.google.com/artifact-registry/
 * docs/pull-cached-dockerhub-images). It holds popular public images only; dockerd falls back to
 * Docker Hub for the rest (moby registry: mirrors are tried first, then the index).
 */
export const DOCKER_HUB_MIRROR = 'https://mirror.gcr.io';

/** Docker Hub failures a mirror can take the load off: its pull limit, an outage, slowness. */
const MIRROR_CAUSES = new Set<PullCause>(['rate_limited', 'registry_error', 'timeout']);

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Where a daemon.json change goes and how it takes effect, for a remedy's preview. */
function daemonPreview(ctx: RemedyContext, key: string, value: string): string[] {
  const daemon = ctx.daemon;
  if (!daemon) {
    return [
      `Berth cannot see this engine's daemon (remote, or Docker Desktop's VM): it shows the JSON to add ("${key}": ["${value}"]) and where it goes; it writes nothing.`,
    ];
  }
  return [
    `${daemon.configPath}: "${value}" is added to "${key}" (the rest of the file is kept as it is, with a byte-exact backup; undo puts it back).`,
    daemon.berthReloads
      ? 'Then dockerd re-reads it (SIGHUP, as systemctl reload does): no restart, running containers keep running; docker info confirms it.'
      : `Then it applies when dockerd re-reads it: ${daemon.reload} (no restart; running containers keep running).`,
  ];
}

/** `kind:arg:arg`, each argument URI-encoded (the grammar lives in src/shared/remedy-id.ts). */
export function remedyId(
  kind:
    RemedyKind | 'undo' | 'set-patterns' | 'untrust-ca' | 'daemon-json-undo' | 'engine-proxy-undo',
  ...args: string[]
): string {
  return sharedRemedyId(kind, ...args);
}

export { parseRemedyId };

/** Causes a fresh login can fix (a broken helper too: Berth's own keychain comes first). */
const CREDENTIAL_CAUSES = new Set<PullCause>([
  'no_credentials',
  'bad_credentials',
  'expired_credentials',
  'insufficient_scope',
  'credential_helper',
]);

export function remediesFor(cause: PullCause, ctx: RemedyContext): Remedy[] {
  // A pull an ECS task made ran on AWS: this machine's daemon.json, proxy, certs.d, docker config
  // and a pull here do not reach it. A login stored here still lets the probe check it.
  if (ctx.message && isEcsTaskPull(ctx.message)) {
    return [
      ...loginRemedies(cause, ctx),
      ...imageRemedies(cause, ctx).filter((r) => r.kind === 'probe'),
    ];
  }
  return [
    ...loginRemedies(cause, ctx),
    ...patternRemedies(cause, ctx),
    ...staleLoginRemedies(cause, ctx),
    ...helperRemedies(cause, ctx),
    ...trustCaRemedies(cause, ctx),
    ...daemonJsonRemedies(cause, ctx),
    ...engineProxyRemedies(cause, ctx),
    ...imageRemedies(cause, ctx),
  ];
}

/** Store (or refresh) the login, through the cloud CLI when it is installed. */
function loginRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host } = ctx;
  if (host && CREDENTIAL_CAUSES.has(cause)) {
    const user = expectedUsername(host, ctx.username);
    const cli = tokenCli(host);
    if (cli && (ctx.cloudClis ?? []).includes(cli.tool)) {
      out.push({
        id: remedyId('login', host, cli.user, 'cli'),
        kind: 'login',
        title: `Get a token with ${cli.tool} and store it for ${host}`,
        changes: [
          `Runs ${cli.command}; its output goes only into the OS keychain (service dev.berth.registry, account ${cli.user}@${host}), after a real login test.`,
        ],
        command: `berth fix ${remedyId('login', host, cli.user, 'cli')} --yes`,
        undoable: true,
        prefill: { registry: host, username: cli.user },
      });
    }
    out.push({
      id: remedyId('login', host, user ?? ''),
      kind: 'login',
      title: `Store a login for ${host}`,
      changes: [
        `Stores a credential for ${host}${user ? ` as ${user}` : ''} in the OS keychain after a real login test; nothing else changes.`,
      ],
      command: `berth fix ${remedyId('login', host, user ?? '')} --password-stdin`,
      undoable: true,
      prefill: { registry: host, username: user },
    });
  }
  return out;
}

/** A stored credential whose patterns leave the image out. */
function patternRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host, image } = ctx;
  if (host && image && cause === 'no_credentials') {
    for (const cred of ctx.stored ?? []) {
      if (cred.patterns.length === 0) continue;
      const pattern = image.replace(/[:@][^/]*$/, '').replace(/\/[^/]+$/, '/*');
      out.push({
        id: remedyId('add-pattern', cred.id, pattern),
        kind: 'add-pattern',
        title: `Let ${cred.username}@${host} serve ${pattern}`,
        changes: [
          `registries.json: the credential ${cred.username}@${host} gets the pattern ${pattern} beside ${cred.patterns.join(', ')}; its secret is untouched.`,
        ],
        command: `berth fix ${remedyId('add-pattern', cred.id, pattern)} --yes`,
        undoable: true,
      });
    }
  }
  return out;
}

/** A stale login breaking a pull: Berth's own, or docker's entry in config.json. */
function staleLoginRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host } = ctx;
  if (
    host &&
    (cause === 'bad_credentials' || cause === 'registry_error' || cause === 'expired_credentials')
  ) {
    for (const cred of ctx.stored ?? []) {
      out.push({
        id: remedyId('logout', host, cred.username),
        kind: 'logout',
        title: `Log out ${cred.username}@${host} (Berth)`,
        changes: [
          `Deletes Berth's credential ${cred.username}@${host} from the OS keychain and registries.json; pulls of public images then go anonymous. Undo: log in again.`,
        ],
        command: `berth fix ${remedyId('logout', host, cred.username)} --yes`,
        undoable: false,
      });
    }
    const config = ctx.dockerConfig;
    const key = config?.auths.find((k) => authKeyHost(k) === host);
    if (config && key) {
      out.push({
        id: remedyId('logout', host, 'docker-config'),
        kind: 'logout',
        title: `Remove docker's stored login for ${host}`,
        changes: [
          `${config.path}: the "auths" entry "${key}" is removed; a backup is kept beside it and berth fix undo restores the file byte for byte.`,
        ],
        command: `berth fix ${remedyId('logout', host, 'docker-config')} --yes`,
        undoable: true,
      });
    }
  }
  return out;
}

/** A credential helper (or the keychain behind it) that fails: stop using it. */
function helperRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host } = ctx;
  if (cause === 'credential_helper' || cause === 'keychain_unavailable') {
    const config = ctx.dockerConfig;
    const helperForHost = host && config ? config.credHelpers[host] : undefined;
    if (config && helperForHost && host) {
      out.push({
        id: remedyId('remove-helper', 'credHelpers', host),
        kind: 'remove-helper',
        title: `Stop using docker-credential-${helperForHost} for ${host}`,
        changes: [
          `${config.path}: "credHelpers" loses "${host}": "${helperForHost}"; a backup is kept beside it and berth fix undo restores the file byte for byte.`,
        ],
        command: `berth fix ${remedyId('remove-helper', 'credHelpers', host)} --yes`,
        undoable: true,
      });
    }
    if (!config || config.credsStore) {
      const path = config?.path ?? '~/.docker/config.json';
      out.push({
        id: remedyId('remove-helper', 'credsStore'),
        kind: 'remove-helper',
        title: config?.credsStore
          ? `Stop using docker-credential-${config.credsStore} (credsStore)`
          : 'Remove the credsStore entry from docker’s config',
        changes: [
          `${path}: the "credsStore"${config?.credsStore ? `: "${config.credsStore}"` : ''} entry is removed (docker then stores logins in the file); a backup is kept beside it and berth fix undo restores the file byte for byte.`,
        ],
        command: `berth fix ${remedyId('remove-helper', 'credsStore')} --yes`,
        undoable: true,
      });
    }
  }
  return out;
}

/** Trust the CA a registry presents, where the engine reads it. */
function trustCaRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host } = ctx;
  const served = ctx.servedCertificate;
  if (cause === 'tls' && host && served && ctx.certsDir) {
    const path = caFileFor(ctx.certsDir, host);
    out.push({
      id: remedyId('trust-ca', host, served.fingerprint),
      kind: 'trust-ca',
      title: `Trust the certificate ${host} presents, for docker`,
      changes: [
        `Writes ${path}: ${served.selfSigned ? 'the self-signed certificate' : 'the top certificate of the chain'} ${host} presents (${served.subject}; issued by ${served.issuer}; valid to ${served.validTo}).`,
        `SHA-256 ${served.fingerprint}: check it with the registry's admin first; trusting it trusts whoever holds its key.`,
        `docker reads it at the next pull, no restart. ${path.startsWith('/etc/') ? 'The folder belongs to root: without root Berth saves the certificate in its own folder and gives the sudo command.' : ''}`.trim(),
        `podman and skopeo read /etc/containers/certs.d/${host}/ca.crt; containerd a hosts.toml in /etc/containerd/certs.d/${host}/.`,
      ],
      command: `berth fix ${remedyId('trust-ca', host, served.fingerprint)} --yes`,
      undoable: true,
    });
  }
  return out;
}

/** The engine's daemon.json: a plain-HTTP registry into insecure-registries, a Docker Hub mirror. */
function daemonJsonRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { host } = ctx;
  if (cause === 'insecure_registry' && host) {
    const id = remedyId('daemon-json', 'insecure-registries', host);
    out.push({
      id,
      kind: 'daemon-json',
      title: `Let the engine talk plain HTTP to ${host}`,
      changes: [
        ...daemonPreview(ctx, 'insecure-registries', host),
        'Only on a network you trust: plain HTTP carries the registry password and the images unprotected.',
      ],
      command: `berth fix ${id} --yes`,
      undoable: Boolean(ctx.daemon),
    });
  }

  if (
    MIRROR_CAUSES.has(cause) &&
    host &&
    DOCKER_HUB_HOSTS.has(host) &&
    ctx.engineMirrors !== undefined &&
    (ctx.engineMirrors ?? []).length === 0
  ) {
    const id = remedyId('daemon-json', 'registry-mirrors', DOCKER_HUB_MIRROR);
    out.push({
      id,
      kind: 'daemon-json',
      title: 'Pull Docker Hub images through a mirror first',
      changes: [
        ...daemonPreview(ctx, 'registry-mirrors', DOCKER_HUB_MIRROR),
        `${DOCKER_HUB_MIRROR} is Google's public cache of popular Docker Hub images (no account, no Docker Hub limit); images it lacks still come from Docker Hub. Your own mirror: berth fix daemon-json:registry-mirrors:<url-encoded URL>.`,
      ],
      command: `berth fix ${id} --yes`,
      undoable: Boolean(ctx.daemon),
    });
  }
  return out;
}

/** Failures a proxy between the engine and the registry explains (or its absence does). */
const PROXY_CAUSES = new Set<PullCause>(['proxy', 'timeout', 'unreachable', 'offline']);

/** Whether the engine-proxy remedies apply to a cause (the host reads the engine only then). */
export const isProxyCause = (cause: PullCause) => PROXY_CAUSES.has(cause);

/**
 * The engine's proxy (engine-proxy.ts): use Berth's, bypass it for this registry, or remove
 * it. Each preview is the host's exact plan: the file, its diff, and the restart command.
 */
function engineProxyRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const { host, proxy } = ctx;
  if (!host || !proxy || !PROXY_CAUSES.has(cause)) return [];
  const out: Remedy[] = [];
  const offer = (action: ProxyAction, title: string, args: string[], why: string) => {
    const id = remedyId('engine-proxy', action, ...args);
    out.push({
      id,
      kind: 'engine-proxy',
      title,
      changes: [why, ...(proxy.previews[action] ?? [])],
      command: `berth fix ${id} --yes`,
      undoable: true,
    });
  };
  if (proxy.shell && proxy.shell !== proxy.engine) {
    offer(
      'use',
      `Let the engine use your proxy ${proxy.shell}`,
      [],
      `Copies Berth's HTTPS_PROXY${proxy.engine ? ` (the engine uses ${proxy.engine} now)` : ' (the engine has none and connects directly)'}, with HTTP_PROXY and NO_PROXY when set.`,
    );
  }
  if (proxy.engine) {
    const name = host.replace(/:\d+$/, '');
    offer(
      'bypass',
      `Connect to ${name} without the engine's proxy`,
      [host],
      `Adds ${name} to the engine's NO_PROXY; other registries still go through ${proxy.engine}.`,
    );
    offer(
      'remove',
      "Remove the engine's proxy",
      [],
      `The engine stops using ${proxy.engine} for every registry.`,
    );
  }
  return out;
}

/** Probe live and retry, whenever the failing image is known. */
function imageRemedies(cause: PullCause, ctx: RemedyContext): Remedy[] {
  const out: Remedy[] = [];
  const { image } = ctx;
  if (image) {
    if (cause !== 'daemon_down') {
      out.push({
        id: remedyId('probe', image),
        kind: 'probe',
        title: `Check ${image} live`,
        changes: [
          'Changes nothing: asks the registry, step by step, with the credential Berth would use.',
        ],
        command: `berth doctor ${image}`,
        undoable: false,
      });
    }
    out.push({
      id: remedyId('retry', image),
      kind: 'retry',
      title: `Retry the pull of ${image}`,
      changes: ['Pulls the image into the engine and records the outcome in the ledger.'],
      command: `berth pull ${image}`,
      undoable: false,
    });
  }
  return out;
}

/** The cloud CLI that prints a registry token, and the username that goes with it. */
export function tokenCli(
  host: string,
): { tool: string; user: string; command: string; args: string[] } | null {
  switch (fixKind(host)) {
    case 'ecr': {
      const region = ecrRegion(host);
      if (!region) return null;
      return {
        tool: 'aws',
        user: 'AWS',
        command: `aws ecr get-login-password --region ${region}`,
        args: ['ecr', 'get-login-password', '--region', region],
      };
    }
    case 'gar':
      return {
        tool: 'gcloud',
        user: 'oauth2accesstoken',
        command: 'gcloud auth print-access-token',
        args: ['auth', 'print-access-token'],
      };
    case 'acr': {
      const name = host.split('.')[0] ?? host;
      return {
        tool: 'az',
        user: '00000000-0000-0000-0000-000000000000',
        command: `az acr login --name ${name} --expose-token --output tsv --query accessToken`,
        args: [
          'acr',
          'login',
          '--name',
          name,
          '--expose-token',
          '--output',
          'tsv',
          '--query',
          'accessToken',
        ],
      };
    }
    default:
      return null;
  }
}

/** docker's auths keys: "https://index.docker.io/v1/" is docker.io; others are cut at the first /. */
export function authKeyHost(key: string): string {
  const bare = key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
  return bare === 'index.docker.io' || bare === 'registry-1.docker.io' ? 'docker.io' : bare;
}
