/**
 * What to do about each cause, in the words of the registry the image lives on. Every step is
 * runnable as written: it names the real host, repository and tag, or (when the error named
 * none) says what to look at without inventing one. No `<placeholder>` ever reaches a user;
 * values only the user knows are shell variables they set first ("$GITHUB_USER").
 * The steps name commands and settings, never secrets; the links are the registries' own docs.
 */
import { isIP } from 'node:net';
import type { PullCause } from '../shared/pull-causes';
import { registryApiHost } from '../shared/reference';
import { presetById, presetForRegistry } from '../shared/registry-presets';
import { isPublicRegistryHost } from './read-message';

export interface FixContext {
  /** host[:port] as in references; docker.io for Docker Hub; null when the error names none. */
  registry: string | null;
  repository: string | null;
  /** The tag or digest the pull asked for. */
  reference: string | null;
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
  /** The proxy Berth goes through while the engine has none, masked. */
  berthOnlyProxy?: string | null;
  /** The answer was a front end's own refusal of this machine's address (Google's 403 page). */
  frontEndRefusal?: boolean;
  /** Content trust's Notary server was not reached or refused (rather than holding no signature). */
  notaryServerFailed?: boolean;
  /** GitLab Runner sent the job's own CI_JOB_TOKEN ("credentials from job payload") and it was refused. */
  gitlabJobToken?: boolean;
  /** The engine said "No such image" of its own store: the pull that should have fetched it is the story. */
  notOnEngine?: boolean;
  /**
   * The message is an ECS task's (Fargate or the ECS agent): the pull ran in the task's network,
   * in this AWS region when the message names one.
   */
  ecsTask?: { region: string | null };
  /** The message is the kubelet's: the pull ran on a cluster node, with the pod's pull secrets. */
  kubelet?: boolean;
  /** The registry's address this machine has no route to (ENETUNREACH): nothing refused. */
  noRoute?: string;
}

/** The network causes an ECS task's own network explains (its subnet, routes, security group). */
const TASK_NETWORK_CAUSES: ReadonlySet<PullCause> = new Set([
  'unreachable',
  'timeout',
  'offline',
  'dns',
]);

export interface Fix {
  fix: string[];
  docs: string[];
}

/** Registries whose login differs; the presets cover the common ones, these add hosts. */
export type FixKind =
  | 'dockerhub'
  | 'ghcr'
  | 'ecr'
  | 'acr'
  | 'gar'
  | 'jfrog'
  | 'quay'
  | 'gitlab'
  | 'redhat'
  | 'aliyun'
  | 'harbor'
  | 'generic';

export function fixKind(host: string | null): FixKind | null {
  if (!host) return null;
  const h = host.toLowerCase();
  const preset = presetForRegistry(h);
  if (preset !== 'generic') return preset;
  if (h === 'public.ecr.aws') return 'ecr';
  if (h === 'quay.io') return 'quay';
  if (h === 'registry.gitlab.com' || /(^|\.)gitlab\./.test(h)) return 'gitlab';
  if (/(^|\.)redhat\.(io|com)$/.test(h)) return 'redhat';
  if (/\.aliyuncs\.com$/.test(h)) return 'aliyun';
  if (/(^|[.-])harbor[.-]/.test(h)) return 'harbor';
  if (/artifactory/.test(h)) return 'jfrog';
  return 'generic';
}

/** us-west-2 from 123456789012.dkr.ecr.us-west-2.amazonaws.com. */
export function ecrRegion(host: string): string | null {
  return /\.dkr\.ecr(?:-fips)?\.([a-z0-9-]{1,40})\.amazonaws\.com/i.exec(host)?.[1] ?? null;
}

/** The username a registry expects, when it is fixed by the registry rather than the user. */
export function expectedUsername(host: string, known: string | null): string | null {
  switch (fixKind(host)) {
    case 'ecr':
      return 'AWS';
    case 'gar':
      return 'oauth2accesstoken';
    case 'acr':
      return known ?? '00000000-0000-0000-0000-000000000000';
    default:
      return known;
  }
}

/** The shell variable that stands for the user's own name on this registry. */
function userVariable(kind: FixKind): string {
  switch (kind) {
    case 'dockerhub':
      return '$DOCKER_USER';
    case 'ghcr':
      return '$GITHUB_USER';
    case 'quay':
      return '$QUAY_USER';
    case 'gitlab':
      return '$GITLAB_USER';
    case 'redhat':
      return '$REDHAT_USER';
    default:
      return '$REGISTRY_USER';
  }
}

