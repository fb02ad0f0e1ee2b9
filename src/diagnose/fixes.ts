/**
 * What to do about each cause, in the words of the registry the image lives on. The steps
 * name commands and settings, never secrets; the links are the registries' own docs.
 */
import type { PullCause } from '../shared/pull-causes';
import { presetById, presetForRegistry } from '../shared/registry-presets';

export interface FixContext {
  /** host[:port] as in references; docker.io for Docker Hub. */
  registry: string;
  repository: string;
  reference: string;
  /** Where the credential came from, when one was used. */
  credentialSource: string | null;
  username: string | null;
  /** Berth credentials for this registry whose patterns do not cover the image. */
  uncoveredPatterns: string[];
  /** Hours since an ECR token was stored, when known. */
  tokenAgeHours: number | null;
  /** linux/amd64, the engine's own, and what the index offers. */
  wantedPlatform: string | null;
  offeredPlatforms: string[];
  /** A credential was refused, yet the image pulls without one: the login is stale. */
  publicAnonymously?: boolean;
  /** The registry serves plain HTTP and the engine does not list it as insecure. */
  insecureRegistry?: string | null;
  /** The proxy the engine uses and Berth does not, masked. */
  engineProxy?: string | null;
}

export interface Fix {
  fix: string[];
  docs: string[];
}

const login = (ctx: FixContext, user = '<user>') =>
  `berth login ${ctx.registry} -u ${ctx.username ?? user} --password-stdin`;

function credentialAdvice(ctx: FixContext): string[] {
  switch (presetForRegistry(ctx.registry)) {
    case 'dockerhub':
      return [
        'Docker Hub needs a personal access token, not the account password: create one at https://app.docker.com/settings/personal-access-tokens (Read-only is enough).',
        `Store it: ${login(ctx)}`,
      ];
    case 'ghcr':
      return [
        'GHCR needs a classic personal access token with the read:packages scope (fine-grained tokens cannot pull).',
        `Store it: echo "$TOKEN" | ${login(ctx, '<github-user>')}`,
      ];
    case 'ecr':
      return [
        `ECR tokens expire after 12 hours${ctx.tokenAgeHours !== null ? ` (this one is ${ctx.tokenAgeHours.toFixed(1)} h old)` : ''}: get a new one.`,
        `aws ecr get-login-password --region <region> | berth login ${ctx.registry} -u AWS --password-stdin`,
        'Or use the docker-credential-ecr-login helper, which renews tokens itself, and import it (berth creds import).',
      ];
    case 'acr':
      return [
        'Use a service principal with the AcrPull role (its app ID and password), or 00000000-0000-0000-0000-000000000000 with a token from `az acr login --name <registry> --expose-token`.',
        `Store it: ${login(ctx)}`,
      ];
    case 'gar':
      return [
        'Use oauth2accesstoken with `gcloud auth print-access-token` (valid 1 hour), or _json_key with a service-account key that has Artifact Registry Reader.',
        `gcloud auth print-access-token | berth login ${ctx.registry} -u oauth2accesstoken --password-stdin`,
      ];
    case 'jfrog':
      return [
        'JFrog wants an access or identity token, not the password.',
        `Store it: ${login(ctx)}`,
      ];
    default:
      return [`Store a working credential: ${login(ctx)}`];
  }
}

