import { describe, expect, it } from 'vitest';
import { MAX_INPUT_CHARS, classifyMessage } from '../../../src/diagnose/classify-message';
import { MESSAGE_RULES } from '../../../src/diagnose/message-rules';
import { readMessage } from '../../../src/diagnose/read-message';
import { PullCause } from '../../../src/shared/pull-causes';

describe('message rules, one case per rule', () => {
  // Every example is a real message; classifying it must land on its own rule, which proves
  // no earlier rule shadows it.
  it.each(MESSAGE_RULES.map((rule) => [rule.id, rule] as const))(
    '%s: its example classifies to it',
    (id, rule) => {
      const result = classifyMessage(rule.example);
      expect(result.ruleId).toBe(id);
      expect(result.cause).toBe(rule.cause);
      expect(result.alternatives).toEqual(rule.alternatives ?? []);
      expect(result.evidence).not.toBe('');
    },
  );
});

describe('message rules, as data', () => {
  it('have unique ids', () => {
    const ids = MESSAGE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('each cite a public source URL or the source file that produces the text', () => {
    for (const rule of MESSAGE_RULES) {
      expect(rule.source, rule.id).toMatch(/^(https:\/\/\S+|docker\/cli source: \S+)$/);
      expect(rule.example.trim(), rule.id).not.toBe('');
    }
  });

  it('use only known causes, and alternatives that differ from the cause and each other', () => {
    for (const rule of MESSAGE_RULES) {
      expect(PullCause.safeParse(rule.cause).success, rule.id).toBe(true);
      const alternatives = rule.alternatives ?? [];
      for (const alt of alternatives) expect(PullCause.safeParse(alt).success, rule.id).toBe(true);
      expect(alternatives, rule.id).not.toContain(rule.cause);
      expect(new Set(alternatives).size, rule.id).toBe(alternatives.length);
    }
  });

  it('have stateless patterns (no g or y flag, which would make exec remember lastIndex)', () => {
    for (const rule of MESSAGE_RULES) {
      expect(rule.pattern.global || rule.pattern.sticky, rule.id).toBe(false);
    }
  });

  it("cover every cause (offline is the host's call: a public name that does not resolve)", () => {
    const covered = new Set(MESSAGE_RULES.map((r) => r.cause));
    expect(PullCause.options.filter((c) => !covered.has(c))).toEqual(['offline']);
    // read-message.ts turns a public registry's name failing with no resolver to blame into
    // offline (a named resolver that fails stays dns: the dns-lookup rule's own example).
    const dns = MESSAGE_RULES.find((r) => r.id === 'dns-lookup');
    expect(dns && readMessage(dns.example).cause).toBe('dns');
    expect(
      readMessage(
        'Get https://registry-1.docker.io/v1/repositories/library/busybox/tags/latest: dial tcp: lookup registry-1.docker.io: Temporary failure in name resolution',
      ).cause,
    ).toBe('offline');
  });

  it("never contradict a rule's registry when classifying its own example", () => {
    for (const rule of MESSAGE_RULES) {
      if (!rule.registry || rule.registry === 'any') continue;
      expect([rule.registry, null], rule.id).toContain(classifyMessage(rule.example).registry);
    }
  });
});

describe('classifyMessage', () => {
  it('keeps the Docker Hub "access denied" ambiguous: missing, private or not allowed', () => {
    const result = classifyMessage(
      "Error response from daemon: pull access denied for minio, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(result).toMatchObject({
      cause: 'repo_not_found',
      ruleId: 'dockerhub-pull-access-denied',
      registry: 'dockerhub',
    });
    expect(result.alternatives).toEqual(['no_credentials', 'insufficient_scope']);
    expect(result.evidence).toContain('pull access denied for minio');
  });

  it('answers unknown, with no rule and no evidence, for text that is not a pull error', () => {
    expect(classifyMessage('The quick brown fox jumps over the lazy dog.')).toEqual({
      cause: 'unknown',
      alternatives: [],
      ruleId: null,
      registry: null,
      evidence: '',
    });
    expect(classifyMessage('').cause).toBe('unknown');
  });

  it("tells a keychain that cannot be used from one that holds no credential (Apple's OSStatus)", () => {
    const query = (status: number) =>
      `Error: internalError: "error querying keychain for registry.corp.example (cause: "queryError("query failure: unhandledError(status: ${status})")")"`;
    // SecBase.h: errSecInteractionNotAllowed, errSecNoDefaultKeychain, errSecNotAvailable.
    for (const status of [-25308, -25307, -25291])
      expect(classifyMessage(query(status)).cause, String(status)).toBe('keychain_unavailable');
    // errSecItemNotFound: the keychain works and has nothing for this host.
    expect(classifyMessage(query(-25300)).cause).not.toBe('keychain_unavailable');
  });

  it('prefers the registry wording over the engine wrapper around it', () => {
    // aws/aws-cli#7977: Docker's generic "pull access denied" carries ECR's precise reason.
    const result = classifyMessage(
      "Error response from daemon: pull access denied for CUSTID.dkr.ecr.REGION.amazonaws.com/project, repository does not exist or may require 'docker login': denied: Your authorization token has expired. Reauthenticate and try again.\nrake aborted!",
    );
    expect(result).toMatchObject({
      cause: 'expired_credentials',
      ruleId: 'ecr-token-expired',
      registry: 'ecr',
    });
  });

  it('classifies a registry error reported through a network-looking wrapper by the network part', () => {
    // docker/compose#5533: a DNS failure surfaces as "connection refused" from the resolver.
    expect(
      classifyMessage(
        'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on [::1]:53: read udp [::1]:60341->[::1]:53: read: connection refused',
      ),
    ).toMatchObject({ cause: 'dns', ruleId: 'dns-lookup', registry: 'dockerhub' });
    // docker/for-mac#2152: a resolver timeout is DNS, not a registry timeout.
    expect(
      classifyMessage(
        'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: read udp 192.168.65.2:45941->192.168.65.1:53: i/o timeout',
      ).cause,
    ).toBe('dns');
  });

  it('reads other real wordings of the same causes', () => {
    const cases: [string, PullCause][] = [
      // docker/for-mac#1317
      [
        'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: server misbehaving',
        'dns',
      ],
      // GoogleContainerTools/distroless#1747
      [
        'Error response from daemon: Head "https://gcr.io/v2/distroless/base-debian12/manifests/latest": unauthorized: authentication failed',
        'bad_credentials',
      ],
      // fsfe/reuse-action#50: BuildKit's OAuth refusal carrying Docker Hub's reason.
      [
        'failed to solve: fsfe/reuse:6: failed to resolve source metadata for docker.io/fsfe/reuse:6: failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Afsfe%2Freuse%3Apull&service=registry.docker.io: 401 Unauthorized: incorrect username or password',
        'bad_credentials',
      ],
      // moby/moby#34793: the older form, without "manifest unknown".
      [
        'docker: Error response from daemon: manifest for i3wm/travis-base:latest not found.',
        'tag_not_found',
      ],
      // kroxylicious/kroxylicious#2596: BuildKit, anonymous token refused by a login-only registry.
      [
        'ERROR: failed to build: failed to solve: failed to fetch anonymous token: unexpected status from GET request to https://registry.redhat.io/auth/realms/rhcc/protocol/redhat-docker-v2/auth?scope=repository%3Aubi9%2Fubi-minimal%3Apull&service=docker-registry: 401 Unauthorized',
        'no_credentials',
      ],
      // containerd/containerd#5084
      [
        'ctr: failed to resolve reference : unexpected status code [manifests ]: 401 Unauthorized',
        'no_credentials',
      ],
      // zhaarey/wrapper#33: BuildKit on Docker Hub.
      [
        'ERROR: failed to solve: builder: failed to resolve source metadata for docker.io/library/builder:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
        'repo_not_found',
      ],
      // docker-archive-public/docker.kitematic#1577
      [
        'Error pulling image (latest) from docker.io/library/ubuntu-upstart, Failed to download json: Get https://registry-1.docker.io/v1/images/3c42a74804f79e44845044dad95183b4e4f73207b97f7cfb0fe9305b3c33d27a/json: dial tcp: lookup registry-1.docker.io on 8.8.8.8:53: no such host',
        'dns',
      ],
      // docker/for-win#4607
      [
        'docker: Error response from daemon: Get https://registry-1.docker.io/v2/: proxyconnect tcp: dial tcp 192.168.65.83:8080: connect: no route to host.',
        'proxy',
      ],
      // podman-container-tools/podman#20424: the remote client, machine not running.
      [
        'Error: unable to connect to Podman socket: failed to connect: dial tcp [::1]:64503: connectex: No connection could be made because the target machine actively refused it.',
        'daemon_down',
      ],
      // clue/docker-h5ai#9 and sdr-enthusiasts/docker-planefinder#18: runc's two wordings.
      [
        'standard_init_linux.go:178: exec user process caused "exec format error"',
        'platform_mismatch',
      ],
      [
        'standard_init_linux.go:219: exec user process caused: exec format error',
        'platform_mismatch',
      ],
      // wireapp/wire-server-deploy's notes: a proxy that emptied the config blob's body.
      [
        '"k8s.gcr.io/defaultbackend:1.4": rpc error: code = Unknown desc = error pulling image configuration: image config verification failed for digest sha256:846921f0fe0e57df9e4d4961c0c4af481bf545966b5f61af68e188837363530e',
        'registry_error',
      ],
      // docker/for-mac#2973: the macOS keychain refused the helper (errSecAuthFailed), through
      // Compose's docker-py.
      [
        'ERROR: for postgres  Credentials store error: StoreError(\'Credentials store docker-credential-osxkeychain exited with "The user name or passphrase you entered is not correct.".\',)',
        'keychain_unavailable',
      ],
      // EnricoMi/publish-unit-test-result-action#307: a GHCR incident, on the config blob.
      [
        'error pulling image configuration: unauthorized: unauthenticated: User cannot be authenticated with the token provided.',
        'registry_error',
      ],
    ];
    for (const [text, cause] of cases) expect(classifyMessage(text).cause, text).toBe(cause);
  });

  describe('multi-line engine output', () => {
    it('reads a docker pull transcript (ivangabriele/dockfish#13)', () => {
      const transcript = [
        'docker pull ivangabriele/dockfish',
        'Using default tag: latest',
        'Error response from daemon: manifest for ivangabriele/dockfish:latest not found: manifest unknown: manifest unknown',
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({
        cause: 'tag_not_found',
        ruleId: 'manifest-for-not-found',
        registry: 'dockerhub',
      });
    });

    it('reads a Windows docker run transcript with CRLF line ends (sixeyed/docker-on-windows#13)', () => {
      const transcript = [
        'PS C:\\DockerStudy\\ch03\\ch03-nerd-dinner-web> docker container run -d -P dockeronwindows/ch03-nerd-dinner-web:2e-v2',
        "Unable to find image 'dockeronwindows/ch03-nerd-dinner-web:2e-v2' locally",
        'C:\\Program Files\\Docker\\docker.exe: Error response from daemon: manifest for dockeronwindows/ch03-nerd-dinner-web:2e-v2 not found: manifest unknown: manifest unknown.',
        "See 'C:\\Program Files\\Docker\\docker.exe run --help'._",
      ].join('\r\n');
      expect(classifyMessage(transcript)).toMatchObject({
        cause: 'tag_not_found',
        registry: 'dockerhub',
      });
    });

    it('reads a pull with layer progress that fails on DNS (docker/for-win#4437)', () => {
      const transcript = [
        'PS C:\\Users\\Maicol> docker run hello-world',
        "Unable to find image 'hello-world:latest' locally",
        'latest: Pulling from library/hello-world',
        '1b930d010525: Pulling fs layer                                                                                          D:\\Program Files\\Docker\\Docker\\Resources\\bin\\docker.exe: error pulling image configuration: Get https://registry-1.docker.io/v2/library/hello-world/blobs/sha256:fce289e99eb9bca977dae136fbe2a82b6b7d4c372474c9235adc1741675f587e: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: no such host.',
        "See 'D:\\Program Files\\Docker\\Docker\\Resources\\bin\\docker.exe run --help'.",
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({ cause: 'dns', registry: 'dockerhub' });
    });

    it('reads a message the console hard-wrapped mid-word (TIBCOSoftware/flogo#69)', () => {
      const transcript = [
        '$ docker run -it -p 3303:3303 flogo/flogo-docker eula-accept',
        "Unable to find image 'flogo/flogo-docker:latest' locally",
        'C:\\Program Files\\Docker Toolbox\\docker.exe: Error response from daemon: Get http',
        's://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 10.0.2.3:',
        '53: no such host.',
        "See 'C:\\Program Files\\Docker Toolbox\\docker.exe run --help'.",
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({ cause: 'dns', ruleId: 'dns-lookup' });
    });

    it('reads a pull that finds no image for the platform (Budibase/budibase#11442)', () => {
      const transcript = [
        'docker pull budibase/budibase',
        'Using default tag: latest',
        'latest: Pulling from budibase/budibase',
        'no matching manifest for linux/amd64 in the manifest list entries',
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({
        cause: 'platform_mismatch',
        registry: 'dockerhub',
      });
    });

    it('reads Podman output where "denied" and "authentication required" both appear', () => {
      // IBM/MAX-Image-Resolution-Enhancer#58: Docker Hub's two-error answer stays ambiguous.
      const transcript = [
        '✔ docker.io/library/max-image-resolution-enhancer:latest',
        'Trying to pull docker.io/library/max-image-resolution-enhancer:latest...',
        'Error: Error initializing source docker://max-image-resolution-enhancer:latest: Error reading manifest latest in docker.io/library/max-image-resolution-enhancer: errors:',
        'denied: requested access to the resource is denied',
        'unauthorized: authentication required',
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({
        cause: 'repo_not_found',
        ruleId: 'podman-dockerhub-access-denied',
        alternatives: ['no_credentials', 'insufficient_scope'],
        registry: 'dockerhub',
      });
    });

    it('reads Compose output where a credential helper fails (lux4rd0/grafana-loki-syslog-aio#16)', () => {
      const transcript = [
        ' docker-compose -f ./docker-compose.yml up -d',
        '[+] Running 1/8',
        ' ⠴ loki Pulling                                                                                                5.6s',
        ' ✘ cadvisor Error                                                                                              5.6s',
        ' ⠴ minio Pulling                                                                                               5.6s',
        'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ',
      ].join('\n');
      expect(classifyMessage(transcript)).toMatchObject({
        cause: 'credential_helper',
        ruleId: 'credential-helper-missing',
      });
    });

    it('reads a Heroku build log hitting the Docker Hub rate limit (mixool/xrayku#5)', () => {
      const log = [
        '=== Building web (Dockerfile)',
        '',
        'Sending build context to Docker daemon  282.6kBStep 1/5 : FROM alpine:edge',
        '',
        'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
      ].join('\n');
      expect(classifyMessage(log)).toMatchObject({ cause: 'rate_limited', registry: 'dockerhub' });
    });

    it('reads kubectl get pods output with only the status (microservices-demo#780)', () => {
      const output = [
        'NAME                            READY     STATUS             RESTARTS   AGE',
        'carts-6dfdcd59f8-7wsp8          0/1       ImagePullBackOff   0          8h',
        'catalogue-7d7f9f87f-mmzt4       0/1       ErrImagePull       0          8h',
      ].join('\n');
      const result = classifyMessage(output);
      expect(result).toMatchObject({ cause: 'unknown', ruleId: 'k8s-image-pull-status' });
      expect(result.alternatives).not.toEqual([]);
    });

    it('reads a kubectl describe event (kubernetes/kube-state-metrics#1588)', () => {
      const event =
        '  Warning  Failed     4s (x3 over 39s)   kubelet            Failed to pull image "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": rpc error: code = Unknown desc = failed to pull and unpack image "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": failed to resolve reference "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": failed to do request: Head https://k8s.gcr.io/v2/kube-state-metrics/kube-state-metrics/manifests/v2.2.0: dial tcp 172.217.192.82:443: connect: no route to host';
      expect(classifyMessage(`Events:\n${event}\n`)).toMatchObject({
        cause: 'unreachable',
        registry: 'gar',
      });
    });
  });

  describe('a credential the text shows was sent', () => {
    // Azure/acr#231: kubelet tried two matching pull secrets and joined both errors.
    const aggregate =
      'Failed to pull image "***": [rpc error: code = Unknown desc = Error response from daemon: Get ******: received unexpected HTTP status: 500 Internal Server Error, rpc error: code = Unknown desc = Error response from daemon: Get **********: unauthorized: authentication required]';

    it('reads a login refusal after kubelet tried several pull secrets as a bad credential', () => {
      const reading = readMessage(aggregate);
      expect(reading.cause).toBe('bad_credentials');
      expect(reading.tieBreak).toMatch(/credential was sent/);
    });

    it('keeps a single kubelet error (no pull secret matched) as a missing credential', () => {
      const single =
        'Failed to pull image "***": rpc error: code = Unknown desc = Error response from daemon: Get **********: unauthorized: authentication required';
      expect(readMessage(single).cause).toBe('no_credentials');
    });

    it('reads a crictl --creds pull refused by the registry as a bad credential (kubernetes-sigs/cri-tools#731)', () => {
      const transcript = [
        '# crictl pull registry.connect.redhat.com/hazelcast/hazelcast-3-rhel7:3.11 --creds <myusername>[:<mypassword>]',
        'FATA[0001] pulling image: rpc error: code = Unknown desc = unable to retrieve auth token: invalid username/password: unauthorized: Please login to the Red Hat Registry using your Customer Portal credentials.',
      ].join('\n');
      expect(readMessage(transcript).cause).toBe('bad_credentials');
      expect(readMessage(transcript.split('\n')[1] ?? '').cause).toBe('no_credentials');
    });
  });

  describe('registry detection', () => {
    it.each([
      [
        'ghcr',
        'Error response from daemon: Head "https://ghcr.io/v2/srl-labs/clab/manifests/latest": denied: denied',
      ],
      [
        'ecr',
        'Error response from daemon: Head "https://***/v2/***/manifests/55": no basic auth credentials',
      ],
      [
        'ecr',
        'Error response from daemon: Get https://533243300146.dkr.ecr.us-east-1.amazonaws.com/v2/newrelic/logging-firelens-fluentbit/manifests/latest: no basic auth credentials',
      ],
      [
        'acr',
        'Error response from daemon: Get https://myserver.azurecr.io/v2/: unauthorized: authentication required',
      ],
      [
        'gar',
        'Error response from daemon: Head "https://europe-west2-docker.pkg.dev/v2/<PROJECT_ID>/ml/app/manifests/4.19.5": denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "projects/<PROJECT_ID>/locations/europe-west2/repositories/ml" (or it may not exist)',
      ],
      [
        'gar',
        'ERROR: Get https://us.gcr.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      ],
      [
        'quay',
        'Error: initializing source docker://quay.io/voucher/vouch-proxy:latest: reading manifest latest in quay.io/voucher/vouch-proxy: unauthorized: access to the requested resource is not authorized',
      ],
      // kubernetes/kubernetes#65958's Artifactory text, on a *.jfrog.io host.
      [
        'jfrog',
        'Error response from daemon: Head "https://acme.jfrog.io/v2/team/app/manifests/1.0": unauthorized: The client does not have permission for manifest',
      ],
      [
        'dockerhub',
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      ],
    ] as const)('finds %s', (registry, text) => {
      expect(classifyMessage(text).registry).toBe(registry);
    });

    it('treats a reference without a host as Docker Hub and one with another host as unknown', () => {
      expect(
        classifyMessage(
          "Error response from daemon: pull access denied for hackinglab/hl-kali-docker-ttyd, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ).registry,
      ).toBe('dockerhub');
      // akfamily/aktools#16: same wording from Aliyun's registry is not Docker Hub.
      expect(
        classifyMessage(
          "Error response from daemon: pull access denied for registry.cn-beijing.aliyuncs.com/ms-jupyter/ak_tools, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ).registry,
      ).toBeNull();
    });

    it('picks the registry nearest the matched error when several are named', () => {
      // tusc/ntopng-udm#1: Podman tried three registries; the Quay answer is matched first.
      const output = [
        'Trying to pull docker.io/tusc/ntopng-udm:latest...',
        '  denied: requested access to the resource is denied',
        'Trying to pull quay.io/tusc/ntopng-udm:latest...',
        '  unauthorized: access to the requested resource is not authorized',
      ].join('\n');
      expect(classifyMessage(output)).toMatchObject({
        ruleId: 'quay-not-authorized',
        registry: 'quay',
      });
    });
  });

  describe('bounds', () => {
    it('classifies a 1 MB input promptly, including adversarial repetitions', () => {
      const inputs = [
        'x'.repeat(1024 * 1024),
        'pull access denied for '.repeat(50_000),
        'lookup a'.repeat(150_000),
        'failed to fetch oauth token: unexpected status from GET request to '.repeat(16_000),
        `reading manifest a in ${'b'.repeat(1024 * 1024)}`,
      ];
      for (const input of inputs) {
        const started = performance.now();
        classifyMessage(input);
        expect(performance.now() - started).toBeLessThan(2000);
      }
    });

    it('keeps the head and the tail of an over-long input, where errors sit', () => {
      const padding = 'Pulling fs layer\n'.repeat(10_000);
      expect(padding.length).toBeGreaterThan(MAX_INPUT_CHARS);
      const error =
        'Error response from daemon: manifest for ivangabriele/dockfish:latest not found: manifest unknown: manifest unknown';
      expect(classifyMessage(`${padding}${error}`).cause).toBe('tag_not_found');
      expect(classifyMessage(`${error}\n${padding}`).cause).toBe('tag_not_found');
      expect(classifyMessage(`${padding}${error}\n${padding}`).cause).toBe('unknown');
    });

    it('bounds the evidence and strips terminal colour codes', () => {
      const esc = String.fromCharCode(27);
      const result = classifyMessage(
        `${esc}[31mError response from daemon: manifest unknown${esc}[0m`,
      );
      expect(result).toMatchObject({
        ruleId: 'manifest-unknown',
        evidence: 'manifest unknown',
      });
    });
  });
});