function credentialAdvice(host: string, ctx: FixContext): string[] {
  const kind = fixKind(host) ?? 'generic';
  const user = (fallback: string) => (ctx.username ? ctx.username : `"${fallback}"`);
  const store = (secretVar: string, u: string) =>
    `printf '%s' "${secretVar}" | berth login ${host} -u ${u} --password-stdin`;
  switch (kind) {
    case 'dockerhub':
      return [
        'Docker Hub needs your Docker ID (not your email) and a personal access token, not the account password: create one at https://app.docker.com/settings/personal-access-tokens (Read-only is enough).',
        `Set DOCKER_USER and DOCKER_TOKEN, then: ${store('$DOCKER_TOKEN', user('$DOCKER_USER'))}`,
      ];
    case 'ghcr':
      return [
        'GHCR needs a classic personal access token with the read:packages scope (fine-grained tokens cannot pull).',
        `Set GITHUB_USER and GITHUB_TOKEN, then: ${store('$GITHUB_TOKEN', user('$GITHUB_USER'))}`,
      ];
    case 'ecr': {
      const region = ecrRegion(host);
      return [
        `ECR tokens expire after 12 hours${ctx.tokenAgeHours !== null ? ` (this one is ${ctx.tokenAgeHours.toFixed(1)} h old)` : ''}: get a new one with the AWS CLI.`,
        host === 'public.ecr.aws'
          ? `aws ecr-public get-login-password --region us-east-1 | berth login ${host} -u AWS --password-stdin`
          : `aws ecr get-login-password${region ? ` --region ${region}` : ''} | berth login ${host} -u AWS --password-stdin`,
        'Or use the docker-credential-ecr-login helper, which renews tokens itself, and import it (berth creds import).',
      ];
    }
    case 'acr': {
      const name = host.split('.')[0] ?? host;
      return [
        `Use a token from the Azure CLI with the user 00000000-0000-0000-0000-000000000000, or a service principal with the AcrPull role (its app ID as the user).`,
        `az acr login --name ${name} --expose-token --output tsv --query accessToken | berth login ${host} -u 00000000-0000-0000-0000-000000000000 --password-stdin`,
      ];
    }
    case 'gar':
      return [
        'Use oauth2accesstoken with `gcloud auth print-access-token` (valid 1 hour), or _json_key with a service-account key that has Artifact Registry Reader.',
        `gcloud auth print-access-token | berth login ${host} -u oauth2accesstoken --password-stdin`,
      ];
    case 'quay':
      return [
        'Quay wants a robot account (Account settings → Robot accounts) or your user with an encrypted password.',
        `Set QUAY_USER and QUAY_TOKEN, then: ${store('$QUAY_TOKEN', user('$QUAY_USER'))}`,
      ];
    case 'gitlab':
      return [
        'GitLab wants a personal, project or deploy token with the read_registry scope.',
        `Set GITLAB_USER and GITLAB_TOKEN, then: ${store('$GITLAB_TOKEN', user('$GITLAB_USER'))}`,
      ];
    case 'redhat':
      return [
        'Red Hat wants a registry service account (https://access.redhat.com/terms-based-registry/), not the Customer Portal password.',
        `Set REDHAT_USER (it looks like 1234567|name) and REDHAT_TOKEN, then: ${store('$REDHAT_TOKEN', user('$REDHAT_USER'))}`,
      ];
    case 'jfrog':
      return [
        'JFrog wants an access or identity token, not the password.',
        `Set REGISTRY_USER and REGISTRY_TOKEN, then: ${store('$REGISTRY_TOKEN', user('$REGISTRY_USER'))}`,
      ];
    case 'harbor':
      return [
        'Harbor wants a project member, or a robot account (its name starts with robot$) with pull permission.',
        `Set REGISTRY_USER and REGISTRY_TOKEN, then: ${store('$REGISTRY_TOKEN', user('$REGISTRY_USER'))}`,
      ];
    case 'aliyun':
      return [
        'Alibaba Cloud ACR wants the registry login password set in the console (Instance → Access credential), with your account name as the user.',
        `Set REGISTRY_USER and REGISTRY_TOKEN, then: ${store('$REGISTRY_TOKEN', user('$REGISTRY_USER'))}`,
      ];
    default:
      return [
        `Set REGISTRY_USER and REGISTRY_TOKEN to a login that may pull from ${host}, then: ${store('$REGISTRY_TOKEN', user(userVariable(kind)))}`,
      ];
  }
}