export function fixFor(cause: PullCause, ctx: FixContext): Fix {
  const preset = presetById(presetForRegistry(ctx.registry));
  const docs = preset.docsUrl ? [preset.docsUrl] : [];
  const image = `${ctx.registry}/${ctx.repository}`;
  const patterns = ctx.uncoveredPatterns.length
    ? [
        `Berth has a credential for ${ctx.registry}, but its pattern ${ctx.uncoveredPatterns.join(', ')} does not cover ${image}: add the pattern ${image.replace(/\/[^/]+$/, '/*')} to it (Registries screen, or berth login … --pattern).`,
      ]
    : [];
  switch (cause) {
    case 'no_credentials':
      return { fix: [...patterns, ...credentialAdvice(ctx)], docs };
    case 'bad_credentials':
      return {
        fix: [
          `${ctx.registry} refused the credential from ${ctx.credentialSource ?? 'the store'}${ctx.username ? ` (user ${ctx.username})` : ''}.`,
          ...(ctx.publicAnonymously
            ? [
                `${image} is public: remove the stale login (berth logout ${ctx.registry}${ctx.username ? ` -u ${ctx.username}` : ''}) and it pulls anonymously, or replace it:`,
              ]
            : []),
          ...credentialAdvice(ctx),
        ],
        docs,
      };
    case 'expired_credentials':
      return { fix: credentialAdvice(ctx), docs };
    case 'insufficient_scope':
      return {
        fix: [
          `The credential works but may not pull ${ctx.repository}.`,
          presetForRegistry(ctx.registry) === 'ghcr'
            ? 'Give the token the read:packages scope, and make sure the package grants your account (or the org) read access.'
            : `Grant it pull/read access to ${ctx.repository}, or use a credential that has it.`,
          ...patterns,
        ],
        docs,
      };
    case 'repo_not_found':
      return {
        fix: [
          `Check the repository name ${ctx.repository} (Docker Hub official images live under library/).`,
          `List what exists: berth tags ${image}`,
          'If it is private, the registry may hide it from you: add a credential that can read it.',
        ],
        docs,
      };
    case 'tag_not_found':
      return {
        fix: [
          `The repository exists but has no tag ${ctx.reference}.`,
          `List its tags: berth tags ${image}`,
        ],
        docs,
      };
    case 'rate_limited':
      return {
        fix: [
          presetForRegistry(ctx.registry) === 'dockerhub'
            ? 'Docker Hub limits anonymous pulls per IP: log in with a personal access token for a higher limit, or wait for the window to pass.'
            : `${ctx.registry} is throttling pulls: wait and try again, or authenticate for a higher limit.`,
          'Use a pull-through mirror for CI machines that share an IP.',
        ],
        docs: ['https://docs.docker.com/docker-hub/usage/'],
      };
    case 'tls':
      if (ctx.insecureRegistry) {
        return {
          fix: [
            `The engine will not talk plain HTTP to ${ctx.insecureRegistry}: add it to "insecure-registries" in /etc/docker/daemon.json ({"insecure-registries": ["${ctx.insecureRegistry}"]}) and restart Docker (Docker Desktop: Settings → Docker Engine) — only on a network you trust.`,
            'Or serve the registry over HTTPS with a certificate the engine trusts (/etc/docker/certs.d/<host:port>/ca.crt).',
          ],
          docs: ['https://docs.docker.com/reference/cli/dockerd/#insecure-registries'],
        };
      }
      return {
        fix: [
          `The TLS certificate of ${ctx.registry} is not trusted here.`,
          'If the registry uses a private CA, add it: for Docker, /etc/docker/certs.d/<host:port>/ca.crt; for Berth, BERTH_EXTRA_CA_FILES=/path/ca.pem.',
          'If it only speaks plain HTTP, add it to "insecure-registries" in /etc/docker/daemon.json (and BERTH_INSECURE_REGISTRIES) — only on a network you trust.',
        ],
        docs: ['https://docs.docker.com/engine/security/certificates/'],
      };
    case 'dns':
      return {
        fix: [
          `The name ${ctx.registry.replace(/:\d+$/, '')} does not resolve: check the spelling.`,
          'If it is an internal registry, connect the VPN or check /etc/resolv.conf.',
        ],
        docs: [],
      };
    case 'timeout':
      return {
        fix: [
          `${ctx.registry} did not answer in time: check the network, VPN or firewall, or the registry's status page.`,
          'Behind a corporate proxy, set HTTPS_PROXY for the Docker daemon and for Berth.',
        ],
        docs: ['https://docs.docker.com/engine/daemon/proxy/'],
      };
    case 'proxy':
      return {
        fix: [
          ...(ctx.engineProxy
            ? [
                `The engine pulls through the proxy ${ctx.engineProxy}, Berth does not: check that the proxy can reach ${ctx.registry}, or add ${ctx.registry.replace(/:\d+$/, '')} to the daemon's NO_PROXY.`,
              ]
            : []),
          'The proxy refused or failed the connection: check HTTPS_PROXY / NO_PROXY for the Docker daemon (systemd drop-in or Docker Desktop settings) and for Berth.',
        ],
        docs: ['https://docs.docker.com/engine/daemon/proxy/'],
      };
    case 'unreachable':
      return {
        fix: [
          `Nothing accepts connections at ${ctx.registry}: is the registry running, and is the port right?`,
          'Check firewalls and VPNs between this machine and the registry.',
        ],
        docs: [],
      };
    case 'platform_mismatch':
      return {
        fix: [
          `${ctx.reference} has no image for ${ctx.wantedPlatform ?? 'this engine'}${ctx.offeredPlatforms.length ? `; it offers ${ctx.offeredPlatforms.join(', ')}` : ''}.`,
          'Pull another platform explicitly (berth pull --platform linux/amd64 …, emulated via QEMU/Rosetta), or ask the publisher for a multi-platform image.',
        ],
        docs: ['https://docs.docker.com/build/building/multi-platform/'],
      };
    case 'daemon_down':
      return {
        fix: [
          'Start the engine: Docker Desktop, `sudo systemctl start docker`, `colima start`, or `podman machine start`.',
          'Then check it: berth engine',
        ],
        docs: [],
      };
    case 'credential_helper':
      return {
        fix: [
          'A credential helper named in ~/.docker/config.json is missing or failing: install it, or remove credsStore/credHelpers from the file.',
          'Then log in again: berth login (or docker login).',
        ],
        docs: ['https://docs.docker.com/reference/cli/docker/login/#credential-stores'],
      };
    default:
      return {
        fix: [
          `Run the live check for more evidence: berth doctor ${image}:${ctx.reference}`,
          'Check the engine log (journalctl -u docker) for the full error.',
        ],
        docs,
      };
  }
}
