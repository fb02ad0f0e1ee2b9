/**
 * Readings that follow from how the engines build their messages rather than from one phrase:
 * the dialled address family, a proxy's CONNECT answer, a token service nested in a registry
 * request, a registry hosting public repositories, Docker Hub's official images. Each message
 * is real, from the public thread named beside it.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseMessage } from '../../../src/diagnose/probe';
import { readMessage } from '../../../src/diagnose/read-message';

const cause = (text: string) => readMessage(text).cause;

describe('no route, by address family', () => {
  it('reads ENETUNREACH for an IPv4 address of a public registry as offline (kitematic#1570)', () => {
    const reading = readMessage(
      'Error while pulling image: Get https://index.docker.io/v1/repositories/kitematic/hello-world-nginx/images: dial tcp 52.73.94.64:443: getsockopt: network is unreachable',
    );
    expect(reading.cause).toBe('offline');
    expect(reading.alternatives).toContain('unreachable');
    expect(reading.tieBreak).toMatch(/no IPv4 route/);
  });

  it('keeps ENETUNREACH for an IPv6 address as unreachable: only IPv6 is missing', () => {
    // A GitLab runner pulling a dual-stack host without IPv6 (a public runbook, cited in the rule).
    expect(
      cause(
        'error pulling image configuration: download failed after attempts=6: dial tcp [2a03:2880:f11f:83:face:b00c:0:25de]:443: connect: network is unreachable',
      ),
    ).toBe('unreachable');
  });

  it('keeps ENETUNREACH to a private address as unreachable (a VPN down, not offline)', () => {
    expect(
      cause(
        'Error response from daemon: Get "https://10.20.0.5:5000/v2/": dial tcp 10.20.0.5:5000: connect: network is unreachable',
      ),
    ).toBe('unreachable');
  });
});

describe("a proxy's answer to CONNECT (Go keeps only the reason phrase)", () => {
  it('reads a proxy that cannot reach a public registry as offline (bacalhau-project/bacalhau#104)', () => {
    const reading = readMessage(
      'failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: Head "https://registry-1.docker.io/v2/library/ubuntu/manifests/20.04": Service Unavailable',
    );
    expect(reading.cause).toBe('offline');
    expect(reading.alternatives[0]).toBe('proxy');
  });

  it('reads a proxy asking for its own login as proxy (kitematic#1382)', () => {
    expect(
      cause(
        'Error while pulling image: Get https://index.docker.io/v1/repositories/library/hello-world/images: authenticationrequired',
      ),
    ).toBe('proxy');
  });

  it('does not mistake a status with its code (the registry answered) for a proxy', () => {
    expect(
      cause('Error response from daemon: received unexpected HTTP status: 503 Service Unavailable'),
    ).toBe('registry_error');
  });
});

describe("Docker Hub's refusals: the registry failing, or one repository refused", () => {
  it('reads the bare "authentication required" of a public repository as Docker Hub failing (hub-feedback#2496)', () => {
    expect(
      cause(
        'docker pull alpine:latest\nError response from daemon: unauthorized: authentication required',
      ),
    ).toBe('registry_error');
  });

  it('reads a 401 that names the repository and the pull it lacks as no login, not an outage (enix/kube-image-keeper#276)', () => {
    // go-containerregistry prints distribution's errcode with its detail (transport/error.go).
    const reading = readMessage(
      'GET https://index.docker.io/v2/acme/llmtuner/manifests/sha256:a7d92bc294e2fe8ec6eae13e613ed95fa2812ccafd3b888c162798db46641c90: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:acme/llmtuner Type:repository]]',
    );
    expect(reading.cause).toBe('no_credentials');
    expect(reading.alternatives).toContain('repo_not_found');
    expect(reading.tieBreak).toBeNull();
  });
});

describe('names that do not resolve', () => {
  it('reads a token service that does not resolve after the registry answered as DNS, not offline (PanteraS#196)', () => {
    const reading = readMessage(
      'Error response from daemon: Get https://registry-1.docker.io/v2/library/busybox/manifests/latest: Get https://auth.docker.io/token?account=me&scope=repository%3Alibrary%2Fbusybox%3Apull&service=registry.docker.io: dial tcp: lookup auth.docker.io on 172.16.0.1:53: no such host',
    );
    expect(reading.cause).toBe('dns');
    expect(reading.tieBreak).toMatch(/online/);
  });

  // The dns/offline boundary (pull-causes.ts): a resolver the message names, answering badly or
  // not at all, is dns; a public name failing with no resolver to blame, or no route to the
  // resolver, is offline.
  it.each([
    // NXDOMAIN for a public name from Docker Desktop's forwarder (docker/for-win#4884)
    'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: no such host',
    // SERVFAIL from the ISP's resolver (kitematic#1272)
    'Error while pulling image: Get https://index.docker.io/v1/repositories/qinzhaokun/docker-eagle/images: dial tcp: lookup index.docker.io on 75.75.76.76:53: server misbehaving',
    // the VM's resolver never answers (docker/for-win#3828)
    'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: read udp 192.168.65.3:37317->192.168.65.1:53: i/o timeout',
    // a terminal wrapped the resolver's address (TIBCOSoftware/flogo#69)
    'Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 10.0.2.3:\n53: no such host.',
    // the paste redacted the resolver's address, which Go prints only when it asked one
    // (rancher-sandbox/rancher-desktop#1509)
    'failed to do request: Head "https://registry-1.docker.io/v2/library/postgres/manifests/13.4": dial tcp: lookup registry-1.docker.io on <IP ADDRESS REMOVED>: read udp <IP ADDRESS REMOVED>-><IP ADDRESS REMOVED>: i/o timeout',
    // an IPv6 resolver where IPv6 is not routed: the DNS setting, not the network
    // (docker-archive-public/docker.kitematic#2075)
    'Error while pulling image: Get https://index.docker.io/v1/repositories/wnews/wnews-sling/images: dial tcp: lookup index.docker.io on [2001:4860:4860::8888]:53: dial udp [2001:4860:4860::8888]:53: connect: network is unreachable',
  ])('reads a named resolver that fails a public name as dns, offline second: %s', (text) => {
    const reading = readMessage(text);
    expect(reading.cause).toBe('dns');
    expect(reading.alternatives[0]).toBe('offline');
  });

  it.each([
    // the system resolver, no server named (ddev/ddev-frankenphp#42, offline)
    'failed to do request: Head "https://registry-1.docker.io/v2/dunglas/frankenphp/manifests/php8.3-bookworm": dial tcp: lookup registry-1.docker.io: Temporary failure in name resolution',
    // musl's text for EAI_AGAIN, through cgo on an air-gapped k3os node (rancher/k3os#431)
    'failed to resolve reference "docker.io/rancher/pause:3.1": failed to do request: Head https://registry-1.docker.io/v2/rancher/pause/manifests/3.1: dial tcp: lookup registry-1.docker.io: Try again',
    // no route to the resolver itself (open-education-hub/operating-systems#167)
    'failed to fetch anonymous token: Get "https://auth.docker.io/token?scope=repository%3Alibrary%2Fubuntu%3Apull&service=registry.docker.io": dial tcp: lookup auth.docker.io on 172.23.176.1:53: dial udp 172.23.176.1:53: connect: network is unreachable',
    // nginx's resolver in a pull-through proxy, no server named (rpardini/docker-registry-proxy#72)
    '2021/01/04 05:30:41 [error] 42#42: *3 registry-1.docker.io could not be resolved (110: Operation timed out), client: 127.0.0.1, server: _, request: "GET /v2/ HTTP/1.1"',
  ])('reads a public name failing with no resolver to blame as offline: %s', (text) => {
    expect(cause(text)).toBe('offline');
  });

  it('tells a failing resolver for docker.io to fix the DNS server, not to check the spelling', () => {
    const d = diagnoseMessage(
      'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: server misbehaving',
    );
    expect(d.cause).toBe('dns');
    expect(d.fix.join(' ')).not.toMatch(/spelling/);
    expect(d.fix.join(' ')).toMatch(/nslookup registry-1\.docker\.io/);
  });

  it('keeps a private name that a named resolver does not know as dns (kubernetes/minikube#4553)', () => {
    expect(
      cause(
        'Error response from daemon: Get http://registry.kube-system/v2/: dial tcp: lookup registry.kube-system on 192.168.64.1:53: no such host',
      ),
    ).toBe('dns');
  });

  it("reads ICANN's name-collision address as DNS (moby/moby#22674)", () => {
    expect(
      cause(
        'Get https://docker.mycompany.dev/v2/: dial tcp 127.0.53.53:443: getsockopt: connection refused',
      ),
    ).toBe('dns');
  });

  it('reads a remote name dialled at loopback without a proxy as nothing listening (portainer#4188)', () => {
    expect(
      cause('Get http://xxxx.xxx.com/v2/: dial tcp 127.0.0.1:80: connect: connection refused'),
    ).toBe('unreachable');
  });
});

describe('"denied" by who answers it', () => {
  const denied = (image: string) =>
    `Error response from daemon: pull access denied for ${image}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;

  it('keeps the ambiguity on registries that host public repositories (akfamily/akshare#3633)', () => {
    expect(cause(denied('registry.cn-hangzhou.aliyuncs.com/akshare/akdocker'))).toBe(
      'repo_not_found',
    );
    expect(cause(denied('utils'))).toBe('repo_not_found');
  });

  it("reads a self-hosted registry's denial as a missing login", () => {
    expect(cause(denied('registry.example.com/team/app'))).toBe('no_credentials');
  });

  it('reads a refused Docker Hub official image as Docker Hub failing (docker/hub-feedback#2215)', () => {
    const reading = readMessage(
      '"docker.io/library/busybox:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    expect(reading.cause).toBe('registry_error');
    expect(reading.tieBreak).toMatch(/official image/);
    expect(cause(denied('library/not-an-official-name'))).toBe('repo_not_found');
  });

  it('reads a refusal at the blob stage, after the manifest was served, as the registry failing', () => {
    // geerlingguy/docker-debian9-ansible#12: Docker Hub lost the blob; a rebuild fixed it.
    expect(cause('error pulling image configuration: unknown blob')).toBe('registry_error');
  });
});

describe('wordings of the same causes from other tools', () => {
  it.each([
    // ECR's helper quoting the AWS CLI: the session expired, the helper is fine.
    [
      'expired_credentials',
      'error getting credentials - err: exit status 1, out: `An error occurred (ExpiredTokenException) when calling the GetAuthorizationToken operation: The security token included in the request is expired`',
    ],
    // buildsec/frsca#97 (crane, go-containerregistry's spelling of NAME_UNKNOWN).
    [
      'repo_not_found',
      'Error: reading tags for localhost:8888/citi/picalc: GET http://localhost:8888/v2/citi/picalc/tags/list?n=1000: NAME_UNKNOWN: repository name not known to registry; map[name:citi/picalc]',
    ],
    // GoogleContainerTools/skaffold#7254.
    [
      'tag_not_found',
      'build [fsai-python-3.9.10-slim] failed: getting image: GET https://ghcr.io/v2/org/image/manifests/latest: MANIFEST_UNKNOWN: manifest unknown',
    ],
    // podman-container-tools/podman#16200.
    [
      'invalid_manifest',
      'unsupported manifest media type and no default available: application/vnd.docker.distribution.manifest.v1+json',
    ],
    // cilium/cilium#22493 (Artifactory).
    [
      'invalid_manifest',
      'Error response from daemon: unauthorized: Pulling Docker images with manifest v2 schema 1 to this repository is blocked.',
    ],
    // docker/for-mac#5863: the registry port does not speak TLS.
    [
      'insecure_registry',
      'Error response from daemon: Get https://registry.tools.example.com/v2/: tls: first record does not look like a TLS handshake',
    ],
    // docker/for-linux#894.
    [
      'tls',
      'Error response from daemon: Get https://registry-1.docker.io/v2/: remote error: tls: handshake failure',
    ],
    // moby/moby#35686, distribution/distribution#2896.
    ['registry_error', 'Download failed, retrying: unexpected EOF'],
    // The engine's own unpacking, not the registry (moby/moby#17535).
    [
      'unknown',
      'Error pulling image (latest) from docker.io/library/python, Untar re-exec error: exit status 1: output: unexpected EOF',
    ],
    // openai/tart#689: the macOS keychain is locked over SSH (errSecInteractionNotAllowed).
    [
      'keychain_unavailable',
      'Error: Failed(message: "Keychain returned unsuccessful status -25308")',
    ],
    // ECS on Fargate's verdict on a dial from the task (aws/copilot-cli#5927 since 2024,
    // aws-samples/generative-ai-sagemaker-cdk-demo#4 before): the task's network has no path,
    // not a slow registry.
    [
      'unreachable',
      'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 172.40.1.94:443: i/o timeout',
    ],
    [
      'unreachable',
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-west-2.amazonaws.com/": dial tcp 34.223.27.76:443: i/o timeout. Please check your task network configuration.',
    ],
    // registry.k8s.io answers blobs only by redirect to public storage: a 403 there is the
    // path to the storage refused (prometheus-community/helm-charts#2421, a VPC endpoint policy).
    [
      'unreachable',
      'Failed to pull image "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.6.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.6.0": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry.k8s.io/v2/kube-state-metrics/kube-state-metrics/blobs/sha256:ec6e2d871c544073e0d0a2448b23f98a1aa47b7c60ae9d79ac5d94d92ea45949: 403 Forbidden',
    ],
    // containerd refused a blob after the manifest resolved with the same token: GHCR failing
    // (bank-vaults/bank-vaults#1640, on the day of a GHCR incident), as moby's config-blob form.
    [
      'registry_error',
      'Failed to pull image "ghcr.io/banzaicloud/vault-env:1.15.0": rpc error: code = Unknown desc = failed to pull and unpack image "ghcr.io/banzaicloud/vault-env:1.15.0": failed to copy: httpReaderSeeker: failed open: unexpected status code https://ghcr.io/v2/banzaicloud/vault-env/blobs/sha256:766c52bc20840538b2aa166e6f4ab30906ccb620ef58d7f49394eec61fbfe144: 401 Unauthorized - Server message: unauthorized: unauthenticated: User cannot be authenticated with the token provided.',
    ],
    // containers/image's short-name policy (heyvito/podman-macos#8) is no DNS failure; no cause
    // in pull-causes.ts is it.
    [
      'unknown',
      'Error: error creating build container: short-name resolution enforced but cannot prompt without a TTY',
    ],
  ] as const)('reads %s from %s', (want, text) => {
    expect(cause(text)).toBe(want);
  });
});

describe('moby 28+\'s "error from registry: denied", read by the host', () => {
  it.each([
    // GHCR: like its "denied: denied", mostly a stale stored token
    ['bad_credentials', 'ghcr.io/wolffcatskyy/crowdsec-blocklist-import-python:latest'],
    // a private registry: it wants a login
    ['no_credentials', 'registry.example.com/team/app:1'],
  ] as const)('reads %s for docker pull %s', (want, image) => {
    expect(
      cause(
        `docker pull ${image}\nError response from daemon: error from registry: denied\ndenied`,
      ),
    ).toBe(want);
  });
});

describe("a front end's own page where the registry's answer was due", () => {
  const page =
    'Error response from daemon: error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "\\n<html><head>\\n<meta http-equiv=\\"content-type\\" content=\\"text/html;charset=utf-8\\">\\n<title>403 Forbidden</title>\\n</head>\\n<body text=#000000 bgcolor=#ffffff>\\n<h1>Error: Forbidden</h1>\\n<h2>Your client does not have permission to get URL <code>/v2/pause/manifests/sha256:3d380ca8864549e74af4b29c10f9cb0956236dfb01c40ca076fb6c37253234db</code> from this server.</h2>\\n<h2></h2>\\n</body></html>\\n"';

  it("reads Google's 403 page as the registry's side refusing this address, not a scope (kubernetes/registry.k8s.io#277)", () => {
    const diagnosis = diagnoseMessage(page);
    expect(diagnosis.cause).toBe('registry_error');
    expect(diagnosis.alternatives).not.toContain('insufficient_scope');
    expect(diagnosis.summary).toMatch(/refuses this machine's address/);
    // Its fix is another network or a mirror: neither a login nor waiting for an outage to end.
    expect(diagnosis.fix.join(' ')).toMatch(/another network|mirror/);
    expect(diagnosis.fix.join(' ')).not.toMatch(
      /retry in a few minutes|status page|login may be sent/,
    );
  });

  it('keeps the outage advice for a registry failing on its side', () => {
    const diagnosis = diagnoseMessage(
      'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable',
    );
    expect(diagnosis.cause).toBe('registry_error');
    expect(diagnosis.fix.join(' ')).toMatch(/retry in a few minutes/);
  });
});

describe("an ECS task's failed pull: the task's network, not this machine's", () => {
  it("tells a Fargate task with no path to ECR to fix its subnet, routes or endpoints, in the registry's region (aws/copilot-cli#5927)", () => {
    const diagnosis = diagnoseMessage(
      'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 172.40.1.94:443: i/o timeout',
    );
    const fix = diagnosis.fix.join(' ');
    expect(fix).toMatch(/public IP/);
    expect(fix).toMatch(/NAT gateway/);
    expect(fix).toContain('com.amazonaws.us-east-1.ecr.dkr');
    expect(fix).not.toMatch(/is the registry running|Docker daemon/);
    expect(diagnosis.docs).toContain(
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html',
    );
  });

  it('gives the ECS agent timeout the same advice, and no ECR endpoints for a Docker Hub image', () => {
    const ecr = diagnoseMessage(
      'CannotPullContainerError: Error response from daemon: Get https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    );
    expect(ecr.cause).toBe('timeout');
    expect(ecr.fix.join(' ')).toContain('com.amazonaws.eu-west-1.ecr.api');
    const hub = diagnoseMessage(
      'CannotPullContainerError: Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    );
    expect(hub.fix.join(' ')).toMatch(/NAT gateway/);
    expect(hub.fix.join(' ')).not.toMatch(/ecr\.api|VPC endpoints/);
  });

  it('keeps the usual advice for the same timeout outside ECS', () => {
    const diagnosis = diagnoseMessage(
      'Error response from daemon: Get https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    );
    expect(diagnosis.fix.join(' ')).not.toMatch(/task|NAT gateway/);
  });
});

describe("an ECS task's login: its task definition and role, not this machine's", () => {
  const ecsLimit =
    'Flow run could not be submitted to infrastructure: TaskFailedToStart - CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/prefecthq/prefect/manifests/sha256:69998e9cf3744779b98d816351e6ac837dc0eea4f450e0ad4180b6aefe995d33: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit';

  it("leads a Prefect ECS worker's Docker Hub limit with repositoryCredentials or a pull-through cache, and offers no change to this machine's engine", () => {
    const diagnosis = diagnoseMessage(ecsLimit);
    expect(diagnosis.cause).toBe('rate_limited');
    expect(diagnosis.fix[0]).toMatch(/repositoryCredentials/);
    expect(diagnosis.fix[0]).toMatch(/pull-through cache/);
    expect((diagnosis.remedies ?? []).map((r) => r.kind)).toEqual(['probe']);
  });

  it('names the task execution role for an ECR image the task may not read', () => {
    const diagnosis = diagnoseMessage(
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 366590864501.dkr.ecr.us-west-2.amazonaws.com/bedrock-proxy-api-ecs:latest: unexpected status from HEAD request to https://366590864501.dkr.ecr.us-west-2.amazonaws.com/v2/bedrock-proxy-api-ecs/manifests/latest: 403 Forbidden',
    );
    expect(diagnosis.fix[0]).toMatch(/task execution role/);
    expect(diagnosis.fix[0]).toMatch(/ecr:BatchGetImage/);
    expect((diagnosis.remedies ?? []).map((r) => r.kind)).not.toContain('retry');
  });

  it("keeps a kubelet event's remedies on this machine (its cluster may be this engine: Docker Desktop, kind)", () => {
    const diagnosis = diagnoseMessage(
      'Failed to pull image "127.0.0.1:5000/team/private:1": rpc error: code = Unknown desc = failed to pull and unpack image "127.0.0.1:5000/team/private:1": failed to resolve reference "127.0.0.1:5000/team/private:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    const kinds = (diagnosis.remedies ?? []).map((r) => r.kind);
    expect(kinds).toContain('login');
    expect(kinds).toContain('retry');
    expect(diagnosis.fix.join(' ')).not.toMatch(/ECS task/);
  });
});

describe("a kubelet's failed login: the pod's pull secret, not this machine's keychain", () => {
  it('adds the imagePullSecret step Berth can export, with the registry and the image', () => {
    const diagnosis = diagnoseMessage(
      'Failed to pull image "ghcr.io/acme/private:1": rpc error: code = Unknown desc = failed to pull and unpack image "ghcr.io/acme/private:1": failed to resolve reference "ghcr.io/acme/private:1": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aacme%2Fprivate%3Apull&service=ghcr.io: 401 Unauthorized',
    );
    expect(diagnosis.fix.at(-1)).toContain(
      'berth creds export ghcr.io -o pull-secret.yaml --image ghcr.io/acme/private:1',
    );
  });

  it('says nothing of pull secrets to a docker pull', () => {
    const diagnosis = diagnoseMessage(
      'Error response from daemon: Head "https://ghcr.io/v2/acme/private/manifests/1": unauthorized',
    );
    expect(diagnosis.fix.join(' ')).not.toMatch(/imagePullSecret/);
  });
});

describe('fixes that follow from who sent the credential', () => {
  it("a GitLab job's own token refused: the job token allowlist or a credential of its own, not a login", () => {
    const d = diagnoseMessage(
      [
        'Authenticating with credentials from job payload (GitLab Registry)',
        'Pulling docker image registry.gitlab.com/acme/base-images/python:3.12 ...',
        'WARNING: Failed to pull image with policy "always": Error response from daemon: pull access denied for registry.gitlab.com/acme/base-images/python, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied (manager.go:237:0s)',
      ].join('\n'),
    );
    expect(d.cause).toBe('insufficient_scope');
    expect(d.fix.join('\n')).toContain('CI_JOB_TOKEN');
    expect(d.fix.join('\n')).toContain('acme/base-images/python');
    expect(d.fix.join('\n')).toContain('DOCKER_AUTH_CONFIG');
    // The same refusal without the runner's line says nothing of whose token it was.
    const plain = diagnoseMessage(
      "Error response from daemon: pull access denied for registry.gitlab.com/acme/base-images/python, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(plain.fix.join('\n')).not.toContain('CI_JOB_TOKEN');
  });

  it("ECR Public's 403 (BuildKit before v0.11 names the image first): log out to pull anonymously, or refresh", () => {
    const d = diagnoseMessage(
      'ERROR: failed to solve: public.ecr.aws/lambda/python:3.9: pulling from host public.ecr.aws failed with status code [manifests 3.9]: 403 Forbidden',
    );
    expect(d.cause).toBe('expired_credentials');
    expect(d.image).toBe('public.ecr.aws/lambda/python:3.9');
    expect(d.fix.join('\n')).toContain('docker logout public.ecr.aws');
    expect(d.fix.join('\n')).toContain('aws ecr-public get-login-password --region us-east-1');
  });
});

describe("the engine's own store", () => {
  it('"No such image" sends the user to the pull that failed, not to a login or a repository name', () => {
    const d = diagnoseMessage(
      'docker.errors.ImageNotFound: 404 Client Error for http+docker://localhost/v1.43/images/ghcr.io/acme/etl:2.1/json: Not Found ("No such image: ghcr.io/acme/etl:2.1")',
    );
    expect(d.cause).toBe('unknown');
    expect(d.fix.join('\n')).toContain('berth pull ghcr.io/acme/etl:2.1');
    expect(d.fix.join('\n')).not.toMatch(/berth login|Check the repository name/);
    // What else the text says still counts: the pull's own error, when it is there, decides.
    const withCause = diagnoseMessage(
      [
        'Error response from daemon: Get "https://mcr.microsoft.com/v2/": context deadline exceeded',
        'Error response from daemon: No such image: mcr.microsoft.com/devcontainers/base:bullseye',
      ].join('\n'),
    );
    expect(withCause.cause).toBe('timeout');
  });
});