/** When the error named no registry: what to store, without inventing a host. */
const NO_HOST_CREDENTIAL =
  'The error does not name the registry: paste the lines that name the image (or run berth doctor with the image) to get the exact login command for its registry.';

function imageOf(ctx: FixContext): string | null {
  if (!ctx.registry || !ctx.repository) return null;
  return `${ctx.registry}/${ctx.repository}`;
}

function withReference(ctx: FixContext): string | null {
  const image = imageOf(ctx);
  if (!image || !ctx.reference) return image;
  return ctx.reference.startsWith('sha256:')
    ? `${image}@${ctx.reference}`
    : `${image}:${ctx.reference}`;
}

/** What every cause's fix draws on, worked out once from the context. */
interface FixParts {
  ctx: FixContext;
  host: string | null;
  kind: FixKind | null;
  docs: string[];
  /** registry/repository, when both are known. */
  image: string | null;
  /** The image with its tag or digest. */
  full: string | null;
  /** How to store a credential for this host (or why the host is unknown). */
  credential: string[];
  /** The Berth pattern that would cover the image, when one of its credentials does not. */
  patterns: string[];
}

type FixesFor<C extends PullCause> = Record<C, (p: FixParts) => Fix>;

export function fixFor(cause: PullCause, ctx: FixContext): Fix {
  if (ctx.ecsTask && TASK_NETWORK_CAUSES.has(cause)) {
    return ecsTaskNetworkFix(cause, ctx.registry, ctx.ecsTask.region);
  }
  const fix = FIXES[cause](fixParts(ctx));
  if (ctx.ecsTask && TASK_LOGIN_CAUSES.has(cause)) {
    return { ...fix, fix: [ecsTaskLogin(cause, ctx.registry), ...fix.fix] };
  }
  if (ctx.kubelet && ctx.registry && TASK_LOGIN_CAUSES.has(cause)) {
    return { ...fix, fix: [...fix.fix, podPullSecret(ctx.registry, withReference(ctx))] };
  }
  return fix;
}

/**
 * The kubelet sends only the pod's imagePullSecrets (and its node's config), never this
 * machine's keychain: a login stored here reaches the pod as a secret Berth exports.
 */
function podPullSecret(registry: string, image: string | null): string {
  return `The kubelet does not read this machine's logins: once one is stored here, give the pod an imagePullSecret (berth creds export ${registry} -o pull-secret.yaml${image ? ` --image ${image}` : ''}, kubectl apply -f pull-secret.yaml, then imagePullSecrets in the pod spec).`;
}

/** The causes an ECS task's own login explains: the task's role or its repositoryCredentials. */
const TASK_LOGIN_CAUSES: ReadonlySet<PullCause> = new Set([
  'no_credentials',
  'bad_credentials',
  'expired_credentials',
  'insufficient_scope',
  'rate_limited',
]);

/**
 * Where an ECS task's pull gets its login: from ECR, the task execution role; from any other
 * registry, the container's repositoryCredentials (a Secrets Manager secret), never this
 * machine's docker config or keychain.
 */
function ecsTaskLogin(cause: PullCause, host: string | null): string {
  if (host && /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(host)) {
    return "This pull ran in an ECS task, which logs in to ECR with its task execution role: give that role ecr:GetAuthorizationToken, ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage (AmazonECSTaskExecutionRolePolicy has them), and the repository's policy must let it pull.";
  }
  const where = host ?? 'the registry';
  return `This pull ran in an ECS task, which sends only the login in its task definition: give the container repositoryCredentials (a Secrets Manager secret holding {"username", "password"} for ${where}, readable by the task execution role)${cause === 'rate_limited' && (!host || host === 'docker.io') ? ', or pull Docker Hub images through an ECR pull-through cache rule' : ''}. A login stored on this machine does not reach it.`;
}

/**
 * An ECS task pulls through its own network interface (Fargate 1.4+, awsvpc), not this machine's:
 * the fix is the task's subnet, routes and security group, as AWS's troubleshooting page for
 * CannotPullContainerError and ResourceInitializationError lays it out (a public IP in a public
 * subnet, a NAT gateway or the ECR and S3 endpoints in a private one, outbound 443).
 */
function ecsTaskNetworkFix(cause: PullCause, host: string | null, region: string | null): Fix {
  const aws = !host || /\.amazonaws\.com(?:\.cn)?$/.test(host);
  const endpoints = region
    ? `com.amazonaws.${region}.ecr.api and com.amazonaws.${region}.ecr.dkr, the S3 gateway endpoint (com.amazonaws.${region}.s3) the layers come from`
    : "ECR's API and Docker endpoints (ecr.api, ecr.dkr), the S3 gateway endpoint the layers come from";
  return {
    fix: [
      'The task has no network path to the registry: in a public subnet, give the task a public IP (assignPublicIp ENABLED in its network configuration); in a private subnet, route 0.0.0.0/0 through a NAT gateway.',
      ...(aws
        ? [
            `For an ECR image with no internet route at all, add VPC endpoints instead: ${endpoints}, and Secrets Manager's or CloudWatch Logs' if the task uses them.`,
          ]
        : []),
      ...(cause === 'dns'
        ? [
            "Turn on the VPC's DNS resolution and DNS hostnames: the endpoints' private names need both.",
          ]
        : []),
      "Let the task's security group (and the endpoints') allow outbound HTTPS, port 443.",
    ],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html',
    ],
  };
}

/** The name a lookup of the registry asks for: Docker Hub's API host, without the port. */
function lookupName(host: string): string {
  return registryApiHost(host).replace(/:\d+$/, '');
}

function fixParts(ctx: FixContext): FixParts {
  const host = ctx.registry;
  const preset = host ? presetById(presetForRegistry(host)) : null;
  const image = imageOf(ctx);
  return {
    ctx,
    host,
    kind: fixKind(host),
    docs: preset?.docsUrl ? [preset.docsUrl] : [],
    image,
    full: withReference(ctx),
    credential: host ? credentialAdvice(host, ctx) : [NO_HOST_CREDENTIAL],
    patterns:
      ctx.uncoveredPatterns.length && image
        ? [
            `Berth has a credential for ${host}, but its pattern ${ctx.uncoveredPatterns.join(', ')} does not cover ${image}: add the pattern ${image.replace(/\/[^/]+$/, '/*')} to it (Registries screen, or berth login … --pattern).`,
          ]
        : [],
  };
}

/** The credential is missing, refused, expired or too weak. */
const CREDENTIAL_FIXES: FixesFor<
  'no_credentials' | 'bad_credentials' | 'expired_credentials' | 'insufficient_scope'
> = {
  no_credentials: ({ patterns, credential, docs }) => ({
    fix: [...patterns, ...credential],
    docs,
  }),
  bad_credentials: ({ ctx, host, kind, image, credential, docs }) => ({
    fix: [
      `${host ?? 'The registry'} refused the credential${ctx.credentialSource ? ` from ${ctx.credentialSource}` : ' that was sent'}${ctx.username ? ` (user ${ctx.username})` : ''}.`,
      ...(host &&
      (ctx.publicAnonymously || kind === 'ghcr' || kind === 'dockerhub' || kind === 'quay')
        ? [
            `${ctx.publicAnonymously ? `${image} is public` : 'If the image is public'}: remove the stale login (berth logout ${host}${ctx.username ? ` -u ${ctx.username}` : ''}, and docker logout${host === 'docker.io' ? '' : ` ${host}`}) and it pulls anonymously, or replace it:`,
          ]
        : []),
      ...credential,
    ],
    docs,
  }),
  expired_credentials: ({ host, credential, docs }) => ({
    // ECR Public serves public images to anyone: an expired login there only gets in the way.
    fix:
      host === 'public.ecr.aws'
        ? [
            'public.ecr.aws serves public images without a login: remove the stale one (berth logout public.ecr.aws, and docker logout public.ecr.aws) and the pull goes anonymously, or refresh it:',
            ...credential,
          ]
        : credential,
    docs,
  }),
  insufficient_scope: ({ ctx, kind, patterns, docs }) => ({
    fix: ctx.gitlabJobToken
      ? [
          `GitLab Runner sent the job's own token (CI_JOB_TOKEN), which ${ctx.repository ?? 'the image'}'s project refused: that project does not let this project's jobs in.`,
          `In the project that holds ${ctx.repository ?? 'the image'}: Settings > CI/CD > Job token permissions, add the project that runs the job to the allowlist (GitLab 15.9 and later).`,
          'Or give the job a credential of its own: a deploy token with read_registry, in the DOCKER_AUTH_CONFIG CI/CD variable.',
        ]
      : [
          `The credential works but may not pull ${ctx.repository ?? 'this repository'}.`,
          kind === 'ghcr'
            ? 'Give the token the read:packages scope, and make sure the package grants your account (or the org) read access.'
            : kind === 'gar'
              ? `Grant the identity the Artifact Registry Reader role on the repository${ctx.repository ? ` holding ${ctx.repository}` : ''} (roles/artifactregistry.reader).`
              : kind === 'ecr'
                ? 'Allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer for this repository in the IAM policy (and the repository policy for another account).'
                : `Grant it pull/read access to ${ctx.repository ?? 'the repository'}, or use a credential that has it.`,
          ...patterns,
        ],
    docs: ctx.gitlabJobToken ? ['https://docs.gitlab.com/ci/jobs/ci_job_token/'] : docs,
  }),
};

/** The registry answered: the image, tag, platform or manifest is not what was asked for. */
const REGISTRY_FIXES: FixesFor<
  | 'repo_not_found'
  | 'tag_not_found'
  | 'rate_limited'
  | 'registry_error'
  | 'platform_mismatch'
  | 'invalid_manifest'
> = {
  repo_not_found: ({ ctx, host, image, docs }) => ({
    fix: [
      ctx.repository
        ? `Check the repository name ${ctx.repository}${host === 'docker.io' ? ' (official images live under library/, others under their publisher, e.g. minio/minio)' : ''}.`
        : 'Check the image name where the pull was asked for (compose file, pod spec, Dockerfile FROM, flow deployment): a typo, or an image built locally and never pushed.',
      ...(image ? [`List what exists: berth tags ${image}`] : []),
      host === 'docker.io'
        ? 'Docker Hub answers the same for a private repository: if it is private, log in with an account that can read it.'
        : 'If it is private, the registry may hide it from you: add a credential that can read it.',
    ],
    docs,
  }),
  tag_not_found: ({ ctx, image, docs }) => ({
    fix: [
      ctx.reference && ctx.repository
        ? `${ctx.repository} has no tag ${ctx.reference}: it was never pushed, or was deleted.`
        : 'The repository exists but not the tag asked for: it was never pushed, or was deleted.',
      ...(image ? [`List its tags: berth tags ${image}`] : []),
    ],
    docs,
  }),
  rate_limited: ({ host, kind, credential }) => ({
    fix: [
      kind === 'dockerhub' || !host
        ? 'Docker Hub limits anonymous pulls per IP: log in with a personal access token for a higher limit, or wait for the window to pass.'
        : `${host} is throttling pulls: wait and try again, or authenticate for a higher limit.`,
      ...(kind === 'dockerhub' || !host ? credential.slice(1) : []),
      'Use a pull-through mirror for CI machines that share an IP.',
    ],
    docs: ['https://docs.docker.com/docker-hub/usage/'],
  }),
  registry_error: ({ host, kind, full, ctx }) => ({
    fix: ctx.frontEndRefusal
      ? [
          `${host ?? 'The registry'}'s front end refuses this machine's address (a blocked region or IP range, common for VPS and VPN exits): no login changes it, and retrying from here will not either.`,
          'Pull from another network, or through a mirror or pull-through cache in a region it serves.',
        ]
      : [
          `${host ?? 'The registry'} is failing on its side (an outage, a 5xx, or a refused anonymous token where anyone gets one): check its status page${kind === 'dockerhub' ? ' (https://www.dockerstatus.com)' : kind === 'ghcr' ? ' (https://www.githubstatus.com)' : ''} and retry in a few minutes.`,
          ...(full ? [`Retry: berth pull ${full}`] : []),
          ...(host
            ? [
                `If it persists only here, a stale login may be sent: check with berth creds explain ${full ?? host}.`,
              ]
            : []),
        ],
    docs: kind === 'dockerhub' ? ['https://www.dockerstatus.com/'] : [],
  }),
  platform_mismatch: ({ ctx, full }) => ({
    fix: [
      `${full ?? 'The image'} has no image for ${ctx.wantedPlatform ?? 'this engine'}${ctx.offeredPlatforms.length ? `; it offers ${ctx.offeredPlatforms.join(', ')}` : ''}.`,
      full
        ? `Pull another platform explicitly (berth pull --platform linux/amd64 ${full}, emulated via QEMU/Rosetta), or ask the publisher for a multi-platform image.`
        : 'Pull another platform explicitly (berth pull --platform linux/amd64 with the image, emulated via QEMU/Rosetta), or ask the publisher for a multi-platform image.',
    ],
    docs: ['https://docs.docker.com/build/building/multi-platform/'],
  }),
  invalid_manifest: ({ image, full }) => ({
    fix: [
      `${full ?? 'The reference'} points at a manifest this engine cannot pull: an OCI manifest on Docker older than 20.10, a schema 1 manifest, or an artifact (Helm chart, attestation, signature) that is not an image.`,
      'Upgrade the engine (docker version), or pull the image by its tag instead of an attestation digest.',
      ...(image ? [`See what the registry serves: berth tags ${image}`] : []),
    ],
    docs: ['https://github.com/opencontainers/image-spec/blob/main/media-types.md'],
  }),
};

/** The way to the registry: transport settings, certificates, names, routes, proxies. */
const TRANSPORT_FIXES: FixesFor<
  'insecure_registry' | 'tls' | 'offline' | 'dns' | 'timeout' | 'proxy' | 'unreachable'
> = {
  insecure_registry: ({ ctx, host }) => {
    const target = ctx.insecureRegistry ?? host;
    return {
      fix: [
        target
          ? `The engine will not talk plain HTTP to ${target}: add it to "insecure-registries" in /etc/docker/daemon.json ({"insecure-registries": ["${target}"]}) and restart Docker (sudo systemctl restart docker; Docker Desktop: Settings → Docker Engine) — only on a network you trust.`
          : 'The engine will not talk plain HTTP to this registry: add its host:port to "insecure-registries" in /etc/docker/daemon.json and restart Docker — only on a network you trust.',
        target
          ? `For containerd/kubelet: /etc/containerd/certs.d/${target}/hosts.toml with server = "http://${target}"; for Podman: a [[registry]] location = "${target}" with insecure = true in registries.conf.`
          : 'For containerd/kubelet: a hosts.toml in /etc/containerd/certs.d/ (one folder per host:port) with an http:// server; for Podman: insecure = true for it in registries.conf.',
        'Or serve the registry over HTTPS with a certificate the engine trusts.',
      ],
      docs: ['https://docs.docker.com/reference/cli/dockerd/#insecure-registries'],
    };
  },
  tls: (p) => {
    const { ctx, host } = p;
    if (ctx.insecureRegistry) return TRANSPORT_FIXES.insecure_registry(p);
    return {
      fix: [
        `The TLS certificate of ${host ?? 'the registry named in the error'} is not trusted here${host === 'docker.io' ? ' — for Docker Hub that means something in between (a corporate proxy or antivirus) re-signs the traffic' : ''}.`,
        host && host !== 'docker.io'
          ? `If ${host} uses a private CA, put it where the engine reads it: /etc/docker/certs.d/${host}/ca.crt (needs root); for Berth, BERTH_EXTRA_CA_FILES=/path/ca.pem.`
          : "Add the intercepting proxy's CA to the system store (update-ca-certificates) and restart the engine; the engine also reads per-registry CAs from /etc/docker/certs.d/ (one folder per host:port, holding ca.crt).",
      ],
      docs: ['https://docs.docker.com/engine/security/certificates/'],
    };
  },
  offline: ({ host }) => {
    const name = lookupName(host ?? 'docker.io');
    return {
      fix: [
        `This machine cannot reach ${host ?? 'public registries'} (no network, no route to it, or a proxy in between that cannot get out): connect it (Wi-Fi, cable, VPN), then pull again.`,
        // An address needs no lookup, so only a name is worth checking with nslookup.
        ...(isIP(name.replace(/^\[|\]$/g, '')) === 0
          ? [`Once connected, check that the name resolves: nslookup ${name}.`]
          : []),
        'Docker Desktop/WSL and VPNs often break the resolver: set working DNS servers ("dns": ["1.1.1.1"] in daemon.json, or /etc/resolv.conf) and restart the engine.',
      ],
      docs: [],
    };
  },
  dns: ({ host }) => ({
    // A public registry's name always exists, so its spelling is not the question: the resolver
    // the engine asks is (pull-causes.ts, the dns/offline boundary).
    fix:
      host && isPublicRegistryHost(host)
        ? [
            `${host} always resolves on a working DNS server, so the one this engine (or its VM) asks is failing: check with nslookup ${lookupName(host)}.`,
            'Point the engine at working DNS servers ("dns": ["1.1.1.1", "8.8.8.8"] in daemon.json, or /etc/resolv.conf; on Docker Desktop restart it, or its VM, to renew its DNS forwarder) and restart the engine.',
          ]
        : [
            host
              ? `The name ${host.replace(/:\d+$/, '')} does not resolve: check the spelling, and connect the VPN if it is an internal registry.`
              : 'The registry name does not resolve: check the spelling, and connect the VPN if it is an internal registry.',
            'Check /etc/resolv.conf (or the engine\'s "dns" setting in daemon.json).',
          ],
    docs: [],
  }),
  timeout: ({ host }) => ({
    fix: [
      `${host ?? 'The registry'} did not answer in time: check the network, VPN or firewall, or the registry's status page.`,
      'Behind a corporate proxy, set HTTPS_PROXY for the Docker daemon and for Berth.',
    ],
    docs: ['https://docs.docker.com/engine/daemon/proxy/'],
  }),
  proxy: ({ ctx, host }) => ({
    fix: [
      ...(ctx.berthOnlyProxy && host
        ? [
            `Berth reaches ${host} through the proxy ${ctx.berthOnlyProxy}; the engine has no proxy for it and connects directly: give the engine the same proxy (the remedy "Let the engine use your proxy" writes it, with the restart command).`,
          ]
        : []),
      ...(ctx.engineProxy && host
        ? [
            `The engine pulls through the proxy ${ctx.engineProxy}, Berth does not: check that the proxy can reach ${host}, or add ${host.replace(/:\d+$/, '')} to the daemon's NO_PROXY.`,
          ]
        : []),
      'The proxy refused or failed the connection: check HTTPS_PROXY / NO_PROXY for the Docker daemon (systemd drop-in or Docker Desktop settings) and for Berth.',
    ],
    docs: ['https://docs.docker.com/engine/daemon/proxy/'],
  }),
  unreachable: ({ host, ctx: { noRoute } }) => ({
    fix: noRoute
      ? [
          `This machine has no route to ${host ? `${host} (${noRoute})` : noRoute}: connect the network it sits on (the VPN, the office network), then pull again.`,
          `Check the routes: ip route get ${noRoute} (on macOS, route get ${noRoute}) shows which interface would carry it, or none.`,
        ]
      : [
          host
            ? `Nothing accepts connections at ${host}: is the registry running, and is the port right?`
            : 'Nothing accepts connections at the address in the error: is the registry running, and is the port right?',
          'Check firewalls and VPNs between this machine and the registry.',
        ],
    docs: [],
  }),
};

/** Nothing reached a registry: the engine, the keychain or the credential helper failed. */
const LOCAL_FIXES: FixesFor<
  'daemon_down' | 'keychain_unavailable' | 'credential_helper' | 'content_trust' | 'disk_full'
> = {
  daemon_down: () => ({
    fix: [
      'Start the engine: Docker Desktop, `sudo systemctl start docker`, `colima start`, or `podman machine start`.',
      'Then check it: berth engine',
    ],
    docs: [],
  }),
  keychain_unavailable: () => ({
    fix: [
      'The credential helper in ~/.docker/config.json cannot reach its keychain: the Secret Service (gnome-keyring, KWallet) is not running in this session, or the macOS keychain is locked (SSH, CI).',
      'On Linux, start a keychain in this session (e.g. gnome-keyring-daemon --start inside a D-Bus session) or switch the helper to pass; on macOS, unlock it: security unlock-keychain ~/Library/Keychains/login.keychain-db',
      'Or drop the helper for this machine: remove "credsStore" from ~/.docker/config.json (berth fix offers it, with a backup), then log in again.',
    ],
    docs: ['https://docs.docker.com/reference/cli/docker/login/#credential-stores'],
  }),
  // docker/cli cli/command/image/trust.go: with content trust on, `docker pull`, `run`, `create`
  // and `build` look a tag up on the Notary server (DOCKER_CONTENT_TRUST_SERVER, else the
  // registry's own, notary.docker.io for Docker Hub) and pull the signed digest; an unsigned tag,
  // or a server that does not answer, ends the command there. Docker CLI 29 removed client-side
  // content trust (docker/cli#6603), so only older CLIs print these errors.
  // Content trust's errors name the repository, not the tag: without the tag the pasted text
  // named, a bare repository here would pull :latest instead.
  content_trust: ({ full, ctx }) => ({
    fix: [
      ctx.notaryServerFailed
        ? 'Docker Content Trust is on (DOCKER_CONTENT_TRUST=1): the docker CLI asks a Notary server for the tag’s signature before the engine pulls, and that server did not answer or refused it (DOCKER_CONTENT_TRUST_SERVER, else the registry’s own). No registry login or engine setting changes this.'
        : 'Docker Content Trust is on (DOCKER_CONTENT_TRUST=1): the docker CLI pulls only signed tags, and the Notary server holds no signature for this one. The image itself may be fine; no registry login or engine setting changes this.',
      full && ctx.reference
        ? `If this image need not be signed, pull it without the check: docker pull --disable-content-trust ${full} (or unset DOCKER_CONTENT_TRUST in this shell).`
        : 'If this image need not be signed, add --disable-content-trust to the docker pull, run or build that failed, or unset DOCKER_CONTENT_TRUST in this shell.',
      'To keep the check: set DOCKER_CONTENT_TRUST_SERVER to the Notary server that holds this repository’s signatures (each registry has its own; Docker Hub’s is https://notary.docker.io), or have the publisher sign the tag (docker trust sign).',
    ],
    docs: ['https://docs.docker.com/engine/security/trust/'],
  }),
  // What fills is the engine's data root (moby: DockerRootDir, its tmp/ holding downloads),
  // which is often not the partition `df -h /` shows, or inside Docker Desktop's VM; inodes run
  // out as well as blocks (many threads report "no space left" with free space). Podman stages
  // a pull in /var/tmp (containers.conf image_copy_tmp_dir, TMPDIR); containerd in its root.
  disk_full: ({ ctx }) => ({
    fix: [
      'The engine ran out of disk space (or inodes) where it downloads and unpacks images: the registry served the image, and no login or network setting changes this.',
      ctx.kubelet
        ? "On the node that pulled: df -h and df -i on /var/lib/containerd (or /var/lib/docker); crictl rmi --prune removes images no pod uses, and the kubelet's image garbage collection (imageGCHighThresholdPercent) frees space on its own once set lower."
        : "Check the engine's own filesystem, not just /: docker info --format '{{.DockerRootDir}}' names it; df -h and df -i on that path (inodes run out too). Docker Desktop keeps it inside its VM: raise Settings → Resources → Disk usage limit.",
      'Free space: docker system df shows what uses it; docker image prune -a removes images no container uses, docker builder prune the build cache.',
      'Podman stages a pull in /var/tmp first: point TMPDIR (or image_copy_tmp_dir in containers.conf) at a larger disk, and podman system prune frees space.',
    ],
    docs: ['https://docs.docker.com/reference/cli/docker/system/prune/'],
  }),
  credential_helper: ({ credential }) => ({
    fix: [
      'A credential helper named in ~/.docker/config.json is missing or failing: install it, or remove credsStore/credHelpers from the file (berth fix offers it, with a backup).',
      `Then log in again: ${credential[credential.length - 1] ?? NO_HOST_CREDENTIAL}`,
    ],
    docs: ['https://docs.docker.com/reference/cli/docker/login/#credential-stores'],
  }),
};

const FIXES: FixesFor<PullCause> = {
  ...CREDENTIAL_FIXES,
  ...REGISTRY_FIXES,
  ...TRANSPORT_FIXES,
  ...LOCAL_FIXES,
  unknown: ({ ctx, full, docs }) => ({
    fix: ctx.notOnEngine
      ? [
          `"No such image" is the engine's answer about its own store, not the registry's: ${full ?? 'the image'} is not on this engine. A pull before this failed, or none ran (compose's pull_policy: never, docker run --pull=never, a build or save on another docker context).`,
          full
            ? `Pull it to see why it is missing: berth pull ${full}`
            : 'Run the pull that should have fetched it and paste its error: that error names the cause.',
        ]
      : [
          full
            ? `Run the live check for more evidence: berth doctor ${full}`
            : 'Paste more of the output (the lines around the error name the image), or run the live check: berth doctor followed by the image that fails.',
          'Check the engine log (journalctl -u docker) for the full error.',
        ],
    docs,
  }),
};
