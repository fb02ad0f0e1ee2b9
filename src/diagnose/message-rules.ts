/**
 * The offline message classifier's knowledge, as data: one rule per real error text seen from
 * an engine (moby, Podman/containers-image, containerd/kubelet, BuildKit) or a registry.
 *
 * First match wins, so the order is the logic:
 *  1. local failures (engine socket, keychain, credential helper): nothing reached a registry,
 *     unless the helper's own output names an expired credential, which is the cause;
 *  2. a registry's own wording (ECR, ACR, GAR/GCR, GHCR, Quay, JFrog, Red Hat), which is more
 *     precise than the engine's wrapper around it (e.g. ECR's "token has expired" arrives inside
 *     Docker's generic "pull access denied ... repository does not exist");
 *  3. rate limits; 4. "denied / does not exist" wordings that are ambiguous by design;
 *  5. platform, then tag/repository not found; 6. generic auth (401/403 wordings);
 *  7. network, last among real causes: a registry's answer proves the network worked, and
 *     multi-registry output (Podman tries several) often mixes one network error with the
 *     answer that matters. Within network: proxy, TLS, DNS, timeout, then unreachable, because
 *     a DNS or proxy failure is reported *through* "connection refused"/"i/o timeout" wordings;
 *  8. Kubernetes' bare ErrImagePull status, which says only that a pull failed.
 *
 * Patterns run on whitespace-collapsed text (classify-message.ts), so a space in a pattern
 * also matches a line break in the original. Every gap is bounded to keep matching linear.
 */
import type { PullCause } from '../shared/pull-causes';

export type RegistryKind = 'dockerhub' | 'ghcr' | 'ecr' | 'acr' | 'gar' | 'quay' | 'jfrog';

export interface MessageRule {
  id: string;
  cause: PullCause;
  /** Other causes the same text is known to mean; only where it is genuinely ambiguous. */
  alternatives?: PullCause[];
  /** Case-insensitive, no `g`/`y` flag (those make `exec` stateful). */
  pattern: RegExp;
  /** Whose wording this is; absent or 'any' when several engines/registries emit it. */
  registry?: RegistryKind | 'any';
  /**
   * An `unknown` that is itself the answer: the words say the evidence is elsewhere (the engine's
   * "No such image" after a pull that failed earlier). The rest of the text is still read for
   * the generic evidence, without the rule's own match.
   */
  decisive?: boolean;
  /** Public issue/doc where the example was seen. */
  source: string;
  /** One real message, verbatim from `source`. */
  example: string;
}

/** The causes a Docker Hub-style "access denied" can mean: the registry will not tell which. */
const DENIED_ALTERNATIVES: PullCause[] = ['no_credentials', 'insufficient_scope'];

export const MESSAGE_RULES: readonly MessageRule[] = [
  // 1. Local: the engine or the credential helper failed before any registry was asked.
  // The docker CLI's content trust (DOCKER_CONTENT_TRUST=1) asks a Notary server for the tag's
  // signed digest before it asks the engine anything (docker/cli cli/command/image/trust.go,
  // getTrustedPullTargets), so its failures come first: a DNS, TLS or 401 wording inside one is
  // about the Notary server, not the registry. The wordings are docker/cli's NotaryError
  // (cli/trust/trust.go), notary's ErrNoSuchTarget ("No valid trust data for <tag>") and its
  // HTTP store's errors (storage/httpstore.go, ErrServerUnavailable: "you are not authorized to
  // perform this operation: server returned 401.", "unable to reach trust server at this time").
  // The engine's storage is full: ENOSPC wherever it writes (moby's download to <data-root>/tmp,
  // its ApplyLayer re-exec, containerd's extraction, podman's /var/tmp copy), whatever wrapper
  // surrounds it. Before the registry's words, which only say what was being fetched.
  {
    id: 'no-space-left',
    cause: 'disk_full',
    pattern:
      /\bno space left on device\b|\bENOSPC\b|\bdisk quota exceeded\b|\bThere is not enough space on the disk\b/i,
    source: 'https://github.com/moby/moby/issues/29508',
    example:
      'failed to register layer: ApplyLayer exit status 1 stdout:  stderr: mkdir /root/.npm/registry.npmjs.org/har-validator: no space left on device',
  },
  {
    id: 'content-trust-no-signature',
    cause: 'content_trust',
    pattern:
      /remote trust data does not exist for|\bdoes not have trust data for\b|No valid trust data for|\bNo trust(?:ed tags| data) for \S|no trust data available for remote repository|trust data missing for remote repository|\bremote repository \S{1,300} out-of-date\b|potential malicious behavior - trust data|signing keys for remote repository \S{1,300} not found/i,
    source: 'https://github.com/fabfuel/ecs-deploy/issues/137',
    example:
      'Error: remote trust data does not exist for docker.io/fabfuel/ecs-deploy: notary.docker.io does not have trust data for docker.io/fabfuel/ecs-deploy',
  },
  {
    id: 'content-trust-server-unreachable',
    cause: 'content_trust',
    pattern:
      /error contacting notary server|error establishing connection to trust repository|unable to reach trust server at this time|trust server returned a bad response|trust server rejected operation/i,
    source: 'https://github.com/moby/moby/issues/31657',
    example:
      "docker: Error: error contacting notary server: dial tcp: lookup notaryserver on 8.8.8.8:53: no such host.\nSee 'docker run --help'.",
  },
  {
    id: 'content-trust-server-unauthorized',
    cause: 'content_trust',
    pattern: /you are not authorized to perform this operation: server returned 401/i,
    source: 'https://github.com/linuxkit/linuxkit/issues/1195',
    example: 'you are not authorized to perform this operation: server returned 401.',
  },
  {
    id: 'daemon-unix-socket',
    cause: 'daemon_down',
    // moby client/errors.go: "… at %s. Is the docker daemon running?", and with no host to name
    // "Cannot connect to the Docker daemon. Is the docker daemon running on this host?".
    pattern:
      /Cannot connect to the Docker daemon(?: at \S{1,300}(?: Is the docker daemon running\?)?|\. Is the docker daemon running on this host\?)/i,
    source: 'https://github.com/sunlab-osu/TURL/issues/12',
    example:
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
  },
  {
    // docker-compose v1 (and fig before it) reports a failed connection to the engine in its
    // own words (compose/cli/errors.py, "Couldn't connect to Docker daemon at %s - is it
    // running?" and the per-platform "Couldn't connect to Docker daemon. You might need to
    // start Docker for Mac/install Docker"): the same outcome as the CLI's socket error.
    id: 'compose-daemon-unreachable',
    cause: 'daemon_down',
    pattern:
      /Couldn't connect to Docker daemon(?: at \S{1,300}? - is it running\?|\. You might need to)/i,
    source: 'https://github.com/docker/compose/issues/1214',
    example:
      "ERROR: Couldn't connect to Docker daemon at http+docker://localunixsocket - is it running?",
  },
  {
    id: 'daemon-windows-pipe',
    cause: 'daemon_down',
    pattern: /open \/\/\.\/pipe\/[\w-]{1,100}: The system cannot find the file specified/i,
    source: 'https://github.com/docker/for-win/issues/7280',
    example:
      'error during connect: Post http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.40/images/create?fromImage=jenkins&tag=latest: open //./pipe/docker_engine: The system cannot find the file specified. In the default daemon configuration on Windows, the docker client must be run elevated to connect. This error may also indicate that the docker daemon is not running.',
  },
  {
    // docker CLI 29's wording of the socket or pipe error above: nothing answers at the host
    // DOCKER_HOST or the context names.
    id: 'docker-api-unreachable',
    cause: 'daemon_down',
    // moby client/request.go words every failed dial of the engine so: the socket's ("; check if
    // the path is correct …") and a DOCKER_HOST whose name does not resolve (": lookup …"), which
    // is the engine out of reach, not a registry's DNS.
    pattern:
      /failed to connect to the docker API at \S{1,300}?(?:;? check if the path is correct and if the daemon is running|: (?:lookup|dial) )/i,
    source: 'https://github.com/launchdarkly/find-code-references/issues/65',
    example:
      'ERROR: failed to connect to the docker API at unix:///var/run/docker.sock; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory',
  },
  {
    // moby's client wraps every failure to reach the engine's API, whatever the transport said,
    // as "error during connect: %w" (client/request.go): a DOCKER_HOST that does not resolve
    // (CI's docker:dind service not started), a refused or timed-out dial, Docker Desktop's pipe.
    // The engine is out of reach; the network words after it are about the engine, not a registry.
    id: 'docker-api-error-during-connect',
    cause: 'daemon_down',
    pattern: /\berror during connect: /i,
    source: 'https://github.com/moby/moby/blob/master/client/request.go',
    example:
      'error during connect: Post "http://docker:2375/v1.40/images/create?fromImage=alpine&tag=3.19": dial tcp: lookup docker on 169.254.169.254:53: no such host',
  },
  {
    // Not a stopped daemon but the same outcome for Berth: this user cannot reach the engine.
    id: 'daemon-socket-permission',
    cause: 'daemon_down',
    // docker CLI 29 words it "… to connect to the docker API at <host>".
    pattern: /permission denied while trying to connect to the Docker (?:daemon socket|API at)/i,
    source: 'https://github.com/fkie-cad/fact_extractor/issues/175',
    example:
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/images/create?fromImage=fkiecad%2Ffact_extractor&tag=latest": dial unix /var/run/docker.sock: connect: permission denied',
  },
  {
    // The docker CLI reached Docker Desktop's pipe or socket, but the engine behind it is not
    // running: the desktop backend answers 500 for every API route until its VM is up.
    id: 'engine-api-route-error',
    cause: 'daemon_down',
    pattern:
      /request returned (?:5\d\d )?(?:Internal Server Error|Bad Gateway|Service Unavailable) for API route and version/i,
    source: 'https://github.com/docker/for-win/issues/13834',
    example:
      'request returned Internal Server Error for API route and version http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/images/create?fromImage=postgres&tag=latest, check if the server supports the requested API version',
  },
  {
    id: 'podman-socket',
    cause: 'daemon_down',
    // Podman's remote client (pkg/bindings/connection.go) prints "unable to connect to Podman
    // socket: <dial error>" below that hint: the machine or service is not running. Under it is
    // the SSH dial to the machine (go.podman.io/common pkg/ssh/connection_golang.go, "failed to
    // connect: %w"), which Podman 4 printed alone: "Error: failed to connect: dial tcp
    // 127.0.0.1:<the machine's SSH port>: … refused" names no registry, only the engine's VM.
    pattern:
      /Cannot connect to Podman\. Please verify your connection|unable to connect to Podman socket|(?:^|\bError: )failed to connect: (?:dial tcp \S{1,64}: |ssh: )/i,
    source: 'https://github.com/podman-container-tools/podman/issues/24785',
    example:
      'Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`, or try `podman machine init` and `podman machine start` to manage a new Linux VM',
  },
  {
    // Go's net.Dial on the engine's unix socket: ENOENT ("no such file or directory") means no
    // socket file (the engine never started, or listens elsewhere), ECONNREFUSED a socket left
    // behind with nothing listening (the engine died), EACCES a socket this user may not open
    // (as daemon-socket-permission). Docker 1.x's client printed only this ("FATA[0000] Post
    // http:///var/run/docker.sock/…: dial unix …"); crictl and nerdctl say the same of
    // containerd's or CRI-O's socket.
    id: 'engine-socket-dial-failed',
    cause: 'daemon_down',
    pattern:
      /dial unix \S{1,300}?\.sock: (?:connect: )?(?:no such file or directory|connection refused|permission denied)/i,
    source: 'https://github.com/hypriot/rpi-python/issues/1',
    example:
      'FATA[0000] Post http:///var/run/docker.sock/v1.17/images/create?fromImage=hypriot%2Frpi-python%3Alatest: dial unix /var/run/docker.sock: no such file or directory',
  },
  // The helper runs but the OS keychain behind it cannot be used (no desktop session, locked):
  // a credential may well be stored; this machine just cannot read it now. Before the generic
  // helper rules, whose "exit status 1" wraps these.
  {
    id: 'keychain-dbus-autolaunch',
    cause: 'keychain_unavailable',
    // GLib autolaunches a session bus by spawning dbus-launch; where it is not installed
    // (a headless server) GLib's spawn error says so: `Failed to execute child process
    // "dbus-launch" (No such file or directory)` (moby/moby#34175).
    pattern:
      /Cannot autolaunch D-Bus without X11 \$DISPLAY|dbus-launch --autolaunch|Failed to execute child process "?dbus-launch/i,
    source: 'https://github.com/docker/docker-credential-helpers/issues/105',
    example:
      'error getting credentials - err: exit status 1, out: `Cannot autolaunch D-Bus without X11 $DISPLAY`',
  },
  {
    id: 'keychain-secret-service-missing',
    cause: 'keychain_unavailable',
    pattern:
      /org\.freedesktop\.secrets was not provided by any \.service files|Secret Service daemon is neither running nor activatable/i,
    source: 'https://github.com/netease-youdao/QAnything/issues/42',
    example:
      'error getting credentials - err: exit status 1, out: `GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files`',
  },
  {
    // docker-credential-helpers' pass helper keeps each credential gpg-encrypted in the pass
    // store (pass/pass.go: it round-trips a check entry first, "error fetching password during
    // initialization: <pass's error>"). gpg failing to decrypt (no secret key, a locked key with
    // no pinentry on this terminal) or a store never initialised means the store behind the
    // helper cannot be read now: the helper itself works.
    // Docker Desktop for Linux's own helper (docker-credential-desktop, closed source) reads the
    // same pass store and says "no usernames for <server>" when it holds nothing readable there
    // (pass or gpg not set up: docker/desktop-linux#25).
    id: 'keychain-pass-gpg',
    cause: 'keychain_unavailable',
    alternatives: ['credential_helper'],
    pattern:
      /\bgpg: (?:decryption failed|public key decryption failed|signing failed)\b|\bpass not initialized\b|password store is empty\. Try "?pass init|\bno usernames for https?:\/\//i,
    source: 'https://github.com/docker/docker-credential-helpers/issues/118',
    example:
      'error getting credentials - err: exit status 1, out: `error fetching password during initialization: exit status 2: gpg: decryption failed: No secret key`',
  },
  {
    // docker-credential-helpers osxkeychain: errSecInteractionNotAllowed (-25308) over SSH/CI,
    // and errSecAuthFailed (-25293, "The user name or passphrase you entered is not correct."):
    // the keychain refused access (locked, or the access prompt denied), not the registry a
    // password (docker/for-mac#2973: locking and unlocking the login keychain fixes it).
    // Tools that call the Security framework themselves print the bare OSStatus (Apple's
    // SecBase.h: errSecInteractionNotAllowed = -25308, errSecNoDefaultKeychain = -25307,
    // errSecNoSuchKeychain = -25294, errSecAuthFailed = -25293, errSecNotAvailable = -25291), as
    // apple/containerization's KeychainQuery does ("unhandledError(status: -25308)",
    // KeychainQuery.swift; KeychainHelper.swift wraps it in "query failure: …"). Only the codes
    // that say the keychain itself cannot be used: errSecItemNotFound (-25300) is no credential
    // stored, which that code answers as "key not found" and is not this.
    id: 'keychain-interaction-not-allowed',
    cause: 'keychain_unavailable',
    pattern:
      /User interaction is not allowed|The user name or passphrase you entered is not correct|errSecAuthFailed|keychain is locked for the current non-interactive session|current session does not allow user interaction|security -v unlock-keychain|errSec(?:InteractionNotAllowed|NoDefaultKeychain|NoSuchKeychain|NotAvailable)|Keychain\b.{0,60}?status -2530[78]\b|\b(?:OSStatus|status):? ?(?:error )?\(?-(?:25308|25307|25294|25293|25291)\b/i,
    source: 'https://github.com/docker/docker-credential-helpers/issues/82',
    example:
      'docker.errors.DockerException: Credentials store error: StoreError(\'Credentials store docker-credential-osxkeychain exited with "User interaction is not allowed.".\',)',
  },
  {
    // The Secret Service (gnome-keyring, KeePassXC) is running, but the collection the helper
    // writes to is locked, or there is none ("login" never created): the secret-storage spec's
    // org.freedesktop.Secret.Error.IsLocked, gnome-keyring's "Cannot create an item in a locked
    // collection".
    id: 'keychain-collection-locked',
    cause: 'keychain_unavailable',
    pattern:
      /Cannot create an item in a locked collection|org\.freedesktop\.Secret\.Error\.IsLocked|No such interface .{1,3}org\.freedesktop\.Secret\.Collection/i,
    source: 'https://github.com/docker/for-linux/issues/474',
    example:
      'Error saving credentials: error storing credentials - err: exit status 1, out: `Cannot create an item in a locked collection`',
  },
  {
    // Windows' ERROR_NO_SUCH_LOGON_SESSION (1312), which wincred's CredRead/CredWrite return in a
    // logon session that has no credential store: an SSH or service logon, a CI agent's session
    // (docker/cli#4353, #2682): the Windows analogue of a keychain that refuses non-interactive
    // use.
    id: 'keychain-no-logon-session',
    cause: 'keychain_unavailable',
    pattern: /A specified logon session does not exist/i,
    source: 'https://github.com/docker/cli/issues/4353',
    example:
      'Error saving credentials: error storing credentials - err: exit status 1, out: `error getting credentials - err: exit status 1, out: `A specified logon session does not exist. It may already have been terminated.``',
  },
  {
    // docker-py (Airflow's DockerOperator, Prefect, Dagster) could not open the engine's socket.
    // FileNotFoundError (ENOENT) names a unix socket that is not there, whichever call hit it.
    id: 'docker-py-no-daemon',
    cause: 'daemon_down',
    pattern:
      /Error while fetching server API version: \('Connection aborted\.', (?:ConnectionRefusedError|FileNotFoundError|PermissionError)|\('Connection aborted\.', FileNotFoundError\(2, 'No such file or directory'\)\)/i,
    source: 'https://github.com/puckel/docker-airflow/issues/606',
    example:
      "[2020-11-09 01:04:19,301] {taskinstance.py:1128} ERROR - Error while fetching server API version: ('Connection aborted.', ConnectionRefusedError(111, 'Connection refused'))",
  },
  {
    // docker-py over TCP (DOCKER_HOST=tcp://…) reports a failed dial of the engine in urllib3's
    // words (connectionpool.py, "HTTPConnectionPool(host=…, port=…): Max retries exceeded with
    // url: <path>"): the engine's ports (2375/2376) or API paths (/version, /_ping, /info,
    // /images/create) say it was the engine, not a registry, that could not be reached.
    id: 'docker-py-engine-unreachable',
    cause: 'daemon_down',
    pattern:
      /HTTPS?ConnectionPool\(host='[^']{1,253}', port=237[56]\): Max retries exceeded|Max retries exceeded with url: \/(?:v1\.\d{1,2}\/)?(?:version|_ping|info|images\/create)\b/i,
    source: 'https://github.com/docker/docker-py/blob/main/docker/api/client.py',
    example:
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=2375): Max retries exceeded with url: /version (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3c>: Failed to establish a new connection: [Errno 111] Connection refused'))",
  },
  {
    // Testcontainers tried every way it knows to reach an engine (DOCKER_HOST, the socket, the
    // Windows pipe, docker-machine) and none answered (DockerClientProviderStrategy).
    id: 'testcontainers-no-docker',
    cause: 'daemon_down',
    pattern: /Could not find a valid Docker environment/i,
    source: 'https://github.com/testcontainers/testcontainers-java/issues/2015',
    example:
      'Caused by: java.lang.IllegalStateException: Could not find a valid Docker environment. Please see logs and check configuration',
  },
  // A credential named as expired, wherever it surfaces (a registry's answer, or a helper's
  // output quoting its cloud CLI): before the helper and auth rules that would wrap it.
  {
    id: 'ecr-token-expired',
    cause: 'expired_credentials',
    registry: 'ecr',
    pattern: /Your authorization token has expired/i,
    source: 'https://github.com/aws/aws-cli/issues/6580',
    example: 'denied: Your authorization token has expired. Reauthenticate and try again.',
  },
  {
    id: 'acr-aad-refresh-token-expired',
    cause: 'expired_credentials',
    registry: 'acr',
    pattern: /AADSTS700082/i,
    source: 'https://github.com/Azure/acr/issues/655',
    example: 'AADSTS700082: The refresh token has expired due to inactivity.',
  },
  {
    // A credential the registry (or the cloud CLI behind a helper) names as expired, in any of
    // the wordings in use: Docker Hub PATs ("personal access token is expired"), JWT libraries
    // ("token is expired", "jwt expired"), AWS STS ("ExpiredToken", "security token included in
    // the request is expired"), OAuth ("token_expired"). Before every wrapper that would call it
    // "denied" or "unauthorized" or a helper's "exit status 1"; certificates have their own
    // rule (x509-expired).
    id: 'access-token-expired',
    cause: 'expired_credentials',
    alternatives: ['bad_credentials'],
    pattern:
      /\b(?:access|auth(?:entication|orization)?|bearer|refresh|security|session|id|oauth2?|registry|login) token (?:included in the request )?(?:is |has |was )?(?:been )?expired\b|\btoken (?:is |has |was )(?:been )?expired\b|\bexpired (?:access |auth |bearer |refresh |security |session |login )?(?:token|credentials?|password|session)\b|\b(?:credentials?|password|session|login) (?:has |have |is |are )(?:been )?expired\b|\bExpiredToken(?:Exception)?\b|\btoken_expired\b|\bjwt expired\b/i,
    source: 'https://github.com/sailor-sh/CK-X/issues/60',
    example:
      'Error response from daemon: Head "https://registry-1.docker.io/v2/library/redis/manifests/alpine": unauthorized: personal access token is expired',
  },
  {
    // A credential helper whose OAuth refresh fails because the account itself is gone: Google's
    // token endpoint answers invalid_grant with "Account has been deleted", which the helper
    // (docker-credential-gcr, gcloud) prints and docker-credential-helpers' client wraps as its
    // exit (client/client.go, "error getting credentials - err: exit status 1, out: ..."). No new
    // login to that account can succeed, so unlike an expired grant (below) the helper's
    // configuration (credHelpers/credsStore for the host) is what must change.
    id: 'helper-account-deleted',
    cause: 'credential_helper',
    alternatives: ['expired_credentials'],
    pattern:
      /error getting credentials - err: exit status \d{1,3}, out: .{0,600}?\binvalid_grant\b.{0,200}?Account has been deleted/i,
    source: 'https://github.com/podman-container-tools/podman/issues/22462',
    example:
      'Error: 1 error occurred:\n\t* error getting credentials - err: exit status 1, out: `docker-credential-gcr/helper: could not retrieve GCR\'s access token: oauth2: cannot fetch token: 400 Bad Request\nResponse: {\n  "error": "invalid_grant",\n  "error_description": "Account has been deleted"\n}',
  },
  {
    // OAuth 2.0's invalid_grant (RFC 6749 section 5.2): the grant or refresh token presented is
    // "invalid, expired, revoked". What a helper or engine presents is a stored refresh token:
    // distribution's token auth with an identity token ("no such account for refresh token"),
    // gcloud's under a re-authentication policy ("invalid_rapt"). A new login issues a new one.
    id: 'oauth-invalid-grant',
    cause: 'expired_credentials',
    alternatives: ['bad_credentials'],
    pattern: /\binvalid_grant\b/i,
    source: 'https://github.com/distribution/distribution/issues/2369',
    example:
      'Error response from daemon: Get https://dtr.abcddevpoc.com/v2/myservice/manifests/latest: unauthorized: unable to get identity token from client token: invalid_grant: no such account for refresh token: id:',
  },
  {
    // The helper ran and has nothing stored for this host: docker-credential-helpers'
    // ErrCredentialsNotFound (credentials/error.go, "credentials not found in native keychain"),
    // which the docker CLI treats as "send nothing" but older clients and other tools print
    // wrapped in the helper's exit. A login is missing, not a broken helper.
    id: 'helper-credentials-not-found',
    cause: 'no_credentials',
    alternatives: ['credential_helper'],
    pattern: /credentials not found in native keychain/i,
    source: 'https://github.com/docker/docker-credential-helpers/blob/master/credentials/error.go',
    example:
      'error getting credentials - err: exit status 1, out: `credentials not found in native keychain`',
  },
  {
    // A stored credential that does not decode to user:password: the kubelet's pull secret
    // (kubernetes pkg/credentialprovider decodeDockerConfigFieldAuth: "unable to parse auth field,
    // must be formatted as base64(username:password)", or Go's encoding/base64 "illegal base64
    // data at input byte N" first), containerd CRI's ParseAuth ("invalid decoded auth: %q"),
    // docker/cli's config.json ("invalid auth configuration file") and go-containerregistry's
    // authn ("must be formatted as base64(username:password)"); containerd's authorizer with a
    // user and no secret, or the reverse ("failed to handle basic auth because missing username
    // or secret"). What is sent is not the login.
    id: 'stored-auth-field-malformed',
    cause: 'bad_credentials',
    pattern:
      /unable to parse auth field|must be formatted as base64\(username:password\)|invalid decoded auth: |invalid auth configuration file|\billegal base64 data at input byte\b|failed to handle basic auth because missing username or secret/i,
    source: 'https://github.com/openshift/release/pull/18308',
    example:
      'Warning  Failed          5s (x3 over 47s)   kubelet            Failed to pull image "quay.io/openshift-release-dev/ocp-release:4.7.0-x86_64": unable to parse auth field, must be formatted as base64(username:password)',
  },
  {
    // docker-py (Compose v1) wraps the helper's own failure; before the bare helper rules so
    // the wrapper is what gets reported.
    id: 'credential-store-exited',
    cause: 'credential_helper',
    pattern: /Credentials store docker-credential-[\w.-]{1,60} exited with/i,
    source: 'https://github.com/getsentry/self-hosted/issues/436',
    example:
      'Credentials store docker-credential-desktop exited with "error getting credentials - err: exec: "docker-credential-wincred.exe": executable file not found in %PATH%, out: ``".',
  },
  {
    id: 'credential-helper-missing',
    cause: 'credential_helper',
    // Found only in the current directory, which Go refuses to run: golang.org/x/sys/execabs
    // ("<name> resolves to executable in current directory (./<name>)", what
    // docker-credential-helpers used) and os/exec's ErrDot since Go 1.19.
    pattern:
      /exec: "docker-credential-[\w.-]{1,60}": (?:executable file not found|cannot run executable found relative to current directory)|docker-credential-[\w.-]{1,80} resolves to executable in current directory/i,
    source: 'https://github.com/docker/for-mac/issues/7445',
    example:
      'error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: ``',
  },
  {
    id: 'credential-helper-not-installed',
    cause: 'credential_helper',
    pattern: /docker-credential-[\w.-]{1,60} not installed or not available in PATH/i,
    source: 'https://github.com/jayfk/launchr/issues/22',
    example:
      'docker.credentials.errors.InitializationError: docker-credential-gcloud not installed or not available in PATH',
  },
  {
    id: 'credential-helper-failed',
    cause: 'credential_helper',
    // docker-credential-helpers client/client.go words every verb so: getting, listing,
    // storing, erasing, with whatever running the helper returned (an exit status, a signal, a
    // fork/exec failure); the helper's own words, when they name a cause, are read first above.
    pattern:
      /error (?:getting|listing|storing|erasing) credentials - err: (?:exit status \d{1,3}|signal: \w{1,20}|fork\/exec \S{1,300}: )/i,
    source: 'https://github.com/docker/for-win/issues/14906',
    example: 'docker: error getting credentials - err: exit status 1, out: ``',
  },
  {
    // Any tool that runs the helper protocol (docker-credential-<name> get|list|store|version,
    // docker/docker-credential-helpers client/client.go) and reports its non-zero exit.
    id: 'credential-helper-process-exited',
    cause: 'credential_helper',
    pattern:
      /docker-credential-[\w.-]{1,60}(?: (?:get|list|store|erase|version))?'? (?:exited with (?:status|code|exit code)|failed with exit code) [1-9]\d{0,2}/i,
    source: 'https://github.com/pottava/dockerized-ecr-credential-helper/issues/3',
    example:
      "[ERROR] DOCKER> Error getting the version of the configured credential helper [Process 'docker-credential-ecr-login version' exited with status 1]",
  },
  {
    // The kubelet's credential helpers are its credential provider plugins (ecr-credential-provider,
    // acr-credential-provider, gcp's): a plugin that fails or is missing is logged as such
    // (kubernetes pkg/credentialprovider/plugin/plugin.go: "Failed getting credential from external
    // registry credential provider: error execing credential provider plugin %s for image %s", and
    // at start, RegisterCredentialProviderPlugins' "plugin binary executable %s did not exist"),
    // after which the kubelet pulls with no credential at all.
    id: 'kubelet-credential-provider-failed',
    cause: 'credential_helper',
    pattern:
      /Failed getting credential from external registry credential provider|error execing credential provider plugin|\bplugin binary executable \S{1,512} did not exist/i,
    source:
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/credentialprovider/plugin/plugin.go',
    example:
      'E1203 10:00:00.000000    1234 plugin.go:289] Failed getting credential from external registry credential provider: error execing credential provider plugin ecr-credential-provider for image 123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app: exit status 1',
  },

  // 2. A registry's own wording.
  {
    // Not the registry's words but a forward proxy's own error page, served where the registry's
    // answer was due: Squid's templates (errors/templates/ERR_*: "<title>ERROR: The requested URL
    // could not be retrieved</title>" … "Generated %T by %h (squid/x.y)"). Whatever the status, the
    // proxy in between refused or failed the request; its words outrank any status read after.
    id: 'proxy-error-page',
    cause: 'proxy',
    alternatives: ['unreachable'],
    pattern:
      /ERROR: The requested URL could not be retrieved|Generated [^<"]{1,80} by \S{1,253} \(squid(?:\/[\d.]{1,20})?\)/i,
    source: 'https://github.com/squid-cache/squid/blob/master/errors/templates/ERR_ACCESS_DENIED',
    example:
      'Error response from daemon: error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "<!DOCTYPE html PUBLIC \\"-//W3C//DTD HTML 4.01//EN\\"><html><head><title>ERROR: The requested URL could not be retrieved</title></head><body><h1>ERROR</h1><p>Access control configuration prevents your request from being allowed at this time.</p><div id=\\"footer\\">Generated Thu, 03 Dec 2026 10:00:00 GMT by proxy.corp.example (squid/5.7)</div></body></html>"',
  },
  {
    // Not the registry's words but Google's front end's own 403 page, served where the registry's
    // answer was due (registry.k8s.io and gcr.io, Artifact Registry, and the storage GitLab.com's
    // registry sends blobs to sit behind it): "Your client does not have permission to get URL
    // <code>…</code> from this server", or the newer page titled "Error 403 (Forbidden)!!1".
    // It refuses the client's address (a blocked region or IP range, often a VPS or a VPN exit)
    // before any credential is read (kubernetes/registry.k8s.io#277: "not our code serving this
    // response"; sethforprivacy/self-hosted-services#25 on a Hetzner VPS), so it is the
    // registry's side refusing, not a login or a scope.
    id: 'google-front-end-refusal',
    cause: 'registry_error',
    alternatives: ['unreachable', 'proxy'],
    pattern:
      /Your client does not have permission to get URL|<title>Error 403 \(Forbidden\)!!1<\/title>/i,
    source: 'https://github.com/sethforprivacy/self-hosted-services/issues/25',
    example:
      'error pulling image configuration: download failed after attempts=1: error parsing HTTP 403 response body: invalid character \'<\' looking for beginning of value: "\\n<html><head>\\n<meta http-equiv=\\"content-type\\" content=\\"text/html;charset=utf-8\\">\\n<title>403 Forbidden</title>\\n</head>\\n<body text=#000000 bgcolor=#ffffff>\\n<h1>Error: Forbidden</h1>\\n<h2>Your client does not have permission to get URL <code>/gitlab/docker/registry/v2/blobs/sha256/4e/4ede285a2b79c16f2e1914ac09351fe5db66af7819987a145014dbc2b581f71e/data</code> from this server.</h2>\\n<h2></h2>\\n</body></html>\\n"',
  },
  {
    // IAM decides before ECR looks the repository up, so a mistyped repository (or one in
    // another account with no resource-based policy: "because no resource-based policy allows")
    // is refused in the same words as an existing one this identity may not read
    // (bottlerocket-os/bottlerocket-update-operator#157: an extra path component).
    id: 'ecr-iam-denied',
    cause: 'insufficient_scope',
    alternatives: ['repo_not_found'],
    registry: 'ecr',
    pattern: /is not authorized to perform: ecr:\w{1,40}/i,
    source: 'https://github.com/everything2/everything2/issues/2562',
    example:
      "Error response from daemon: pull access denied for 254865750963.dkr.ecr.us-west-2.amazonaws.com/everything2/e2lib, repository does not exist or may require 'docker login': denied: User: arn:aws:sts::254865750963:assumed-role/Docker-Builder-CodeBuild-Role/AWSCodeBuild-749228d3-4d07-4037-bd81-b631b0a0460e is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-west-2:254865750963:repository/everything2/e2lib because no identity-based policy allows the ecr:BatchGetImage action",
  },
  {
    id: 'ecr-repository-not-found',
    cause: 'repo_not_found',
    registry: 'ecr',
    pattern: /The repository with name '[^']{1,256}' does not exist in the registry with id/i,
    source: 'https://github.com/fabric8io/docker-maven-plugin/issues/369',
    example:
      "[ERROR] DOCKER> name unknown: The repository with name 'tomcat' does not exist in the registry with id '295240448163' (Internal Server Error: 500)",
  },
  {
    // Docker's text when a registry asks for Basic auth and nothing is stored for the host;
    // ECR is where it is met, usually because the ecr-login helper gave nothing.
    id: 'ecr-no-basic-auth',
    cause: 'no_credentials',
    alternatives: ['credential_helper'],
    registry: 'ecr',
    pattern: /no basic auth credentials/i,
    source: 'https://github.com/aws/amazon-vpc-cni-k8s/issues/1117',
    example:
      'Error response from daemon: Get https://602401143452.dkr.ecr.us-west-2.amazonaws.com/v2/amazon-k8s-cni/manifests/v1.6.3: no basic auth credentials',
  },
  {
    id: 'ecr-public-rate-exceeded',
    cause: 'rate_limited',
    registry: 'ecr',
    pattern: /toomanyrequests: Rate exceeded/i,
    source: 'https://github.com/zebrunner/mcloud-agent/issues/235',
    example: 'Error response from daemon: toomanyrequests: Rate exceeded',
  },
  {
    // ECR Public serves every repository to anonymous pulls and answers a name it does not hold
    // with 404 ("name unknown", "manifest unknown"), so its 403 is a credential it refused: a
    // login for public.ecr.aws (or a Docker Desktop keychain entry) whose 12-hour token has
    // run out, sent instead of pulling anonymously. `docker logout public.ecr.aws`, or a fresh
    // `aws ecr-public get-login-password` login, fixes it (AWS's ECR Public troubleshooting
    // page; aws/eks-anywhere#1628, aws/aws-lambda-base-images#88).
    id: 'ecr-public-forbidden',
    cause: 'expired_credentials',
    alternatives: ['bad_credentials'],
    registry: 'ecr',
    pattern: /\bpublic\.ecr\.aws\b[^]{0,400}?\b403 Forbidden\b/i,
    source: 'https://github.com/aws/aws-lambda-base-images/issues/88',
    example:
      'ERROR: failed to solve: public.ecr.aws/lambda/python:3.9: pulling from host public.ecr.aws failed with status code [manifests 3.9]: 403 Forbidden',
  },
  {
    // ACR answers this also for a repository or tag that does not exist (Azure/acr#359).
    id: 'acr-authentication-required',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'repo_not_found', 'tag_not_found'],
    registry: 'acr',
    pattern: /authentication required, visit https:\/\/aka\.ms\/acr\/authorization/i,
    source: 'https://github.com/dotnet/tye/issues/1185',
    example:
      'Failed to pull image "containerday2021.azurecr.io/backend:0.10.0-dev": \nrpc error: code = Unknown desc = Error response from daemon: \nHead "https://containerday2021.azurecr.io/v2/backend/manifests/0.10.0-dev": \nunauthorized: authentication required, visit https://aka.ms/acr/authorization for more information.',
  },
  {
    // The Azure CLI's token exchange failed: an expired login, or throttling (Azure/azure-cli#25549).
    id: 'acr-refresh-token-error',
    cause: 'expired_credentials',
    alternatives: ['bad_credentials', 'rate_limited'],
    registry: 'acr',
    pattern: /CONNECTIVITY_REFRESH_TOKEN_ERROR/i,
    source: 'https://github.com/Azure/azure-cli/issues/28740',
    example:
      'Unable to get AAD authorization tokens with message: An error occurred: CONNECTIVITY_REFRESH_TOKEN_ERROR',
  },
  {
    id: 'gar-unauthenticated',
    cause: 'no_credentials',
    alternatives: ['repo_not_found'],
    registry: 'gar',
    pattern:
      /Unauthenticated requests do not have permission "?artifactregistry\.repositories\.downloadArtifacts/i,
    source: 'https://github.com/GoogleCloudPlatform/aactl/issues/233',
    example:
      'GET https://europe-west4-docker.pkg.dev/v2/token?scope=repository%3Axxx%2Fxxx%2Fapi%3Apull&service=: DENIED: Unauthenticated request. Unauthenticated requests do not have permission "artifactregistry.repositories.downloadArtifacts" on resource "projects/aih-artifact/locations/europe-west4/repositories/xxx" (or it may not exist)',
  },
  {
    id: 'gar-permission-denied',
    cause: 'insufficient_scope',
    alternatives: ['repo_not_found'],
    registry: 'gar',
    // GCR behind Artifact Registry words it "Permission denied for "<tag>" from request".
    pattern:
      /Permission "?artifactregistry\.repositories\.downloadArtifacts"? denied|denied: Permission denied for "[^"]{1,200}"/i,
    source:
      'https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/1779',
    example:
      'Error response from daemon: Head "https://europe-west2-docker.pkg.dev/v2/<PROJECT_ID>/ml/app/manifests/4.19.5": denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "projects/<PROJECT_ID>/locations/europe-west2/repositories/ml" (or it may not exist)',
  },
  {
    id: 'gcr-failed-authentication',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials', 'credential_helper'],
    registry: 'gar',
    pattern: /unauthorized: (?:failed authentication|authentication failed)/i,
    source: 'https://github.com/GoogleCloudPlatform/cloud-sdk-docker/issues/328',
    example:
      'Error response from daemon: Head "https://gcr.io/v2/google.com/cloudsdktool/google-cloud-cli/manifests/latest": unauthorized: failed authentication',
  },
  {
    // GCR serves gcr.io/<project>/… from that Google Cloud project; when the project does not
    // exist (or was deleted) it says so, and nothing under the path can be pulled. Two wordings
    // (GCR is closed source; both observed): "unknown: Project 'project:<id>' not found or
    // deleted." and, once the project is shut down, a DENIED whose message names it by id or
    // number, "Project <id> has been deleted." (GoogleCloudPlatform/cloud-sql-proxy#619,
    // google/startup-os#586 in containerregistry's token exchange, paketo-buildpacks/python#1043
    // as "denied: denied: Project #<number> has been deleted."). Before the GHCR rules: that
    // last one also says "denied: denied".
    id: 'gcr-project-not-found',
    cause: 'repo_not_found',
    registry: 'gar',
    pattern:
      /Project '(?:project:)?[\w.:-]{1,100}' not found or deleted|\bProject #?[\w.:-]{1,100} has been deleted\b/i,
    source: 'https://github.com/RoadieHQ/kubewise/issues/59',
    example:
      'Failed to pull image "us.gcr.io/larder-prod/kubewise:0.11.11": rpc error: code = Unknown desc = Error response from daemon: Head "https://us.gcr.io/v2/larder-prod/kubewise/manifests/0.11.11": unknown: Project \'project:larder-prod\' not found or deleted.',
  },
  {
    // A GitHub Actions GITHUB_TOKEN (an "installation") that the package does not grant read to.
    id: 'ghcr-installation-not-allowed',
    cause: 'insufficient_scope',
    registry: 'ghcr',
    pattern: /installation not allowed to (?:Read|Write|Create) (?:organization |user )?package/i,
    source: 'https://github.com/actions/runner/issues/1039',
    example:
      "Error response from daemon: pull access denied for ghcr.io/<org>/<image>, repository does not exist or may require 'docker login': denied: installation not allowed to Read organization package",
  },
  {
    // Seen on push in the source; GHCR words a pull with a token lacking read:packages the same.
    id: 'ghcr-token-scopes',
    cause: 'insufficient_scope',
    registry: 'ghcr',
    pattern: /The token provided does not match expected scopes/i,
    source: 'https://github.com/daltoniam/switchboard/pull/139',
    example: 'permission_denied: The token provided does not match expected scopes',
  },
  {
    // GHCR's DENIED body names the package permission the token lacks ("permission_denied:
    // read_package"): a login that works, without read access to this package. GHCR has said it
    // to anonymous pulls of a private package too (dexidp/dex#1872, kedacore/http-add-on#48), so
    // with no credential stored for ghcr.io a missing login leads (read-message.ts).
    id: 'ghcr-permission-denied-package',
    cause: 'insufficient_scope',
    alternatives: ['no_credentials', 'repo_not_found'],
    registry: 'ghcr',
    pattern: /\bpermission_denied: (?:read|write)_package\b/i,
    source: 'https://github.com/RightNow-AI/openfang/issues/12',
    example:
      '# → Error response from daemon: error from registry: unauthorized\n# → unauthorized\n# → {"errors":[{"code":"DENIED","message":"permission_denied: read_package"}]}',
  },
  {
    // GHCR's DENIED with no message of its own, on the manifest request: GHCR, like Docker Hub,
    // answers a package that does not exist (a typo, a renamed organisation) as one this client
    // may not read, so the repository leads as in Docker Hub's "denied" (requested-access-denied).
    // Not "denied: denied" (below), GHCR's refusal of a stored token.
    id: 'ghcr-manifest-denied',
    cause: 'repo_not_found',
    alternatives: ['no_credentials', 'insufficient_scope', 'bad_credentials'],
    registry: 'ghcr',
    pattern: /ghcr\.io\/v2\/\S{1,512}?\/manifests\/[^\s"]{1,256}"?: denied(?![:\w])/i,
    source: 'https://github.com/anomalyco/opencode/issues/6746',
    example:
      'Failed to pull `ghcr.io/sst/opencode`: Error response from daemon: Head "https://ghcr.io/v2/sst/opencode/manifests/latest": denied',
  },
  {
    // Mostly a stale stored token for a public package; also a private one without a login.
    id: 'ghcr-denied-denied',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials', 'no_credentials', 'repo_not_found'],
    registry: 'ghcr',
    pattern: /\bdenied: denied\b/i,
    source: 'https://github.com/riverqueue/riverui/issues/182',
    example:
      'Error response from daemon: Head "https://ghcr.io/v2/riverqueue/riverui/manifests/latest": denied: denied',
  },
  {
    // A bare "unauthorized" from GHCR: a private package pulled anonymously, or a stale token.
    id: 'ghcr-unauthorized',
    cause: 'no_credentials',
    alternatives: ['repo_not_found', 'expired_credentials'],
    registry: 'ghcr',
    pattern: /ghcr\.io\/v2\/\S{0,300}?: unauthorized(?![:\w])/i,
    source: 'https://github.com/beeper/registration-relay/issues/3',
    example:
      'Error response from daemon: Head "https://ghcr.io/v2/beeper/registration-relay/manifests/latest": unauthorized',
  },
  {
    id: 'github-packages-unauthenticated',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'insufficient_scope'],
    registry: 'ghcr',
    pattern: /could not be authenticated by the GitHub Packages service/i,
    source: 'https://github.com/solo-io/packer-plugin-arm-image/issues/89',
    example:
      'Error response from daemon: unauthorized: Your request could not be authenticated by the GitHub Packages service. Please ensure your access token is valid and has the appropriate scopes configured.',
  },
  {
    // GitLab Runner names where the credential it hands the engine came from ("Authenticating
    // with credentials from job payload (GitLab Registry)", gitlab-runner helpers/docker/auth,
    // authConfigSourceNameJobPayload): the job's own CI_JOB_TOKEN, valid for as long as the job
    // runs. A refusal that follows is that token's reach: the image's project does not let this
    // project's jobs in (its CI/CD job token allowlist, GitLab 15.9+), or the job's user cannot
    // read it; a credential of the project's own (DOCKER_AUTH_CONFIG) is the fix either way.
    id: 'gitlab-job-token-refused',
    cause: 'insufficient_scope',
    alternatives: ['repo_not_found'],
    pattern:
      /Authenticating with credentials from job payload \(GitLab Registry\)[^]{0,3000}?(?:pull access denied|requested access to the resource is denied|access forbidden|insufficient_scope|\bunauthorized\b|\b40[13] (?:Unauthorized|Forbidden)\b|HTTP Basic: Access denied)/i,
    source:
      'https://sam.hooke.me/note/2023/07/gitlab-ci-using-a-private-projects-container-as-an-image/',
    example:
      'Authenticating with credentials from job payload (GitLab Registry)\nPulling docker image your.gitlab.address.com:5000/project_a/group/container:1.2.3 ...\nWARNING: Failed to pull image with policy "always": Error response from daemon: pull access denied for your.gitlab.address.com:5000/project_a/group/container, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied (manager.go:205:0s)',
  },
  {
    // GitLab refuses the username/password (or token) pair itself, at the token endpoint or the
    // /v2/ ping: a wrong, expired or under-scoped token, or an account password where 2FA
    // requires a token. A credential was sent and refused.
    id: 'gitlab-http-basic-denied',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials', 'insufficient_scope'],
    pattern: /HTTP Basic: Access denied/i,
    source: 'https://github.com/basecamp/kamal/issues/1498',
    example:
      'Error response from daemon: Get "https://registry.gitlab.com/v2/": unauthorized: HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you\'re required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped.',
  },
  {
    // Docker Hub's answer when a personal access token is valid but its scope (read-only,
    // public-only) does not cover the actions asked; tools that request pull,push for a pull
    // (buildx with push, docker manifest, moby/moby#45726) meet it with read-only tokens.
    // Before the oauth-token rule, whose 401 it arrives in.
    id: 'dockerhub-token-insufficient-scopes',
    cause: 'insufficient_scope',
    alternatives: ['bad_credentials'],
    registry: 'dockerhub',
    pattern: /access token has insufficient scopes/i,
    source: 'https://github.com/spinalcordtoolbox/spinalcordtoolbox/issues/5286',
    example:
      'failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Aneuropoly%2Fsct%3Apull%2Cpush&service=registry.docker.io: 401 Unauthorized: access token has insufficient scopes',
  },
  {
    // Docker Hub refuses the account's password where the account must use a personal access
    // token (two-factor or SSO enforced): the stored credential is the wrong kind.
    id: 'dockerhub-pat-required',
    cause: 'bad_credentials',
    registry: 'dockerhub',
    pattern: /must log in with a Personal Access Token|please use personal access token to login/i,
    source: 'https://github.com/pinterest/querybook/pull/1548',
    example:
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: your account must log in with a Personal Access Token (PAT) - learn more at docs.docker.com/go/access-tokens',
  },
  {
    // The /v2/ ping itself refused what was sent: only a credential is checked there, so the
    // stored login is bad (jgsqware/clairctl#62 was fixed by `docker logout quay.io`).
    id: 'registry-ping-unauthorized',
    cause: 'bad_credentials',
    alternatives: ['no_credentials'],
    pattern: /Get "?https?:\/\/[\w.-]{1,253}(?::\d{1,5})?\/v2\/"?: unauthorized/i,
    source: 'https://github.com/jgsqware/clairctl/issues/62',
    example:
      '2017-07-11 17:02:33.783305 C | cmd: retrieving manifest for "quay.io/coreos/clair:v2.0.0": Get https://quay.io/v2/: unauthorized: access to the requested resource is not authorized',
  },
  {
    // GCR's 401 body: the request carried no usable credential (no gcloud helper for this user,
    // e.g. under sudo); a credential without the right role gets it too.
    id: 'gcr-needed-permissions',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'insufficient_scope', 'credential_helper'],
    registry: 'gar',
    // The apostrophe doubled is the same text inside a YAML single-quoted scalar (a Knative or
    // Kubernetes status read with -o yaml: "You don''t have"), typographic when a page rendered it.
    pattern:
      /You don(?:'{1,2}|\u2019)t have the needed permissions to perform this operation, and you may have invalid credentials/i,
    source: 'https://github.com/GoogleCloudPlatform/docker-credential-gcr/issues/70',
    example:
      "Error response from daemon: unauthorized: You don't have the needed permissions to perform this operation, and you may have invalid credentials. To authenticate your request, follow the steps in: https://cloud.google.com/container-registry/docs/advanced-authentication",
  },
  {
    // GCR's token service authenticated the caller, then found it lacks the bucket permission
    // behind the repository (IAM): a role to grant, not a login to fix.
    id: 'gcr-token-exchange-permission',
    cause: 'insufficient_scope',
    alternatives: ['repo_not_found'],
    registry: 'gar',
    pattern: /Token exchange failed for project '[^']{1,100}'\. Caller does not have permission/i,
    source: 'https://github.com/GoogleCloudPlatform/marketplace-k8s-app-tools/issues/160',
    example:
      "denied: Token exchange failed for project 'gcp-project-xxxxxxxx'. Caller does not have permission 'storage.buckets.get'. To configure permissions, follow instructions at: https://cloud.google.com/container-registry/docs/access-control",
  },
  {
    // GCR's v1-era 403 says outright when the request carried no credential ("(no valid
    // credential was supplied)"); without that it is the identity's permission (below).
    id: 'gcr-no-valid-credential',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'repo_not_found'],
    registry: 'gar',
    pattern: /\(no valid credential was supplied\)/i,
    source: 'https://github.com/kubernetes/test-infra/pull/2359',
    example:
      'Error: Status 403 trying to pull repository k8s-test-infra-aws/aws-janitor: "Unable to access the repository: k8s-test-infra-aws/aws-janitor; please verify that it exists and you have permission to access it (no valid credential was supplied)."',
  },
  {
    // GCR's v1-era answer for a repository this identity may not read (or that does not exist).
    id: 'gcr-unable-to-access',
    cause: 'insufficient_scope',
    alternatives: ['repo_not_found'],
    registry: 'gar',
    pattern:
      /Unable to access th ?e ?repository: .{1,300}?; please verify that it exists and you have permission/i,
    source: 'https://github.com/kubernetes/kubernetes/issues/30148',
    example:
      'Error: Status 403 trying to pull repository <path to GCR image>: "Unable to access the repository: <path to GCR image>; please verify that it exists and you have permission to access it."',
  },
  {
    // The registry's token service issued a token for another repository than the one asked
    // for (GCR: "name invalid: Requested repository does not match bearer token resource"): the
    // client asks for exactly this repository's scope, so a token for another is the token
    // service (or a cache in front of it) failing; a retry usually passes (kubernetes#27451).
    id: 'token-resource-mismatch',
    cause: 'registry_error',
    alternatives: ['bad_credentials'],
    pattern: /Requested repository does not match bearer token resource\b/i,
    source: 'https://github.com/kubernetes/kubernetes/issues/27451',
    example:
      'Error response from daemon: name invalid: Requested repository does not match bearer token resource: google_containers/pause-amd64',
  },
  {
    // A Nexus proxy repository logs, beside the "manifest unknown" its client sees, that its own
    // request for the upstream's token was refused (Apache HttpClient's HttpAuthenticator under
    // Nexus's bearer scheme: "authentication error: Could not retrieve token from <realm>. Status
    // code: 401"): the proxy's stored upstream credentials are wrong, not the client's name or tag.
    id: 'proxy-upstream-token-refused',
    cause: 'bad_credentials',
    alternatives: ['no_credentials', 'registry_error'],
    pattern:
      /authentication error: Could not retrieve token from \S{1,512}?\.? Status code: 40[13]\b/i,
    source: 'https://github.com/sonatype/nexus-public/issues/639',
    example:
      'Error response from daemon: manifest for 127.0.0.1:9081/foo/bar/baz:version not found: manifest unknown: manifest unknown\n2025-04-28 16:00:06,851+0000 WARN  [qtp1563008198-963]  anonymous org.apache.http.impl.auth.HttpAuthenticator - BEARER [complete=true] authentication error: Could not retrieve token from https://europe-docker.pkg.dev/v2/token. Status code: 401',
  },
  {
    // Harbor's token service: no login for this project (or one that is not a member of it).
    id: 'harbor-unauthorized-to-access',
    cause: 'no_credentials',
    alternatives: ['insufficient_scope', 'bad_credentials'],
    pattern: /unauthorized to access repository: [\w./-]{1,256}, action: pull/i,
    source: 'https://github.com/goharbor/harbor/issues/17845',
    example:
      'Error response from daemon: unauthorized: unauthorized to access repository: commons/bsk-rhel9-java17-tomcat10, action: pull: unauthorized to access repository: commons/bsk-rhel9-java17-tomcat10, action: pull',
  },
  {
    // GitLab's token service says "access forbidden" (403 DENIED) only to a request with no
    // user, deploy token or CI job behind it that was granted no scope (a private project and a
    // missing path alike), or to a token without a registry scope (a personal access token
    // lacking read_registry). A logged-in user asking for a missing path gets a token with no
    // access instead, which the registry refuses in its own words. So the pull went out
    // without a GitLab login, or with one that cannot read the registry: gitlabhq/gitlabhq@
    // de09f0397694 app/services/auth/container_registry_authentication_service.rb, `execute`.
    id: 'gitlab-access-forbidden',
    cause: 'no_credentials',
    alternatives: ['repo_not_found', 'insufficient_scope'],
    pattern: /denied: access forbidden/i,
    source: 'https://github.com/youtous/docker-mailserver-traefik/issues/5',
    example:
      'ERROR: Head "https://registry.gitlab.com/v2/youtous/mailserver-traefik/manifests/latest": denied: access forbidden',
  },
  {
    // Quay answers the same for a repository that does not exist and one that is private.
    id: 'quay-not-authorized',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    registry: 'quay',
    pattern: /access to the requested resource is not authorized/i,
    source: 'https://github.com/jetstack/kube-oidc-proxy/issues/189',
    example:
      'Error response from daemon: unauthorized: access to the requested resource is not authorized',
  },
  {
    // JFrog's remote repository could not fetch from its upstream: the registry's own fault.
    id: 'jfrog-upstream-misconfigured',
    cause: 'registry_error',
    registry: 'jfrog',
    pattern: /Upstream repository is not configured properly/i,
    source: 'https://github.com/jfrog/charts/issues/1834',
    example:
      'Error response from daemon: unauthorized: The client does not have permission for manifest: Upstream repository is not configured properly',
  },
  {
    // Artifactory also says this when a remote repository cannot fetch the tag (jfrog/charts#1834).
    id: 'jfrog-no-permission-for-manifest',
    cause: 'insufficient_scope',
    alternatives: ['bad_credentials', 'tag_not_found'],
    registry: 'jfrog',
    pattern: /The client does not have permission for manifest/i,
    source: 'https://github.com/kubernetes/kubernetes/issues/65958',
    example:
      'Failed to pull image "my-artifactory-website:5006/imagename:4": rpc error: code = Unknown desc = Error response from daemon: unauthorized: The client does not have permission for manifest',
  },
  {
    id: 'jfrog-manifest-not-known',
    cause: 'tag_not_found',
    registry: 'jfrog',
    pattern: /The named manifest is not known to the registry/i,
    source: 'https://github.com/mariadb-operator/mariadb-operator/issues/1293',
    example:
      'Error response from daemon: manifest for artifactory.fdj.tech/mariadb-registry3-container-dev-remote/mariadb-operator/mariadb-operator:0.38.1 not found: manifest unknown: The named manifest is not known to the registry.',
  },
  {
    // registry.redhat.io sends this to anonymous pulls, wrapped in Podman's "invalid username/password".
    id: 'redhat-login-required',
    cause: 'no_credentials',
    pattern: /Please login to the Red Hat Registry/i,
    source: 'https://github.com/podman-container-tools/podman/issues/7780',
    example:
      'unable to retrieve auth token: invalid username/password: unauthorized: Please login to the Red Hat Registry using your Customer Portal credentials. Further instructions can be found here: https://access.redhat.com/RegistryAuthentication',
  },
  {
    // registry.k8s.io (archeio, kubernetes/registry.k8s.io cmd/archeio/internal/app/handlers.go,
    // makeV2Handler) needs no credential and never refuses a blob itself: it answers a blob
    // request only with a redirect, to the upstream registry or to an S3 copy it has checked
    // exists, both publicly readable. The client's error names the URL it asked, so a 403 there
    // is the redirect target refusing this network: a VPC endpoint policy or an egress filter
    // that does not let the storage through, not a login.
    id: 'k8s-registry-blob-403',
    cause: 'unreachable',
    alternatives: ['proxy', 'registry_error'],
    pattern:
      /\bregistry\.k8s\.io\/v2\/[^\s"]{1,256}\/blobs\/sha256:[0-9a-f]{64}"?:? (?:unexpected status code )?403 Forbidden/i,
    source: 'https://github.com/prometheus-community/helm-charts/issues/2421',
    example:
      'Failed to pull image "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.6.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.6.0": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry.k8s.io/v2/kube-state-metrics/kube-state-metrics/blobs/sha256:ec6e2d871c544073e0d0a2448b23f98a1aa47b7c60ae9d79ac5d94d92ea45949: 403 Forbidden',
  },
  {
    // moby fetches the image config blob only after the manifest was served with the same
    // token (distribution/pull_v2.go, "download failed after attempts=%d"): an auth refusal
    // there comes from the registry's blob storage or CDN failing (on ECR also an S3 or VPC
    // endpoint policy), not from the login.
    // containers/image's blob fetch, after the manifest, says "reading blob %s: fetching blob: %w"
    // (copy/single.go, docker/docker_client.go): a refusal there is the same. So is containerd's,
    // whose fetcher opens a blob only after the resolver got the manifest with the same
    // authorizer (remotes/docker/httpreadseeker.go, "httpReadSeeker: failed open: %w", before
    // 1.7 "httpReaderSeeker"; fetcher.go, "unexpected status code %v: %v" naming the blob's URL).
    id: 'blob-fetch-refused',
    cause: 'registry_error',
    alternatives: ['insufficient_scope', 'bad_credentials'],
    pattern:
      /error pulling image configuration: (?:download failed after attempts=\d{1,2}: )?(?:unauthorized|denied|forbidden|unknown blob|blob unknown)\b|reading blob sha256:[0-9a-f]{64}: fetching blob: (?:unauthorized|denied|forbidden)\b|\bhttpRead(?:er)?Seeker: failed open: unexpected status code \S{1,512}\/blobs\/sha256:[0-9a-f]{64}: (?:401 Unauthorized|403 Forbidden)/i,
    source: 'https://github.com/Cyb3r-Jak3/html5validator-action/issues/34',
    example:
      'error pulling image configuration: download failed after attempts=1: unauthorized: unauthenticated: User cannot be authenticated with the token provided.',
  },
  {
    // GHCR refuses the token the client presented: a stored PAT that expired or was revoked
    // (autc04/Retro68#274); during a GHCR incident, the anonymous tokens it issued itself
    // (EnricoMi/publish-unit-test-result-action#307: on the config blob, after blob-fetch-refused).
    id: 'ghcr-token-unauthenticated',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials', 'registry_error'],
    registry: 'ghcr',
    pattern: /unauthenticated: User cannot be authenticated with the token provided/i,
    source: 'https://github.com/autc04/Retro68/issues/274',
    example: 'unauthorized: unauthenticated: User cannot be authenticated with the token provided.',
  },

  // 3. Rate limits.
  {
    id: 'dockerhub-unauthenticated-rate-limit',
    cause: 'rate_limited',
    registry: 'dockerhub',
    pattern: /You have reached your unauthenticated pull rate limit/i,
    source: 'https://github.com/antimony-team/antimony/issues/1',
    example:
      'Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
  },
  {
    id: 'dockerhub-pull-rate-limit',
    cause: 'rate_limited',
    registry: 'dockerhub',
    pattern: /You have reached your pull rate limit/i,
    source: 'https://github.com/kodekloudhub/kodekloud-engineer/issues/58',
    example:
      'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
  },
  {
    id: 'dockerhub-too-many-requests',
    cause: 'rate_limited',
    registry: 'dockerhub',
    pattern: /toomanyrequests: Too Many Requests/i,
    source: 'https://github.com/play-with-docker/play-with-docker/issues/422',
    example:
      'error pulling image configuration: toomanyrequests: Too Many Requests. Please see https://docs.docker.com/docker-hub/download-rate-limit/',
  },
  {
    // Docker Hub's infrastructure-wide limit, not the per-pull one.
    id: 'dockerhub-hap429',
    cause: 'rate_limited',
    registry: 'dockerhub',
    pattern: /Too Many Requests \(HAP429\)/i,
    source: 'https://github.com/docker/hub-feedback/issues/1907',
    example: 'Too Many Requests (HAP429)',
  },
  {
    id: 'http-429',
    cause: 'rate_limited',
    pattern: /\b429:? Too Many Requests/i,
    source: 'https://github.com/docker/hub-feedback/issues/2040',
    example:
      'Error fetching https://registry-1.docker.io/v2/library/redmine/manifests/sha256:991c3847972deff8d8318f971783966066afbc39e6f6a2144f8a9a168b242f58 (remote response: 429: Too Many Requests)',
  },
  {
    id: 'toomanyrequests',
    cause: 'rate_limited',
    // containers/image's ErrTooManyRequests (docker/errors.go) for a 429 says it in words; the
    // kubelet's own limiter on pulls (registryPullQPS, images/helpers.go) says "pull QPS exceeded".
    pattern: /\btoomanyrequests\b|\btoo many requests to registry\b|\bpull QPS exceeded\b/i,
    source: 'https://github.com/alexklibisz/terraform-provider-terrifi/issues/50',
    example: 'toomanyrequests: retry-after: 985.86µs, allowed: 44000/minute',
  },

  // 4. "Denied / does not exist": Docker Hub (and registries built like it) deliberately give
  //    a missing and a private repository the same answer, so these carry alternatives.
  {
    id: 'dockerhub-pull-access-denied',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    registry: 'dockerhub',
    pattern: /pull access denied for \S{1,512}? (?:the )?repository does not exist/i,
    source: 'https://github.com/docker/for-win/issues/9562',
    example:
      "Error response from daemon: pull access denied for utils, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
  },
  {
    // containerd's authorizer (remotes/docker/authorizer.go invalidAuthorization) turns a second
    // Bearer challenge carrying error="insufficient_scope" into "server message:
    // insufficient_scope: authorization failed" (ErrInvalidAuthorization); since 1.5 its resolver
    // (remotes/docker/resolver.go) wraps that in "pull access denied, repository does not exist or
    // may require authorization". Before, the kubelet printed the authorizer's words alone: the
    // same refusal, a missing and a private repository alike.
    id: 'containerd-pull-access-denied',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    pattern:
      /pull access denied, repository does not exist or may require authorization|server message: insufficient_scope: authorization failed/i,
    source: 'https://github.com/aliyun/kvc-3fs-operator/issues/4',
    example:
      'failed to resolve reference "vcns-registry.cn-hangzhou.cr.aliyuncs.com/vcns/3fs:0828-multi-device-op1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  },
  {
    id: 'moby-repository-not-found',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    registry: 'dockerhub',
    pattern: /repository \S{1,512}? not found: does not exist or no pull access/i,
    source: 'https://github.com/moby/moby/issues/30498',
    example:
      'Error response from daemon: repository myDockerHubUsername/myDockerHubRepo not found: does not exist or no pull access',
  },
  {
    id: 'podman-dockerhub-access-denied',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    registry: 'dockerhub',
    pattern:
      /reading manifest \S{1,256} in docker\.io\/\S{1,512}?: (?:errors: )?(?:denied: )?requested access to the resource is denied/i,
    source: 'https://github.com/jasonacox/Powerwall-Dashboard/issues/383',
    example:
      'Error: initializing source docker://jasonacox/weather41:0.2.2: reading manifest 0.2.2 in docker.io/jasonacox/weather41: requested access to the resource is denied',
  },
  {
    id: 'requested-access-denied',
    cause: 'repo_not_found',
    alternatives: DENIED_ALTERNATIVES,
    pattern: /requested access to the resource is denied/i,
    source: 'https://github.com/tusc/ntopng-udm/issues/1',
    example: 'denied: requested access to the resource is denied',
  },

  // 5. Platform (before "not found": containerd ends its platform error with ": not found"),
  //    then tag and repository not found.
  // Invalid manifest: the registry answered, with something this engine cannot pull.
  {
    // The image's config lists one diff ID per layer (rootfs.diff_ids) and the manifest one
    // descriptor per layer; when they disagree the engine refuses the image: moby's "layers from
    // manifest don't match image configuration" (distribution/pull_v2.go), containerd's
    // "mismatched image rootfs and manifest layers" (an artifact whose layers are not
    // filesystems, or an image a buggy tool pushed), and its unpacker's "number of layers and
    // diffIDs don't match" and "wrong diff id calculated on extraction" (containerd
    // core/unpack/unpacker.go: a layer unpacks to another digest than the config names, as when
    // a build mixed gzip and zstd layers or an old containerd reads an index's attestation
    // manifests as images). Re-pushing the image fixes it.
    id: 'manifest-layers-config-mismatch',
    cause: 'invalid_manifest',
    alternatives: ['registry_error'],
    pattern:
      /layers from manifest don't match image configuration|mismatched image rootfs and manifest layers|invalid rootfs in image configuration|number of layers and diffIDs don't match|wrong diff id calculated on extraction/i,
    source: 'https://github.com/RocketChat/hubot-rocketchat/issues/163',
    example:
      "latest: Pulling from rocketchat/hubot-rocketchat\ndb3c3ef6b10b: Pull complete\nlayers from manifest don't match image configuration",
  },
  {
    // A blob the manifest names is not in the registry (distribution's BLOB_UNKNOWN, "blob
    // unknown to registry"; moby's "unknown blob"; containerd's "content at …/blobs/… not
    // found"): its storage lost it, a mirror or pull-through cache holds a partial copy, or it
    // was never pushed. The config blob's case is blob-fetch-refused.
    // containerd's fetcher, when no host has the blob: "could not fetch content descriptor %v (%v)
    // from remote: not found" (remotes/docker/fetcher.go).
    id: 'blob-unknown',
    cause: 'registry_error',
    alternatives: ['invalid_manifest'],
    pattern:
      /\bunknown blob\b|\bblob unknown to registry\b|content at \S{1,2048}\/blobs\/sha256:[0-9a-f]{64} not found|could not fetch content (?:descriptor )?sha256:[0-9a-f]{64}\b.{0,200}? from remote: not found/i,
    source: 'https://github.com/gebangfeng/docker-mirror/issues/3',
    example:
      'docker pull dhub.kubesre.xyz/vdsm/virtual-dsm:latest\nlatest: Pulling from vdsm/virtual-dsm\n0f1faf5fa39a: Downloading\nunknown blob',
  },
  {
    // containers/image (image/unparsed.go) checks a manifest fetched for a digest against that
    // digest: the bytes served (or stored) are not the manifest named, e.g. one a registry or
    // mirror rewrote or converted. Its layers' checks are layer-digest-mismatch.
    id: 'manifest-digest-mismatch',
    cause: 'invalid_manifest',
    alternatives: ['registry_error'],
    // moby checks the same when it pulls by digest (distribution/pull_v2.go, "manifest
    // verification failed for digest %s").
    pattern:
      /Manifest does not match provided manifest digest|manifest verification failed for digest/i,
    source: 'https://github.com/containers/storage/issues/145',
    example:
      'Error: Manifest does not match provided manifest digest sha256:3181b2fff8cbdefa2302a04b1eb2273251749e9320d0083b807d32e9f0e18961',
  },
  {
    // moby 26+ refuses Docker schema 1 (distribution/pull_v2.go, the deprecation notice).
    id: 'schema1-disabled',
    cause: 'invalid_manifest',
    // Registries refuse it too (Artifactory: "Pulling Docker images with manifest v2 schema 1
    // to this repository is blocked", cilium/cilium#22493).
    pattern:
      /manifest version 2, schema 1 support (?:is|has been) (?:disabled|removed)|schema 1 (?:image|manifest)s? (?:are|is) (?:no longer supported|not supported)|\bv2,? schema ?1\b.{0,60}?\b(?:is|are) (?:blocked|disabled|deprecated|not supported|no longer supported|unsupported)\b/i,
    source: 'https://github.com/docker-library/mysql/issues/1096',
    example:
      'Error response from daemon: [DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default and will be removed in an upcoming release. Suggest the author of docker.io/library/mysql:5.6.17 to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. More information at https://docs.docker.com/go/deprecated-image-specs/',
  },
  {
    // The engine names Docker schema 1's media type (application/vnd.docker.distribution.
    // manifest.v1+json or +prettyjws) as one it will not read: containerd 2.1 removed the
    // converter ("media type %q is no longer supported since containerd v2.1"), moby's
    // containerd image store never had one ("… not supported", moby/moby#46513), and
    // go-containerregistry tools say "unsupported MediaType".
    id: 'schema1-media-type-refused',
    cause: 'invalid_manifest',
    pattern:
      /application\/vnd\.docker\.distribution\.manifest\.v1\+(?:prettyjws|json)"? (?:is )?(?:no longer supported|not supported|unsupported)\b/i,
    source: 'https://github.com/moby/moby/pull/46513',
    example:
      'Error response from daemon: application/vnd.docker.distribution.manifest.v1+prettyjws not supported',
  },
  {
    // containers/image (copy/single.go copySingleImage) says this when the instance it chose from
    // a manifest list is itself a list: a nested index, which it (Podman, Skopeo, CRI-O) does not
    // resolve ("could happen only if a manifest list contains a manifest list"). The publisher's
    // image is the problem; a per-platform tag or a flattened index pulls.
    id: 'nested-manifest-list',
    cause: 'invalid_manifest',
    pattern: /Unexpectedly received a manifest list instead of a manifest for a single image/i,
    source: 'https://github.com/Azure/AppConfiguration-Emulator/issues/102',
    example:
      'Error: unable to copy from source docker://mcr.microsoft.com/azure-app-configuration/app-configuration-emulator:1.1.0: copying system image from manifest list: Unexpectedly received a manifest list instead of a manifest for a single image',
  },
  {
    // containers/image before it learnt to pick one instance from a list (copy/copy.go, Image, at
    // 4466239eaee9: "can not copy %s: manifest contains multiple images"; aecf0108, 2017-09-16,
    // chose the instance for the platform instead): skopeo 0.1.24 and the tools built on it
    // (Atomic, orca-build) refuse every multi-arch tag. The image is fine; the tool is too old
    // for its manifest list (skopeo#416, cyphar/orca-build#17: a newer skopeo pulls it).
    id: 'copy-manifest-list-refused',
    cause: 'invalid_manifest',
    pattern: /can not copy \S{1,512}: manifest contains multiple images/i,
    source: 'https://github.com/podman-container-tools/skopeo/issues/416',
    example: 'FATA[0001] can not copy docker://busybox:latest: manifest contains multiple images',
  },
  {
    // distribution (registry/handlers/manifests.go) answers MANIFEST_UNKNOWN with this message
    // when the manifest exists but its format (OCI index or manifest) is not in the client's
    // Accept header: the engine or tool is too old for the image, nothing is missing. Its fixed
    // opening ("OCI index found, but accept header", also "OCI artifact found, …" where the
    // registry knows artifacts) is distribution's alone, so it is read without the rest, which a
    // console's wrap can cut mid-word (cf logs' indented lines).
    id: 'manifest-format-not-accepted',
    cause: 'invalid_manifest',
    pattern: /OCI (?:index|manifest|artifact) found, but accept header\b/i,
    source: 'https://github.com/UffizziCloud/uffizzi/issues/364',
    example:
      'Error: `MANIFEST_UNKNOWN","message":"OCI index found, but accept header does not support OCI indexes`',
  },
  {
    // A signed schema 1 manifest an engine cannot verify, or a format too new for an old engine.
    id: 'manifest-signatures',
    cause: 'invalid_manifest',
    pattern: /\bmissing signature key\b|\bctr: no signatures\b/i,
    source: 'https://github.com/containerd/containerd/issues/4344',
    example: 'ctr: no signatures',
  },
  {
    // moby before 20.10 reads only Docker schema 2 (distribution/pull_v2.go).
    id: 'manifest-media-type-mismatch',
    cause: 'invalid_manifest',
    pattern: /mediaType in manifest should be '[^']{0,120}' not '[^']{0,120}'/i,
    source: 'https://github.com/deconz-community/deconz-docker/issues/181',
    example:
      "mediaType in manifest should be 'application/vnd.docker.distribution.manifest.v2+json' not 'application/vnd.oci.image.manifest.v1+json'",
  },
  {
    // The tag resolved to a manifest list whose entry for this platform is missing (pushed
    // without its children, e.g. buildah manifest push without --all): containers-image then
    // reads the child by digest (copy/multiple.go "copying system image from manifest list"),
    // containerd's fetcher reports "content at <url> not found" after resolving the index.
    id: 'manifest-list-child-missing',
    cause: 'invalid_manifest',
    alternatives: ['tag_not_found'],
    pattern:
      /(?:copying system image from|choosing an image from) manifest list.{0,600}?reading manifest sha256:[0-9a-f]{64} in \S{1,512}?: manifest unknown|content at \S{1,2048}\/manifests\/sha256:[0-9a-f]{64} not found/i,
    source: 'https://github.com/containers/podlet/issues/82',
    example:
      'Error: copying system image from manifest list: determining manifest MIME type for docker://ghcr.io/containers/podlet:v0.3.0: reading manifest sha256:284fb19670b144bf507548406a07b563077d419de335c685d6d9607794596ceb in ghcr.io/containers/podlet: manifest unknown',
  },
  {
    // moby's v2 puller refuses what the tag points at when it is no image it can pull
    // (daemon/internal/distribution/errors.go, manifest.go): an OCI artifact's config class
    // ("Encountered remote %q(%s) when fetching", a Helm chart, a model), a manifest it cannot
    // parse ("unsupported manifest format", "media-type: cannot determine", a media type with
    // another kind's fields).
    id: 'moby-manifest-not-an-image',
    cause: 'invalid_manifest',
    pattern:
      /Encountered remote "[^"]{1,200}"\([\w.-]{1,40}\) when fetching|\bunsupported manifest format\b|AI models are not yet supported by the Engine|media-type: (?:"[^"]{1,200}" should not have|cannot determine)/i,
    source: 'https://github.com/moby/moby/blob/master/daemon/internal/distribution/errors.go',
    example:
      'Error response from daemon: Encountered remote "application/vnd.cncf.helm.config.v1+json"(helm) when fetching',
  },
  {
    // The registry refused or could not verify the manifest itself: distribution's MANIFEST_INVALID
    // ("manifest invalid") and MANIFEST_UNVERIFIED ("manifest failed signature verification"),
    // printed "code: message" by engines and upper-case by go-containerregistry; containerd
    // refuses a manifest over its size limit ("rejecting %d byte manifest for %s",
    // remotes/docker/resolver.go), which it reports as not found.
    id: 'manifest-refused',
    cause: 'invalid_manifest',
    alternatives: ['registry_error'],
    pattern:
      /\bmanifest[ _]invalid: manifest invalid\b|\bmanifest[ _]unverified: manifest failed signature verification\b|"code"\s?:\s?"MANIFEST_(?:INVALID|UNVERIFIED)"|rejecting \d{1,12} byte manifest for /i,
    source:
      'https://github.com/distribution/distribution/blob/main/registry/api/errcode/register.go',
    example: 'Error response from daemon: manifest invalid: manifest invalid',
  },
  {
    // moby/moby#44367: an OCI artifact (Helm chart, attestation) is not an image. A tool that
    // names a manifest or index media type it cannot read ("application/vnd.oci.image.manifest.v1
    // +json is not support[ed]", excitedplus1s/docker-tar#6) is the same: the format, not the pull.
    id: 'unsupported-media-type',
    cause: 'invalid_manifest',
    // Also moby's "unsupported manifest media type and no default available: <type>"
    // (podman-container-tools/podman#16200) and containerd's "reference for unknown type" /
    // "no processor for media-type" (containerd/containerd#4756, #8243), and go-containerregistry's
    // warning that a manifest came with a media type that is no image's (remote/descriptor.go,
    // "Unexpected media type for Image(): text/plain": a schema 1 manifest, an artifact).
    // containers/image's check that a Docker schema 2 manifest holds only Docker media types
    // ("unsupported docker v2s2 media type: %q", manifest/manifest.go SupportedSchema2MediaType:
    // an OCI manifest served or converted as Docker's), and the clients that name a manifest
    // media type or schema version they do not know (porto's TDockerImage, src/docker.cpp:
    // "Unknown manifest mediaType: %s" for an OCI index). BuildKit's walk of an image's children
    // (moby/buildkit util/imageutil/config.go childrenConfigHandler: "encountered unknown type %v;
    // children may not be fetched"; containerd's images.Children logs the same words as a
    // warning) names a manifest media type it has no handler for, as a schema 1 manifest served
    // as "application/json" (containerd/nerdctl#846).
    pattern:
      /unsupported (?:docker v2s2 |manifest )?(?:media ?type|MediaType)\b|\bunknown manifest (?:media ?type|schemaVersion)\b|invalid mediaType in manifest|reference for unknown type: [\w.+/-]{1,200}|\bencountered unknown type (?:application|text)\/[\w.+-]{1,200}|no processor for media-type|Unexpected media type for Image\(\)|application\/vnd\.(?:oci\.image|docker\.distribution)\.(?:manifest|index)[\w.+-]{0,40}"? (?:is )?not support(?:ed)?\b/i,
    source: 'https://github.com/moby/moby/pull/44367',
    example: 'unsupported media type application/vnd.cncf.helm.config.v1+json',
  },
  {
    // containers/image (Podman, Buildah, Skopeo, CRI-O) reading an OCI artifact's config as an
    // image's: NonImageArtifactError, "unsupported image-specific operation on artifact with type
    // %q" (internal/manifest/errors.go). The reference is a Helm chart or another artifact, not
    // an image: pull it with its own tool.
    id: 'containers-image-artifact-not-image',
    cause: 'invalid_manifest',
    pattern: /unsupported image-specific operation on artifact with type "?[\w.+/-]{1,200}/i,
    source: 'https://github.com/openSUSE/cooverview/issues/20',
    example:
      'Error: parsing image configuration: unsupported image-specific operation on artifact with type "application/vnd.cncf.helm.config.v1+json"',
  },

  {
    id: 'no-matching-manifest',
    cause: 'platform_mismatch',
    // moby distribution/pull_v2.go; pastes often keep only the head of it.
    pattern:
      /no matching manifest for (?:unknown|(?:linux|windows|darwin|freebsd)\/[\w/.-]{1,60})(?: in the manifest list entries)?/i,
    source: 'https://github.com/caprover/caprover/issues/1378',
    example: 'no matching manifest for linux/arm64/v8 in the manifest list entries',
  },
  {
    // moby: the image's OS is not the engine's (Windows containers mode pulling a Linux image,
    // or the reverse); switching Docker Desktop's container mode is the fix.
    id: 'image-os-not-supported',
    cause: 'platform_mismatch',
    // Also pull_v2.go's check of the image config against the layer store's OS: "cannot download
    // image with operating system %q when requesting %q".
    pattern:
      /image operating system "?\w{1,20}"? cannot be used on this platform|cannot download image with operating system "?\w{1,20}"? when requesting/i,
    source: 'https://github.com/spujadas/elk-docker/issues/215',
    example:
      'Pulling from sebp/elk\nimage operating system "linux" cannot be used on this platform',
  },
  {
    // moby's image lookup (daemon/images): the image is in the store, but built for another
    // platform than the one asked for (--platform, DOCKER_DEFAULT_PLATFORM, compose's platform:).
    // The containerd image store words it "… was found but does not provide the specified
    // platform (<p>)" (daemon/containerd/image.go, errPlatformNotFound).
    id: 'image-found-for-other-platform',
    cause: 'platform_mismatch',
    pattern:
      /image with reference \S{1,512} was found but (?:(?:its platform \([^)]{1,80}\) )?does not match the specified platform|does not provide (?:the specified|any) platform)/i,
    source: 'https://github.com/coze-dev/coze-studio/issues/415',
    example:
      'Error response from daemon: image with reference opencoze/opencoze:latest was found but does not match the specified platform: wanted linux/amd64, actual: linux/arm64/v8',
  },
  {
    id: 'no-supported-platform',
    cause: 'platform_mismatch',
    pattern: /no supported platform found in manifest list/i,
    source: 'https://github.com/docker-library/official-images/issues/3835',
    example: 'no supported platform found in manifest list',
  },
  {
    id: 'containerd-no-match-for-platform',
    cause: 'platform_mismatch',
    pattern: /no match for (?:current )?platform(?: [\w/.-]{1,60})? in manifest/i,
    source: 'https://github.com/containerd/containerd/issues/7439',
    example:
      'rpc error: code = NotFound desc = failed to pull and unpack image \\"mcr.microsoft.com/windows/nanoserver:ltsc2022\\": no match for platform in manifest: not found',
  },
  {
    id: 'podman-no-image-for-architecture',
    cause: 'platform_mismatch',
    // go-containerregistry's index lookup says "no child with platform %+v in index %s"
    // (pkg/v1/remote/index.go).
    pattern:
      /no image found in (?:manifest list|image index) for architecture|no child with platform \{?[^}]{0,300}\}? in index/i,
    source: 'https://github.com/Budibase/budibase/issues/11442',
    example:
      'Error: choosing an image from manifest list docker://budibase/budibase:latest: no image found in image index for architecture amd64, variant "", OS linux',
  },
  {
    // The kubelet's dockershim-era wording (kubernetes 1.1–1.5).
    id: 'tag-not-found-in-repository',
    cause: 'tag_not_found',
    pattern: /Tag [\w.-]{1,128} not found in repository \S{1,512}/i,
    source: 'https://github.com/UKHomeOffice/kb8or/issues/68',
    example:
      'Failed to pull image "quay.io/ukhomeofficedigital/s3registry:v2.0.0-bob": image pull failed for quay.io/ukhomeofficedigital/s3registry:v2.0.0-bob, this may be because there are no credentials on this request.  details: (Tag v2.0.0-bob not found in repository quay.io/ukhomeofficedigital/s3registry)',
  },
  {
    // Docker 1.x's v1 pull (graph/pull_v1.go): the index answered 404 for the repository,
    // "Error: image <name>[:<tag>] not found". Docker Hub's v1 index answered a private
    // repository pulled without a login the same way, so that stays an alternative.
    id: 'v1-image-not-found',
    cause: 'repo_not_found',
    alternatives: ['no_credentials'],
    pattern: /Error: image [\w./:-]{1,512} not found/i,
    source: 'https://github.com/rubyomr-preview/rubyomr-preview/issues/3',
    example:
      'Pulling repository docker.io/library/rubyomrpreview Error: image library/rubyomrpreview:rubyomrpreview not found',
  },
  {
    id: 'manifest-for-not-found',
    cause: 'tag_not_found',
    // distribution answers a missing repository with MANIFEST_UNKNOWN too (seen with
    // docker-registry 2.8): the engine's words cannot tell a missing tag from a missing repository.
    alternatives: ['repo_not_found'],
    // moby's v2 puller says "image manifest does not exist for tag or digest %q" (pull_v2.go).
    pattern: /manifest for \S{1,512}? not found|image manifest does not exist for tag or digest/i,
    source: 'https://github.com/ivangabriele/dockfish/issues/13',
    example:
      'Error response from daemon: manifest for ivangabriele/dockfish:latest not found: manifest unknown: manifest unknown',
  },
  {
    id: 'podman-manifest-unknown',
    cause: 'tag_not_found',
    pattern: /reading manifest \S{1,256} in \S{1,512}?: manifest unknown/i,
    source: 'https://github.com/ricoberger/script_exporter/issues/182',
    example:
      'Error: initializing source docker://ghcr.io/ricoberger/script_exporter:dev: reading manifest dev in ghcr.io/ricoberger/script_exporter: manifest unknown',
  },
  {
    // Quay (endpoints/v2/manifest.py) names a tag that existed but was deleted or reached its
    // expiry, under the generic "unknown" code: the tag is gone, the repository is not.
    id: 'quay-tag-expired',
    cause: 'tag_not_found',
    // Without a tag name, TAG_EXPIRED's default message is "Tag has expired" (endpoints/v2/errors.py).
    pattern: /Tag \S{1,128} was deleted or has expired|\bunknown: Tag has expired\b/i,
    source: 'https://github.com/tinkerbell/actions/issues/84',
    example:
      'Error response from daemon: unknown: Tag v1.0.0 was deleted or has expired. To pull, revive via time machine',
  },
  {
    // Quay's InvalidLogin (endpoints/v2/errors.py: UNAUTHORIZED, "Specified credentials are
    // invalid"): the username, password or robot token sent was refused.
    id: 'quay-invalid-login',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials'],
    pattern: /\bSpecified credentials are invalid\b/i,
    source: 'https://github.com/quay/quay/blob/master/endpoints/v2/errors.py',
    example:
      '{"errors":[{"code":"UNAUTHORIZED","detail":{},"message":"Specified credentials are invalid"}]}',
  },
  {
    // Harbor's NOT_FOUND error for a reference its database has no artifact for ("artifact
    // <repo>:<tag> not found"); the repository may be missing too.
    id: 'harbor-artifact-not-found',
    cause: 'tag_not_found',
    alternatives: ['repo_not_found'],
    // Its proxy cache says the same of an upstream tag it cannot find: "repo %v, tag %v not
    // found" (controller/proxy/controller.go), "the tag %v:%v is not found"
    // (server/middleware/repoproxy/proxy.go).
    pattern:
      /unknown: (?:artifact [\w./-]{1,256}[:@][\w.:-]{1,160} not found|repo [\w./-]{1,256}, tag [\w.-]{1,128} not found|the tag [\w./-]{1,256}:[\w.-]{1,128} is not found)/i,
    source: 'https://github.com/goharbor/harbor/issues/17852',
    example:
      'Error response from daemon: unknown: artifact projectname/imagename:v3-centosrepo_cve_fix not found',
  },
  {
    // Harbor's NOT_FOUND for the repository or project itself (pkg/repository/manager.go
    // "repository %s not found", pkg/project/dao "project %s not found"), which engines print
    // under the generic "unknown:" code.
    id: 'harbor-repository-not-found',
    cause: 'repo_not_found',
    pattern: /unknown: (?:repository|project) [\w./-]{1,256} not found/i,
    source: 'https://github.com/goharbor/harbor/blob/main/src/pkg/repository/manager.go',
    example: 'Error response from daemon: unknown: repository library/acme-tool not found',
  },
  {
    id: 'name-unknown',
    cause: 'repo_not_found',
    // distribution's NAME_UNKNOWN, as engines print it ("name unknown: …") and as
    // go-containerregistry tools do ("NAME_UNKNOWN: repository name not known to registry").
    // Also NAME_INVALID ("name invalid: invalid repository name"): the registry refuses the name
    // itself, so no repository by that name can be pulled there.
    pattern:
      /\bname[ _]unknown\b|repository name not known to registry|\bname[ _]invalid: invalid repository name\b|"code"\s?:\s?"NAME_INVALID"/i,
    source: 'https://github.com/podman-container-tools/podman/issues/9990',
    example:
      'Error initializing source docker://registry.opensuse.org/sonartype/nexus3:latest: Error reading manifest latest in registry.opensuse.org/sonartype/nexus3: name unknown',
  },
  {
    // The image name itself does not parse (distribution/reference, which docker, the kubelet and
    // containerd use): "invalid reference format", "repository name must be lowercase", "invalid
    // tag format". No registry was asked; no repository can have that name, so the name is what
    // to check (the kubelet reports it as InvalidImageName: "Failed to apply default image tag").
    id: 'invalid-reference-format',
    cause: 'repo_not_found',
    alternatives: ['tag_not_found'],
    pattern:
      /\binvalid reference format\b|\brepository name (?:\([^)]{1,256}\) )?must be lowercase\b|\binvalid tag format\b/i,
    source: 'https://github.com/distribution/reference/blob/main/reference.go',
    example:
      'docker: Error response from daemon: invalid reference format: repository name (acme/MyApp) must be lowercase.',
  },
  {
    // Podman, Buildah, Skopeo and CRI-O resolve a name without a registry only through an alias
    // or the unqualified-search registries of registries.conf (containers/image
    // pkg/shortnames/shortnames.go, Resolve): with neither, no registry was asked and the name as
    // written names no repository; the fix is the fully qualified name (docker.io/library/…).
    id: 'short-name-unresolved',
    cause: 'repo_not_found',
    pattern:
      /short-name "[^"\s]{1,256}" did not resolve to an alias and no (?:unqualified-search registries are defined|containers-registries\.conf)/i,
    source: 'https://github.com/containers/image/blob/main/pkg/shortnames/shortnames.go',
    example:
      'Error: short-name "nginx:latest" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"',
  },
  {
    // containerd's 404 on the manifest cannot tell a missing tag from a missing repository,
    // and GHCR answers a private package that way too (sympozium-ai/sympozium#207).
    id: 'containerd-not-found',
    cause: 'tag_not_found',
    alternatives: ['repo_not_found', 'no_credentials'],
    // BuildKit's dockerfile.v0 frontend reports the same resolver error as "failed to create
    // LLB definition: <ref>: not found" (docker/buildx#1031).
    pattern:
      /failed to resolve (?:reference|source metadata for) \S{1,512} \S{1,512} not found|failed to create LLB definition: [\w][\w.:/@-]{0,400}: not found/i,
    source: 'https://github.com/cvisionai/tator/issues/439',
    example:
      'Failed to pull image "cvisionai/tator_online:b51d8990fc4c560c0a2c64d6ddd753aedb9bdeab": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/cvisionai/tator_online:b51d8990fc4c560c0a2c64d6ddd753aedb9bdeab": failed to resolve reference "docker.io/cvisionai/tator_online:b51d8990fc4c560c0a2c64d6ddd753aedb9bdeab": docker.io/cvisionai/tator_online:b51d8990fc4c560c0a2c64d6ddd753aedb9bdeab: not found',
  },
  {
    id: 'manifest-unknown',
    cause: 'tag_not_found',
    pattern: /\bmanifest[ _]unknown\b|manifest unknown to registry/i,
    source: 'https://github.com/devcontainers/template-starter/issues/50',
    example: 'Error response from daemon: manifest unknown',
  },
  {
    // A bare 404 to a manifest request: the distribution spec answers a missing tag
    // (MANIFEST_UNKNOWN) or repository (NAME_UNKNOWN) with 404, and a HEAD has no body to say
    // which (go-containerregistry: "(HEAD responses have no body, use GET for details)").
    id: 'manifest-http-404',
    cause: 'tag_not_found',
    alternatives: ['repo_not_found'],
    pattern:
      /\/manifests\/[^\s"]{1,256}"?:? (?:unexpected status code |received unexpected HTTP status: )?404 Not Found/i,
    source: 'https://github.com/deckhouse/k8s-image-availability-exporter/pull/46',
    example:
      'HEAD https://registry.example.io/v2/my-example/manifests/my-tag: unexpected status code 404 Not Found (HEAD responses have no body, use GET for details)',
  },

  // 6. Generic authentication wordings.
  {
    id: 'invalid-username-password',
    cause: 'bad_credentials',
    // containers/image's "invalid username/password" and a registry's own "Invalid Username or
    // Password" (Docker Hub's login endpoint, hub-feedback#1098) both refuse the stored pair.
    // containers/image says it for any 401 to its token request (docker/errors.go,
    // httpResponseToError: ErrUnauthorizedForCredentials), also one that carried no credential
    // (docker/docker_client.go, getBearerToken sets Basic auth only with a username and password):
    // with nothing stored for the host, a missing login (read-message.ts breaks that tie).
    alternatives: ['no_credentials'],
    pattern: /invalid username(?:\/| or )password/i,
    source: 'https://github.com/podman-container-tools/podman/issues/1963',
    example:
      'Error: unable to pull docker://docker.io/library/alpine:latest: unable to pull image: Error determining manifest MIME type for docker://alpine:latest: unable to retrieve auth token: invalid username/password',
  },
  {
    id: 'incorrect-username-password',
    cause: 'bad_credentials',
    registry: 'dockerhub',
    pattern: /incorrect username or password/i,
    source: 'https://github.com/firstbatchxyz/dkn-compute-launcher/issues/1',
    example:
      'Error response from daemon: Head "https://registry-1.docker.io/v2/firstbatch/dkn-compute-node/manifests/latest": unauthorized: incorrect username or password',
  },
  {
    // The registry's challenge names the token itself as bad (RFC 6750 error="invalid_token"):
    // a stale or wrong-service token, not a missing repository.
    id: 'invalid-token',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials'],
    pattern: /error="?invalid_token"?/i,
    source: 'https://github.com/docker/docs/issues/11662',
    example:
      '< HTTP/1.1 401 Unauthorized\n< Www-Authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:ratelimitpreview/test:pull",error="invalid_token"\n{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository","Class":"","Name":"ratelimitpreview/test","Action":"pull"}]}]}',
  },
  {
    // containerd and BuildKit ask for an OAuth token only when a credential is set
    // (remotes/docker/authorizer.go: `if to.Secret != ""` → "failed to fetch oauth token", else
    // "failed to fetch anonymous token"): a 401 or 403 there refuses that credential.
    id: 'oauth-token-unauthorized',
    cause: 'bad_credentials',
    alternatives: ['expired_credentials'],
    pattern:
      /failed to fetch oauth token: unexpected status(?: from \w{1,10} request to \S{1,2048})?: 40[13]\b/i,
    source: 'https://github.com/skjerns/3dprintedbrain_docker/issues/5',
    example:
      'ERROR: failed to solve: freesurfer/freesurfer:7.4.1: failed to resolve source metadata for docker.io/freesurfer/freesurfer:7.4.1: failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Afreesurfer%2Ffreesurfer%3Apull&service=registry.docker.io: 401 Unauthorized',
  },
  {
    // The anonymous token was refused: the registry or repository wants a login.
    id: 'anonymous-token-denied',
    cause: 'no_credentials',
    alternatives: ['repo_not_found'],
    pattern:
      /failed to fetch anonymous token: unexpected status(?: from \w{1,10} request to \S{1,2048})?: 40[13]\b/i,
    source: 'https://github.com/nloui/paperless-mcp/issues/10',
    example:
      'Failed to pull image "ghcr.io/nloui/paperless-mcp:latest": failed to pull and unpack image "ghcr.io/nloui/paperless-mcp:latest": failed to resolve reference "ghcr.io/nloui/paperless-mcp:latest": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Anloui%2Fpaperless-mcp%3Apull&service=ghcr.io: 403 Forbidden',
  },
  {
    // distribution's error body (registry/api/errcode: {"errors":[{"code":"UNAUTHORIZED",
    // "message":"authentication required", "detail":[{"Type":"repository","Name":…,
    // "Action":"pull"}]}]}) as tools that talk to the registry directly print it: raw or
    // JSON-escaped inside their own log line, or as go-containerregistry's Diagnostic
    // ("UNAUTHORIZED: authentication required; [map[Action:pull … Type:repository]]",
    // remote/transport/error.go). The registry names the access the request's token lacks: the
    // request carried no usable credential for that repository. Before authentication-required,
    // whose words this contains: on Docker Hub that bare wording is also an outage, but a token
    // refused for one named repository is that repository being private (or missing) to this
    // client.
    id: 'errcode-unauthorized-body',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'expired_credentials', 'repo_not_found'],
    // A terminal may wrap the escaped body anywhere, so a space may follow each backslash run.
    // The detail naming the repository is what this rests on: a body without one (Quay's
    // {"code":"UNAUTHORIZED","detail":{},"message":"Specified credentials are invalid"}) says
    // no more than its message, which unwrap-paste.ts prints as an engine would.
    pattern:
      /\\*\s?"code\\*\s?"\s?:\s?\\*\s?"UNAUTHORIZED\\*\s?"(?:(?!\}\s?\]).){0,600}?\\*\s?"Type\\*\s?"\s?:\s?\\*\s?"repository|\bUNAUTHORIZED: [^;]{1,200}; \[map\[/,
    source: 'https://github.com/keel-hq/keel/issues/306',
    example:
      'time="2018-11-14T00:41:30Z" level=error msg="trigger.poll.RepositoryWatcher.Watch: failed to add image watch job" error="Get https:/\n/index.docker.io/v2/goabout/automat/manifests/master: http: non-successful response (status=401 body=\\"{\\\\\\"errors\\\\\\":[{\\\\\\"code\\\\\\\n":\\\\\\"UNAUTHORIZED\\\\\\",\\\\\\"message\\\\\\":\\\\\\"authentication required\\\\\\",\\\\\\"detail\\\\\\":[{\\\\\\"Type\\\\\\":\\\\\\"repository\\\\\\",\\\\\\"Class\\\\\\\n":\\\\\\"\\\\\\",\\\\\\"Name\\\\\\":\\\\\\"goabout/automat\\\\\\",\\\\\\"Action\\\\\\":\\\\\\"pull\\\\\\"}]}]}\\\\n\\")" image="namespace:default,image:index.docker.\nio/goabout/automat,provider:kubernetes,trigger:poll,sched:@every 5m,secrets:[]"',
  },
  {
    id: 'authentication-required',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'expired_credentials'],
    pattern: /unauthorized: authentication required/i,
    source: 'https://github.com/podman-container-tools/podman/issues/9619',
    example:
      'Error: initializing source docker://oci.recv.ws/thelounge:latest: reading manifest latest in reg.example.com/tor: unauthorized: authentication required',
  },
  {
    // Jib's RegistryUnauthorizedException, for a registry's 401 or 403 (RegistryEndpointCaller).
    id: 'jib-unauthorized',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'insufficient_scope'],
    pattern: /RegistryUnauthorizedException: Unauthorized for \S{1,512}/i,
    source: 'https://github.com/GoogleContainerTools/jib/issues/542',
    example:
      'Caused by: com.google.cloud.tools.jib.registry.RegistryUnauthorizedException: Unauthorized for 192.168.156.116/zhaofeng/nginx',
  },
  {
    // containers/image: the token endpoint refused an anonymous request (a closed registry). A
    // 401 there is ErrUnauthorizedForCredentials ("invalid username/password"); any other status
    // is wrapped "Requesting bearer token: <status>" (docker/docker_client.go), worded "invalid
    // status code from registry %d (%s)" before containers/image 5.x and "received unexpected
    // HTTP status: %s" since (docker/distribution_error.go). Before http-403, which it contains.
    id: 'bearer-token-refused',
    cause: 'no_credentials',
    alternatives: ['bad_credentials'],
    pattern:
      /Requesting bear(?:er)? token: (?:invalid status code from registry|received unexpected HTTP status:) 40[13]/i,
    source: 'https://github.com/TimeEval/TimeEval/issues/56',
    example:
      'Error: error creating build container: initializing source docker://registry.gitlab.hpi.de/akita/i/pyod:0.2.5: Requesting bear token: invalid status code from registry 403 (Forbidden)',
  },
  {
    id: 'http-401',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'expired_credentials'],
    pattern: /\b401 Unauthorized\b/i,
    source: 'https://github.com/kubernetes/kubernetes/issues/110678',
    example:
      'Failed to pull image "registry.app.xxx.net/XXXXX/partsgo42:GitActionsNew-2e7e78f7bb157128f1853b0dc06bf7ccd13156d7": rpc error: code = Unknown desc = failed to pull and unpack image "registry.app.xxx.net/spm2fog/partsgo42:GitActionsNew-2e7e78f7bb157128f1853b0dc06bf7ccd13156d7": failed to resolve reference "registry.app.xxx.net/spm2fog/partsgo42:GitActionsNew-2e7e78f7bb157128f1853b0dc06bf7ccd13156d7": pulling from host registry.app.xxx.net failed with status code [manifests GitActionsNew-2e7e78f7bb157128f1853b0dc06bf7ccd13156d7]: 401 Unauthorized',
  },
  {
    // docker 1.x's v1 pull (registry/session.go, GetRepositoryData, removed in moby 3f7c62f6f6dd):
    // the index answered 401 as "unauthorized" and 404 as "HTTP code: 404", so a 403 printed as
    // "Error: Status 403 trying to pull repository %s: %q" is a repository that exists and
    // refused this client: a private one pulled without a login first (Quay's "Permission
    // Denied"), or a login that may not read it. Registries' own words in the body come first.
    id: 'v1-status-403',
    cause: 'no_credentials',
    alternatives: ['insufficient_scope', 'bad_credentials'],
    pattern: /\bError: Status 403 trying to pull repository\b/i,
    source: 'https://github.com/harbur/docker-sdlc/issues/2',
    example:
      ' Pulling repository quay.io/harbur/jenkins\n Error: Status 403 trying to pull repository harbur/jenkins: "{\\"error\\": \\"Permission Denied\\"}"',
  },
  {
    // A 403 does not say whether a credential was sent: anonymous pulls of private images get it too.
    id: 'http-403',
    cause: 'insufficient_scope',
    alternatives: ['no_credentials', 'repo_not_found'],
    pattern: /\b403 Forbidden\b/i,
    source: 'https://github.com/LeoMartinDev/voy/issues/3',
    example:
      'Error response from daemon: unknown: failed to resolve reference "ghcr.io/leomartindev/voy:latest": unexpected status from HEAD request to https://ghcr.io/v2/leomartindev/voy/manifests/latest: 403 Forbidden',
  },
  {
    // moby 28+ prints the registry's own error as "error from registry: <message>" (then the
    // detail on the next line): DENIED, with no more words, is a refusal for this repository
    // that does not say whether a login, a better one or a different name is needed. GHCR's is
    // read by the host (read-message.ts).
    id: 'registry-error-denied',
    cause: 'insufficient_scope',
    alternatives: ['no_credentials', 'bad_credentials'],
    pattern: /error from registry: denied(?![:\w])/i,
    source: 'https://github.com/wolffcatskyy/crowdsec-blocklist-import/issues/60',
    example: 'Error response from daemon: error from registry: denied\ndenied',
  },
  {
    // The same print of UNAUTHORIZED with no message: the registry wants a (working) login.
    id: 'registry-error-unauthorized',
    cause: 'no_credentials',
    alternatives: ['bad_credentials', 'expired_credentials', 'repo_not_found'],
    pattern: /error from registry: unauthorized(?![:\w])/i,
    source: 'https://github.com/ogham-mcp/ogham-mcp/issues/5',
    example:
      'docker pull ghcr.io/ogham-mcp/ogham-mcp\nUsing default tag: latest\nError response from daemon: error from registry: unauthorized\nunauthorized',
  },
  {
    // distribution's DENIED errcode with the registry's own message in place of "requested
    // access to the resource is denied" (errcode/errors.go, Error(): "<code>: <message>"), after
    // the manifest request the engine names: NGC's "denied: Please accept license …" and its
    // JSON body "denied: {"errors": [{"code": "DENIED", …}]}". A refusal of this repository that
    // does not say which login it wants; the host and the store decide (read-message.ts). The
    // registries whose "denied: <message>" says more (GHCR, GitLab, GAR, Docker Hub) come first.
    id: 'manifest-denied-message',
    cause: 'insufficient_scope',
    alternatives: ['no_credentials', 'bad_credentials'],
    pattern: /\/manifests\/[^\s"']{1,256}["']?: denied: (?!denied\b)\S/i,
    source: 'https://github.com/NVIDIA/Model-Optimizer/pull/1559',
    example:
      'Error response from daemon: Head "https://nvcr.io/v2/nvidia/nemo/manifests/26.04":\ndenied: Please accept license on the browser to be able to download',
  },
  {
    id: 'daemon-denied',
    cause: 'insufficient_scope',
    alternatives: ['no_credentials', 'bad_credentials'],
    pattern: /Error response from daemon: denied(?![:\w])/i,
    source: 'https://github.com/bsubio/cli/issues/105',
    example: 'Error response from daemon: denied',
  },

  // 7. Network: proxy, TLS, DNS, timeout, unreachable.
  // The registry failed: 5xx, or a body that is not the API's JSON (an outage page).
  {
    // The registry (or its token service) answered, but not as the protocol says: containerd's
    // "authorization server did not include a token in the response" and "unable to decode token
    // response" (remotes/docker/auth/fetch.go: a page where JSON was due), "no realm specified for
    // token auth challenge", a Docker-Content-Digest that is no digest ("%q in header not a valid
    // digest", resolver.go), and a redirect loop (Go's and containerd's "stopped after 10
    // redirects"), and distribution's client (which moby pulls with, internal/client) finding a
    // manifest without Content-Type or Content-Length, a realm that is no URL, or a range request
    // answered whole ("expected HTTP 206 from byte range request"). Something in front of the
    // registry (or the registry) is misconfigured.
    id: 'registry-answer-malformed',
    cause: 'registry_error',
    alternatives: ['proxy'],
    pattern:
      /authorization server did not include a token in the response|unable to decode token response: |no realm specified for token auth challenge|"[^"\s]{1,200}" in header not a valid digest|stopped after 10 redirects|invalid token auth challenge realm|missing or empty Content-(?:Type|Length) header|expected HTTP 206 from byte range request/i,
    source: 'https://github.com/containerd/containerd/blob/main/core/remotes/docker/auth/fetch.go',
    example:
      'failed to resolve reference "registry.corp.example/team/app:1.0": failed to authorize: authorization server did not include a token in the response',
  },
  {
    // The reverse scheme mismatch: the client spoke plain HTTP to a TLS port (an insecure-registry
    // entry, or an http:// scheme, for a registry that serves HTTPS), and the server said so in
    // its 400 body: Go's net/http server ("Client sent an HTTP request to an HTTPS server.",
    // server.go) and nginx ("400 The plain HTTP request was sent to HTTPS port",
    // ngx_http_special_response.c). Before registry-5xx and the non-JSON rule, which hold it.
    id: 'plain-http-to-https-port',
    cause: 'insecure_registry',
    pattern:
      /Client sent an HTTP request to an HTTPS server|The plain HTTP request was sent to HTTPS port/i,
    source: 'https://github.com/google/go-containerregistry/issues/1405',
    example:
      'crane.Pull function failed, err : GET http://192.168.0.105:443/v2/: unexpected status code 400 Bad Request: <html>\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>',
  },
  {
    // distribution's UNAVAILABLE errcode (registry/api/errcode/register.go, "service
    // unavailable"), as engines print it ("unavailable: …") and go-containerregistry does
    // ("UNAVAILABLE: …"): the registry says it is down.
    id: 'errcode-unavailable',
    cause: 'registry_error',
    // The raw JSON body too ({"errors":[{"code":"UNAVAILABLE",…}]}).
    pattern: /\bunavailable: service unavailable\b|"code"\s?:\s?"UNAVAILABLE"/i,
    source:
      'https://github.com/distribution/distribution/blob/main/registry/api/errcode/register.go',
    example: 'Error response from daemon: unavailable: service unavailable',
  },
  {
    // docker 1.x's v1 client (registry/session.go, GetRemoteTag and GetRemoteTags) returns a
    // network error at once and skips an endpoint only when it *answered* with a status other
    // than 200 or 404; this is what it says when every endpoint did. The registry answered and
    // failed (a 5xx in an outage), or refused (a 401/403); docker before 1.3 also skipped an
    // endpoint it could not reach.
    id: 'v1-no-endpoint-answered',
    cause: 'registry_error',
    alternatives: ['no_credentials', 'unreachable'],
    pattern: /\bCould not reach any registry endpoint\b/i,
    source: 'https://github.com/aws/amazon-ecs-agent/issues/719',
    example: 'CannotPullContainerError: Could not reach any registry endpoint',
  },
  {
    // Sonatype Nexus, proxying a registry, stops asking an upstream that failed: its
    // BlockingHttpClient throws "Remote Auto Blocked until <time>" (or "Remote Manually Blocked",
    // an admin's switch), which the engine relays inside a 500 ("unknown: Remote Auto Blocked
    // …"). The registry in between cannot reach its upstream: the registry's failure.
    id: 'nexus-remote-blocked',
    cause: 'registry_error',
    alternatives: ['unreachable'],
    pattern: /\bRemote (?:Auto Blocked until|Manually Blocked)\b/i,
    source: 'https://github.com/osism/testbed/issues/2357',
    example:
      'Error Message: 500 Server Error: Internal Server Error for url: http+docker://localhost/v1.45/images/create?tag=2023.2&fromImage=nexus.testbed.osism.xyz%3A8193%2Fkolla%2Fkeystone-fernet: Internal Server Error ("unknown: Remote Auto Blocked until 2024-08-13T07:45:05.681Z")',
  },
  {
    // Also containers/image's "invalid status code from registry %d (%s)" (docker_client.go, the
    // ping and the bearer-token request) and docker 1.x's v1 client "HTTP code: %d"
    // (registry/session.go).
    id: 'registry-5xx',
    cause: 'registry_error',
    pattern:
      /received unexpected HTTP status: 5\d\d|bad response from registry: 5\d\d|invalid status code from registry 5\d\d\b|\bHTTP code: 5\d\d\b|unexpected status code (?:\S{1,2048}: )?(?:400 Bad Request|5\d\d)\b|\b(?:500 Internal Server Error|502 Bad Gateway|503 Service (?:Temporarily )?Unavailable|504 Gateway Time-?out)\b/i,
    source: 'https://github.com/docker/hub-feedback/issues/1897',
    example:
      '$ docker pull ubuntu:latest\nError response from daemon: received unexpected HTTP status: 503 Service Unavailable',
  },
  {
    // 408 Request Timeout: the request did not reach the registry whole in time (often MTU or
    // a middlebox), whatever the body; before the non-JSON rule that would call it an outage.
    id: 'http-408',
    cause: 'timeout',
    alternatives: ['registry_error'],
    pattern: /error parsing HTTP 408 response body|\b408 Request Time-?out\b/i,
    source: 'https://github.com/moby/moby/issues/39223',
    example:
      "error parsing HTTP 408 response body: invalid character '<' looking for beginning of value: \"<html><body><h1> 408 Request Time-out </h1>\\nYour browser didn't send a complete request in time.\\n</body></html>\\n\\n\"",
  },
  {
    id: 'registry-non-json-error',
    cause: 'registry_error',
    pattern: /error parsing HTTP \d{3} response body: invalid character/i,
    source: 'https://github.com/docker/hub-feedback/issues/1693',
    example:
      'error parsing HTTP 404 response body: invalid character \'p\' after top-level value: "404 page not found\\n"',
  },
  {
    id: 'proxyconnect',
    cause: 'proxy',
    // Go's SOCKS dialer (net/http's bundled socks, golang.org/x/net/internal/socks) names its op
    // "socks connect": a socks5:// proxy that failed the same way.
    pattern: /\bproxyconnect tcp\b|\bsocks connect tcp\b/i,
    source: 'https://github.com/docker/for-win/issues/12725',
    example:
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": proxyconnect tcp: dial tcp 192.168.65.1:3128: connect: connection refused',
  },
  {
    id: 'proxy-connect-error',
    cause: 'proxy',
    pattern: /error connecting to proxy/i,
    source: 'https://github.com/docker-archive-public/docker.kitematic/issues/3611',
    example:
      'Error while pulling image: Get https://index.docker.io/v1/repositories/gitlab/gitlab-ce/images: http: error connecting to proxy http://127.0.0.1:53847: dial tcp 127.0.0.1:53847: getsockopt: connection refused',
  },
  {
    // Other clients' words for a proxy that failed the tunnel: urllib3's ProxyError ("Unable to
    // connect to proxy", formerly "Cannot connect to proxy."), curl's ("Could not resolve proxy:
    // %s", "CONNECT tunnel failed, response %d", formerly "Received HTTP code %d from proxy after
    // CONNECT"). Before the resolver, timeout and refusal rules, whose words they wrap.
    id: 'proxy-client-words',
    cause: 'proxy',
    pattern:
      /\b(?:Unable to|Cannot) connect to proxy\b|\bCould not resolve proxy: |\bCONNECT tunnel failed, response \d{3}|\bReceived HTTP code \d{3} from proxy after CONNECT/i,
    source: 'https://github.com/urllib3/urllib3/blob/main/src/urllib3/connection.py',
    example:
      "requests.exceptions.ProxyError: HTTPSConnectionPool(host='registry-1.docker.io', port=443): Max retries exceeded with url: /v2/ (Caused by ProxyError('Unable to connect to proxy', NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3c>: Failed to establish a new connection: [Errno 111] Connection refused')))",
  },
  {
    id: 'proxy-authentication-required',
    cause: 'proxy',
    pattern: /Proxy Authentication Required/i,
    source: 'https://github.com/docker/hub-feedback/issues/826',
    example:
      'Error while pulling image: Get https://index.docker.io/v1/repositories/library/hello-world/images: Proxy Authentication Required',
  },
  {
    // Go's transport turns a proxy's non-200 answer to CONNECT into an error holding only the
    // reason phrase (net/http transport.go: `errors.New(f[1])` of resp.Status), so
    // `Get "https://…": Service Unavailable` is a proxy — the user's or Docker Desktop's
    // built-in one — refusing the tunnel, never the registry (whose answers carry a code or
    // an error body). 5xx: the proxy cannot reach the registry; 407/403: it wants a login or
    // blocks the host.
    id: 'proxy-tunnel-refused',
    cause: 'proxy',
    alternatives: ['offline', 'unreachable'],
    pattern:
      /\b(?:Get|Head|Post|GET|HEAD|POST) "?https:\/\/[^\s"]{1,2048}"?: (?:Service Unavailable|Bad Gateway|Gateway Time-?out|Forbidden|Proxy Authentication Required|authenticationrequired|Bad Request)(?=$|[\s."'\\}])/,
    source: 'https://github.com/docker-archive-public/docker.kitematic/issues/1382',
    example:
      'Error while pulling image: Get https://index.docker.io/v1/repositories/library/hello-world/images: authenticationrequired',
  },
  {
    // A public name answered with a sinkhole address: 127.0.53.53 is ICANN's name-collision
    // "controlled interruption" answer, 0.0.0.0 a DNS blocklist's (Pi-hole, AdGuard). The
    // resolver, not the registry, is the cause.
    id: 'remote-host-sinkholed',
    cause: 'dns',
    alternatives: ['unreachable'],
    pattern:
      /https?:\/\/(?!localhost\b|127\.|0\.0\.0\.0|\[::1\])[\w.-]{1,253}\.[a-z]{2,63}(?::\d{1,5})?\/\S{0,400}? (?:\S{1,300} ){0,12}?dial tcp (?:127\.0\.53\.53|0\.0\.0\.0):\d{1,5}/i,
    source: 'https://github.com/moby/moby/issues/22674',
    example:
      'Get https://docker.mycompany.dev/v2/: dial tcp 127.0.53.53:443: getsockopt: connection refused',
  },
  {
    // Docker Desktop's in-VM proxy reports its own upstream as "writing response to <host>:
    // connecting to <proxy>": a loopback proxy there is down. (Go's own proxy dial says
    // "proxyconnect tcp", above; a remote name dialled at loopback without either is the name
    // resolving there, left to the dial error's own rule.)
    id: 'remote-host-dials-loopback',
    cause: 'proxy',
    alternatives: ['unreachable'],
    pattern:
      /https?:\/\/(?!localhost\b|127\.|\[::1\])[\w.-]{1,253}\.[a-z]{2,63}(?::\d{1,5})?\/\S{0,400}? (?:\S{1,300} ){0,12}?connecting to (?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]):\d{1,5}/i,
    source: 'https://github.com/docker/for-win/issues/13994',
    example:
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": writing response to registry-1.docker.io:443: connecting to 127.0.0.1:1081: dial tcp 127.0.0.1:1081: connectex: No connection could be made because the target machine actively refused it.',
  },
  {
    // Often a TLS-inspecting corporate proxy rather than the registry's own certificate.
    id: 'x509-unknown-authority',
    cause: 'tls',
    alternatives: ['proxy'],
    pattern: /x509: certificate signed by unknown authority/i,
    source: 'https://github.com/docker-library/hello-world/issues/86',
    example:
      'Error response from daemon: Get https://registry-1.docker.io/v2/: x509: certificate signed by unknown authority',
  },
  {
    // The JVM's words for the same (Jib, docker-java, IDE plugins): its trust store has no
    // certificate authority for the registry's chain (sun.security.provider.certpath).
    id: 'java-pkix-path',
    cause: 'tls',
    alternatives: ['proxy'],
    pattern:
      /PKIX path building failed|unable to find valid certification path to requested target/i,
    source: 'https://github.com/ExidCuter/docker-registry-explorer-plugin/issues/8',
    example:
      'Docker Registry Error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
  },
  {
    // Jib (RegistryEndpointCaller) when the HTTPS handshake fails and insecure registries are
    // not allowed: an untrusted certificate, or a registry that speaks only HTTP.
    id: 'jib-only-secure-connections',
    cause: 'tls',
    alternatives: ['insecure_registry'],
    pattern:
      /Failed to verify the server at \S{1,2048} because only secure connections are allowed/i,
    source: 'https://github.com/eclipse-jkube/jkube/issues/336',
    example:
      'Failed to verify the server at https://harbor.local/v2/jkube/jkube-tomcat9-binary-s2i/manifests/0.0.5 because only secure connections are allowed.',
  },
  {
    id: 'x509-expired',
    cause: 'tls',
    pattern: /x509: certificate has expired or is not yet valid/i,
    source: 'https://github.com/NanoNets/RaspberryPi-ObjectDetection-TensorFlow/issues/1',
    example:
      'Error response from daemon: Get https://docker.nanonets.com/v2/: x509: certificate has expired or is not yet valid',
  },
  {
    // "remote error: tls: <alert>" is the registry (or a TLS-inspecting middlebox) refusing the
    // handshake, in Go's words for each TLS alert (crypto/tls/alert.go): a client certificate it
    // wants or rejects, no cipher in common.
    // Every other certificate verdict of Go's crypto/x509 (verify.go: HostnameError "certificate
    // is valid for A, not B", "cannot validate certificate for <IP> because it doesn't contain
    // any IP SANs", "not valid for any names", legacy Common Name, key usage) and the peer's TLS
    // alerts ("remote error: tls: bad certificate | handshake failure"), plus OpenSSL's wording
    // in Python tools. A name mismatch on a public registry is a middlebox re-signing traffic.
    // Also the certificates Go will not parse or trust at all (parser.go "negative serial number",
    // verify.go "unhandled critical extension", "failed to load system roots", x509.go's
    // InsecureAlgorithmError) and a server that speaks only an old TLS (handshake_client.go
    // "server selected unsupported protocol version", the peer's "protocol version not
    // supported", or no certificate for the name asked: "unrecognized name"). On macOS Go asks the
    // system to verify (root_darwin.go systemVerify) and prints its verdict: "x509: “<subject>”
    // certificate is not trusted".
    id: 'x509-verify-failed',
    cause: 'tls',
    alternatives: ['proxy'],
    pattern:
      /\bx509: (?:“[^”]{1,200}” certificate is not (?:trusted|standards compliant)|certificate is (?:valid for|not valid for any names|not (?:standards compliant|trusted))|cannot validate certificate for|certificate relies on legacy Common Name|certificate specifies an incompatible key usage|negative serial number|unhandled critical extension|cannot verify signature: insecure algorithm|failed to load system roots)|\btls: failed to (?:verify|parse) certificate\b|remote error: tls: (?:bad certificate|unknown certificate(?: authority)?|expired certificate|revoked certificate|unsupported certificate|certificate required|access denied|handshake failure|internal error|unrecognized name|protocol version not supported|insufficient security level)|\btls: server selected unsupported protocol version\b|CERTIFICATE_VERIFY_FAILED/i,
    source: 'https://github.com/moby/moby/issues/38787',
    example:
      'Error response from daemon: Get https://registry-1.docker.io/v2/: x509: certificate is valid for *.channeladvisor.com, not registry-1.docker.io',
  },
  {
    // The same verdicts in OpenSSL's words, which Python, curl, Node and Ruby clients print
    // (crypto/x509/x509_txt.c: "self-signed certificate in certificate chain", "unable to get
    // local issuer certificate", "unable to verify the first certificate", "certificate has
    // expired"; curl's "SSL certificate problem: %s"; Node's codes SELF_SIGNED_CERT_IN_CHAIN,
    // UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED and "Hostname/IP does not match
    // certificate's altnames"), and rustls' "invalid peer certificate: <reason>".
    id: 'openssl-verify-failed',
    cause: 'tls',
    alternatives: ['proxy'],
    pattern:
      /\bself[- ]signed certificate(?: in certificate chain)?\b|\bunable to get local issuer certificate\b|\bunable to verify the first certificate\b|\bSSL certificate problem: |(?<!x509: )\bcertificate has expired\b|\b(?:SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_HAS_EXPIRED)\b|Hostname\/IP does not match certificate's altnames|\binvalid peer certificate: /i,
    source: 'https://github.com/openssl/openssl/blob/master/crypto/x509/x509_txt.c',
    example: 'curl: (60) SSL certificate problem: unable to get local issuer certificate',
  },
  {
    // The peer does not speak TLS where HTTPS was asked: Go's crypto/tls reads a plain answer's
    // first bytes as a record header ("HTTP/" → "oversized record received with length 20527",
    // or "first record does not look like a TLS handshake", conn.go). Through a proxy that is
    // the proxy's scheme (proxyconnect, above); otherwise a plain-HTTP registry.
    id: 'tls-record-from-plain-server',
    cause: 'insecure_registry',
    alternatives: ['tls', 'proxy'],
    pattern:
      /\btls: (?:oversized record received with length \d{1,6}|first record does not look like a TLS handshake)|malformed HTTP response "\\x15\\x03/i,
    source: 'https://github.com/moby/moby/issues/16657',
    example:
      'Unable to ping registry endpoint https://myserver.example.com:5000/v0/ v2 ping attempt failed with error: Get https://myserver.example.com:5000/v2/: tls: oversized record received with length 20527',
  },
  {
    // A plain-HTTP registry that is not listed as insecure: a transport setting, not the network.
    id: 'http-response-to-https-client',
    cause: 'insecure_registry',
    pattern: /server gave HTTP response to HTTPS client/i,
    source: 'https://github.com/distribution/distribution/issues/1874',
    example:
      'Error response from daemon: Get https://myip:5000/v1/_ping: http: server gave HTTP response to HTTPS client',
  },
  {
    // Go reports every resolver failure as "lookup <host> ...", whatever came back from port 53;
    // a DNSError with IsTimeout and no packet detail prints as "lookup <host>: i/o timeout".
    // Through cgo, a libc's own text for EAI_AGAIN: glibc's "Temporary failure in name
    // resolution", musl's (Alpine, k3os) "Try again" (src/network/gai_strerror.c).
    id: 'dns-lookup',
    cause: 'dns',
    pattern:
      /\blookup [\w.-]{1,253}.{0,80}?(?:no such host|server misbehaving|temporary failure in name resolution|getaddrinfow|(?:read|dial) udp|: i\/o timeout|: try again\b)/i,
    source: 'https://github.com/docker/for-win/issues/6241',
    example:
      'Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io on 192.168.65.1:53: no such host',
  },
  {
    // The same resolver failures in the words of clients that call the system resolver
    // themselves: glibc's gai_strerror ("Name or service not known" EAI_NONAME, "No address
    // associated with hostname" EAI_NODATA, "Temporary failure in name resolution" EAI_AGAIN,
    // "Non-recoverable failure in name resolution" EAI_FAIL), macOS's ("nodename nor servname
    // provided, or not known"), musl's ("Name does not resolve"), Node's ("getaddrinfo ENOTFOUND
    // <host>", libuv's codes), curl's ("Could not resolve host: %s"), urllib3's NameResolutionError
    // ("Failed to resolve '<host>'") and Java's UnknownHostException. No resolver is named, so
    // for a public registry read-message.ts calls it offline (pull-causes.ts).
    id: 'resolver-failed-libc',
    cause: 'dns',
    alternatives: ['offline'],
    pattern:
      /\bName or service not known\b|\bNo address associated with hostname\b|\b(?:Temporary|Non-recoverable) failure in name resolution\b|\bnodename nor servname provided, or not known\b|\bName does not resolve\b|\bgetaddrinfo (?:ENOTFOUND|EAI_AGAIN)\b|\bCould not resolve host: |\bFailed to resolve '[\w.-]{1,253}'|\bUnknownHostException\b/i,
    source: 'https://github.com/bminor/glibc/blob/master/sysdeps/posix/gai_strerror-strs.h',
    example:
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='registry.corp.example', port=443): Max retries exceeded with url: /v2/ (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3c>: Failed to establish a new connection: [Errno -2] Name or service not known'))",
  },
  {
    // nginx's own resolver (the `resolver` directive, which a registry proxy or mirror in front
    // of the engine needs for its upstream): ngx_http_upstream.c logs "%V could not be resolved
    // (%i: %s)" with ngx_resolver_strerror's text (src/core/ngx_resolver.c: 1-5 the DNS rcodes
    // "Format error" … "Operation refused", 110 "Operation timed out"; njs quotes the name). No
    // server is named, so for a public registry read-message.ts calls it offline, as for the libc
    // wordings above.
    id: 'nginx-resolver-failed',
    cause: 'dns',
    alternatives: ['offline'],
    pattern:
      /\b[\w.-]{1,253}"? could not be resolved \(\d{1,3}: (?:Format error|Server failure|Host not found|Unimplemented|Operation refused|Operation timed out|Unknown error)\)/i,
    source: 'https://github.com/nginx/nginx/blob/master/src/core/ngx_resolver.c',
    example:
      '2024/03/02 10:14:07 [error] 31#31: *7 registry-1.docker.io could not be resolved (3: Host not found), client: 172.17.0.1, server: _, request: "GET /v2/ HTTP/1.1"',
  },
  {
    // ECS on Fargate (platform 1.4+ pulls through the task's own network interface, closed
    // source, observed): when the call to ECR (its auth API or the registry) or to Secrets
    // Manager cannot connect, the platform adds its own verdict to the dial error — before 2024
    // "… i/o timeout. Please check your task network configuration.", since then "There is a
    // connection issue between the task and Amazon ECR (the registry, AWS Secrets Manager).
    // Check your task network configuration." Not a slow registry: the task's subnet, route,
    // security group or VPC endpoints give it no path there. After the DNS rules, so a lookup
    // that fails in the same text stays the resolver's.
    id: 'ecs-task-network',
    cause: 'unreachable',
    alternatives: ['offline', 'dns', 'timeout'],
    pattern:
      /\b(?:Please )?check your task network configuration\b|\bconnection issue between the task and\b/i,
    source: 'https://github.com/aws/copilot-cli/issues/5927',
    example:
      'ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 172.40.1.94:443: i/o timeout',
  },
  {
    // ECR keeps layers in S3 ("prod-<region>-starport-layer-bucket"), fetched by a redirect the
    // registry answered: a request to that bucket that got no answer (containerd's "failed to
    // do request: Get …", moby's "error pulling image configuration: Get …" with a transport
    // error) means the registry is reachable and its storage is not: a private subnet with an
    // ECR endpoint but no S3 gateway endpoint, or egress rules that leave S3's prefix list out
    // (AWS's "Amazon ECR interface VPC endpoints": the S3 gateway endpoint is required).
    id: 'ecr-layer-bucket-unreachable',
    cause: 'unreachable',
    alternatives: ['timeout', 'offline'],
    registry: 'ecr',
    pattern:
      /(?:failed to do request: |error pulling image configuration: )Get [“"]?https:\/\/prod-[a-z0-9-]{1,40}-starport-layer-bucket\.s3[\w.-]{0,40}\.amazonaws\.com\//i,
    source:
      'https://eddgrant.com/blog/2023/05/12/aws-connecting-to-a-private-ecr-repository-using-vpc-endpoints.html',
    example:
      'CannotPullContainerError: ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: Get “https://prod-eu-west-2-starport-layer-bucket.s3.eu-west-2.amazonaws.com/',
  },
  {
    id: 'tls-handshake-timeout',
    cause: 'timeout',
    alternatives: ['proxy', 'unreachable'],
    pattern: /TLS handshake timeout/i,
    source: 'https://github.com/docker/hub-feedback/issues/1195',
    example:
      'docker: Error response from daemon: Get https://registry-1.docker.io/v2/library/ubuntu/manifests/latest: net/http: TLS handshake timeout.',
  },
  {
    id: 'context-deadline-exceeded',
    cause: 'timeout',
    alternatives: ['proxy', 'unreachable'],
    pattern: /context deadline exceeded/i,
    source: 'https://github.com/nextstrain/cli/issues/377',
    example:
      'docker: Error response from daemon: Head "https://registry-1.docker.io/v2/library/hello-world/manifests/latest": Get "https://auth.docker.io/token?account=githubactions&scope=repository%3Alibrary%2Fhello-world%3Apull&service=registry.docker.io": context deadline exceeded (Client.Timeout exceeded while awaiting headers).',
  },
  {
    // moby's v1-era registry client, for any net.Error with Timeout() (DNS included): the
    // wording itself says connection or proxy (docker for-mac troubleshooting: restart the VM,
    // or its DNS).
    id: 'network-timed-out',
    cause: 'timeout',
    alternatives: ['offline', 'dns', 'proxy'],
    pattern: /Network timed out while trying to connect to \S{1,2048}/i,
    source: 'https://github.com/docker-archive-public/docker.kitematic/issues/1484',
    example:
      'Network timed out while trying to connect to https://index.docker.io/v1/repositories/library/node/images. You may want to check your internet connection or if you are behind a proxy.',
  },
  {
    id: 'client-timeout',
    cause: 'timeout',
    alternatives: ['proxy', 'unreachable'],
    // And the transport's ResponseHeaderTimeout ("net/http: timeout awaiting response headers").
    pattern: /Client\.Timeout exceeded|net\/http: timeout awaiting response headers/i,
    source: 'https://github.com/moby/moby/issues/37532',
    example:
      'Error response from daemon: Get https://registry-1.docker.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
  },
  {
    // Go's errRequestCanceled: the caller gave up on the request. Where it is not the client's
    // own timeout (above), it is the kubelet's: dockershim cancels a pull that shows no progress
    // for its image-pull-progress-deadline (kube_docker_client.go, "Cancel pulling image … because
    // of no progress"), which big layers on a slow link hit.
    id: 'request-canceled',
    cause: 'timeout',
    alternatives: ['unreachable'],
    pattern: /net\/http: request canceled\b|Cancel pulling image \S{1,512} because of no progress/i,
    source: 'https://github.com/kubernetes/kubernetes/pull/36887',
    example:
      '[... kube_docker_client.go:29] Cancel pulling image "our_registry/demo/test" because of no progress for 1m0s, latest progress "c914ad57d670": Extracting [==================>] 513.5 MB/513.5MB"',
  },
  {
    // The kubelet's pull ended by a cancel, reported as gRPC Canceled: the runtime gave up on a
    // pull that made no progress for its deadline (dockershim's image-pull-progress-deadline,
    // containerd's image_pull_progress_timeout), which a big image on a slow link hits. CRI-O
    // cancels the same way (server/image_pull.go, consumeImagePullProgress: no progress update
    // within pull_progress_timeout → cancel()), so containers/image's copy step that was running
    // ends in "context canceled" under gRPC's Canceled code: "copying system image from manifest
    // list" (copy/copy.go), "copying config" / "reading blob" (copy/single.go).
    id: 'kubelet-pull-canceled',
    cause: 'timeout',
    alternatives: ['unreachable'],
    // Only a pull's: a build or compose run cancels its other steps the same way when one fails.
    pattern:
      /\bpull(?:ing)? image\b.{0,600}?rpc error: code = Canceled desc = context canceled|\bcode = Canceled desc = (?:copying (?:system image|config|blob|image)|reading blob|initializing source|parsing image configuration|pinging container registry)\b.{0,600}?context canceled/i,
    source: 'https://github.com/Azure/AKS/issues/245',
    example:
      'Failed to pull image "myregistry.azurecr.io/my-image:latest": rpc error: code = Canceled desc = context canceled',
  },
  {
    // Go's dialer names the address it timed out on; with none, the deadline passed while the
    // name was still being resolved (net/dial.go: the resolver runs under the same deadline).
    id: 'dial-io-timeout-resolving',
    cause: 'dns',
    alternatives: ['timeout', 'proxy'],
    pattern: /dial tcp: i\/o timeout/i,
    source: 'https://github.com/dagger/dagger/issues/2731',
    example:
      '4:22PM FTL failed to execute plan: task failed: actions._pull._pull: failed to do request: Head "https://registry-1.docker.io/v2/library/debian/manifests/latest": dial tcp: i/o timeout',
  },
  {
    // A dial to a loopback address crosses no network that could be slow: a port nobody listens
    // on is answered with a reset at once (RFC 9293 §3.10.7.1, "connection refused"), so a
    // timeout there means the packets went nowhere (the engine's localhost is a VM's or a
    // container's, or a firewall drops them). The registry named is not reachable from the
    // engine at that address.
    id: 'loopback-dial-timeout',
    cause: 'unreachable',
    alternatives: ['timeout'],
    pattern:
      /dial tcp (?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]):\d{1,5}: (?:(?:connect|getsockopt): )?(?:i\/o timeout|connection timed out)/i,
    source: 'https://github.com/agentregistry-dev/agentregistry/issues/44',
    example:
      'Error response from daemon: failed to resolve reference "localhost:5001/agentregistry-dev/agentregistry/server:0.0.5": failed to do request: Head "https://localhost:5001/v2/agentregistry-dev/agentregistry/server/manifests/0.0.5": dial tcp [::1]:5001: i/o timeout',
  },
  {
    id: 'dial-io-timeout',
    cause: 'timeout',
    alternatives: ['unreachable', 'proxy'],
    pattern: /dial tcp \S{1,64}?: i\/o timeout/i,
    source: 'https://github.com/docker/hub-feedback/issues/554',
    example:
      'Get https://registry-1.docker.io/v1/repositories/selenium/standalone-firefox-debug/tags/latest: dial tcp 54.175.229.204:443: i/o timeout',
  },
  {
    // Go's read deadline passed on a connection that was open (net.OpError "read tcp
    // <local>-><remote>: i/o timeout"), or the kernel gave up on it (ETIMEDOUT, "read: connection
    // timed out"): the registry or its storage stopped sending mid-transfer, often on a big layer.
    id: 'read-timeout',
    cause: 'timeout',
    alternatives: ['unreachable', 'registry_error'],
    pattern: /read tcp \S{1,120}: (?:read: )?(?:i\/o timeout|connection timed out)/i,
    source: 'https://github.com/moby/moby/issues/8163',
    example:
      'Error pulling image (1) from private-docker-registry.example.com:5000/foo/bar, Get http://private-docker-registry.example.com:5000/v1/images/11b019d183c6557531fefbd843feb742c348add458fa4b9780920f4545f2107a/layer: read tcp xxx.xxx.xxx.xxx:5000: i/o timeout',
  },
  {
    id: 'connection-timed-out',
    cause: 'timeout',
    alternatives: ['unreachable'],
    // Windows words ETIMEDOUT (WSAETIMEDOUT, 10060) through connectex so.
    pattern:
      /connect: connection timed out|connectex: A connection attempt failed because the connected party did not properly respond/i,
    source: 'https://github.com/kubernetes/kubeadm/issues/2936',
    example:
      'failed to pull and unpack image \\"registry.k8s.io/kube-proxy:v1.28.2\\": failed to resolve reference \\"registry.k8s.io/kube-proxy:v1.28.2\\": failed to do request: Head \\"https://registry.k8s.io/v2/kube-proxy/manifests/v1.28.2\\": dial tcp 34.96.108.209:443: connect: connection timed out',
  },
  {
    // Other clients' words for a connect or read that timed out: urllib3's ConnectTimeoutError
    // ("Connection to %s timed out. (connect timeout=%s)"), glibc's ETIMEDOUT through Python
    // ("[Errno 110] Connection timed out"), Node's ("connect ETIMEDOUT <addr>"), Java's
    // SocketTimeoutException ("Connect timed out", "Read timed out") and Apache HttpClient's
    // ("Connect to %s [%s] failed: Connect timed out"), curl's ("Operation timed out
    // after %d milliseconds", "Failed to connect to … after %d ms: Timeout was reached").
    id: 'client-timed-out',
    cause: 'timeout',
    alternatives: ['unreachable', 'proxy'],
    pattern:
      /\bConnection to \S{1,253} timed out\. \(connect timeout=|\[Errno 110\] Connection timed out|\bconnect ETIMEDOUT\b|\bSocketTimeoutException: (?:connect|read) timed out\b|\bOperation timed out after \d{1,9} milliseconds\b|\bFailed to connect to \S{1,260}(?: port \d{1,5})? after \d{1,9} ms: (?:Timeout was reached|Connection timed out)|\bConnect to \S{1,260} \[[^\]]{0,300}\] failed: (?:Connection|connect|Read) timed out/i,
    source: 'https://github.com/urllib3/urllib3/blob/main/src/urllib3/connection.py',
    example:
      "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='registry.corp.example', port=443): Max retries exceeded with url: /v2/ (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3c>, 'Connection to registry.corp.example timed out. (connect timeout=10)'))",
  },
  {
    id: 'connection-refused',
    cause: 'unreachable',
    // Go before 1.6 printed a refused dial as "dial tcp <addr>: connection refused".
    pattern: /(?:connect|getsockopt): connection refused|dial tcp \S{1,64}: connection refused/i,
    source: 'https://github.com/docker/docs/issues/13915',
    example: 'Get http://localhost:5000/v2/: dial tcp [::1]:5000: connect: connection refused',
  },
  {
    id: 'connection-actively-refused',
    cause: 'unreachable',
    pattern: /No connection could be made because the target machine actively refused it/i,
    source: 'https://github.com/moby/moby/issues/37127',
    example:
      'docker : Error response from daemon: Get https://registry-1.docker.io/v2/: dial tcp 35.169.231.249:443: connectex: No connection could be made because the target \nmachine actively refused it.',
  },
  {
    id: 'no-route-to-host',
    cause: 'unreachable',
    // Windows: WSAEHOSTUNREACH (10065) through connectex.
    // Go before 1.6 printed the errno straight after the address ("dial tcp <addr>: no route to
    // host"), as docker 1.x's v1 ping error shows inside its --insecure-registry advice.
    pattern:
      /(?:connect|getsockopt|dial tcp \S{1,64}): no route to host|connectex: A socket operation was attempted to an unreachable host/i,
    source: 'https://github.com/kubernetes/kube-state-metrics/issues/1588',
    example:
      'Failed to pull image "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": rpc error: code = Unknown desc = failed to pull and unpack image "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": failed to resolve reference "k8s.gcr.io/kube-state-metrics/kube-state-metrics:v2.2.0": failed to do request: Head https://k8s.gcr.io/v2/kube-state-metrics/kube-state-metrics/manifests/v2.2.0: dial tcp 172.217.192.82:443: connect: no route to host',
  },
  {
    id: 'network-unreachable',
    cause: 'unreachable',
    // Go before 1.9 reported connect errors as "getsockopt: …".
    // Windows: WSAENETUNREACH (10051) through connectex. EADDRNOTAVAIL ("cannot assign requested
    // address") is this machine having no address to dial from in that family (IPv6 unset).
    pattern:
      /(?:connect|getsockopt|dial tcp \S{1,64}): (?:network is unreachable|cannot assign requested address)|connectex: A socket operation was attempted to an unreachable network/i,
    source: 'https://github.com/docker/for-win/issues/13728',
    example:
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp [2600:1f18:2148:bc00:8334:ca86:c3d6:a507]:443: connect: network is unreachable',
  },
  {
    // Middleboxes that cut registry traffic reset it; a proxy is the usual way around.
    id: 'connection-reset',
    cause: 'unreachable',
    alternatives: ['proxy'],
    // Windows: WSAECONNRESET (10054), "wsarecv: An existing connection was forcibly closed …".
    pattern:
      /connection reset by peer|An existing connection was forcibly closed by the remote host/i,
    source: 'https://github.com/drawdb-io/drawdb/issues/293',
    example:
      'ERROR: failed to solve: node:20-alpine: failed to resolve source metadata for docker.io/library/node:20-alpine: failed to do request: Head "https://dockerproxy.com/v2/library/node/manifests/20-alpine?ns=docker.io": read tcp 192.168.127.130:44148->150.136.252.237:443: read: connection reset by peer',
  },
  {
    // Other clients' words for a refused, unroutable or reset connection: glibc's strerror through
    // Python ("[Errno 111] Connection refused", 113 "No route to host", 101 "Network is
    // unreachable", 104 "Connection reset by peer"), Node's libuv codes ("connect ECONNREFUSED
    // <addr>", EHOSTUNREACH, ENETUNREACH, "read ECONNRESET"), Java's ConnectException and Apache
    // HttpClient's HttpHostConnectException, curl's
    // ("Failed to connect to … after %d ms: Couldn't connect to server").
    id: 'client-connection-failed',
    cause: 'unreachable',
    alternatives: ['proxy'],
    pattern:
      /\[Errno 1(?:11|13|01|04)\] (?:Connection refused|No route to host|Network is unreachable|Connection reset by peer)|\b(?:connect|read) (?:ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET)\b|\bConnectException: Connection refused\b|\bHttpHostConnectException: (?:Connection to \S{1,260} refused|Connect to \S{1,260} \[[^\]]{0,300}\] failed: (?:Connection refused|No route to host))|\bFailed to connect to \S{1,260}(?: port \d{1,5})? after \d{1,9} ms: (?:Couldn't connect to server|Connection refused|No route to host)/i,
    source: 'https://github.com/libuv/libuv/blob/v1.x/include/uv.h',
    example:
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='registry.corp.example', port=443): Max retries exceeded with url: /v2/ (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3c>: Failed to establish a new connection: [Errno 111] Connection refused'))",
  },
  {
    id: 'connection-eof',
    cause: 'unreachable',
    alternatives: ['proxy'],
    pattern: /": EOF\b/i,
    source: 'https://github.com/router-for-me/CLIProxyAPI/issues/2668',
    example:
      'Error response from daemon: failed to resolve reference "docker.io/eceasy/cli-proxy-api-plus:latest": failed to authorize: failed to fetch anonymous token: Get "https://auth.docker.io/token?scope=repository%3Aeceasy%2Fcli-proxy-api-plus%3Apull&service=registry.docker.io": EOF',
  },
  {
    // The bytes received do not hash to the digest the manifest names: moby's verifiers
    // (distribution/pull_v2.go, "filesystem layer verification failed for digest", "image config
    // verification failed for digest"), containerd's content writer ("unexpected commit digest …,
    // expected …: failed precondition") and containers/image's (copy/digesting_reader.go, "Digest
    // did not match, expected …, got …"). The registry's storage served a bad blob, or a mirror
    // or middlebox altered or cut it (an empty body hashes to sha256:e3b0c442…); retrying from a
    // clean cache, or the image being re-pushed, fixes it (distribution/distribution#2952,
    // containerd#3974).
    id: 'layer-digest-mismatch',
    cause: 'registry_error',
    alternatives: ['proxy', 'unreachable'],
    pattern:
      /filesystem layer verification failed for digest|image config verification failed for digest|unexpected commit digest sha256:[0-9a-f]{64}, expected sha256:[0-9a-f]{64}|Digest did not match, expected (?:sha256:)?[0-9a-f]{64}, got (?:sha256:)?[0-9a-f]{64}/i,
    source: 'https://github.com/docker-library/ruby/issues/134',
    example:
      'filesystem layer verification failed for digest sha256:dbed9b09434efb583eb5f23173bf2aadb578cbfe2516e26226e3f7e458fac621',
  },
  {
    // The registry (or the load balancer in front of it) closed the HTTP/2 connection under a
    // request (Go's http2GoAwayError, net/http/h2_bundle.go: "http2: server sent GOAWAY and closed
    // the connection; LastStreamID=…, ErrCode=…"): a server restarting or shedding load, retried
    // by the next pull.
    id: 'http2-goaway',
    cause: 'registry_error',
    alternatives: ['proxy', 'unreachable'],
    pattern: /\bhttp2: server sent GOAWAY and closed the connection\b/i,
    source: 'https://github.com/golang/go/blob/master/src/net/http/h2_bundle.go',
    example:
      'Error response from daemon: Get "https://registry.corp.example/v2/team/app/manifests/1.0": http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=""',
  },
  {
    // The body stopped short while a manifest or layer streamed (Go's io.ErrUnexpectedEOF):
    // the registry or its storage cut it (moby/moby#35686, distribution/distribution#2896), or a
    // middlebox did. Not the engine's own unpacking ("Untar re-exec error: … output: unexpected
    // EOF", "ApplyLayer exit status 1 unexpected EOF"), which is local.
    id: 'unexpected-eof',
    cause: 'registry_error',
    alternatives: ['unreachable', 'proxy'],
    pattern: /(?<!output: |exit status \d{1,3} )\bunexpected EOF\b/i,
    source: 'https://github.com/moby/moby/issues/35686',
    example: 'Download failed, retrying: unexpected EOF',
  },

  // The image was pulled, but for another CPU: what running it says. Last among real causes,
  // since a warning or a container's output may sit beside the error that matters.
  {
    // The kernel cannot run a binary built for another CPU (ENOEXEC): runc's "exec user process
    // caused: exec format error", Docker 23+'s "exec <path>: exec format error". (A script
    // without a #! line fails the same way, which no pull cause names.) Not the CLI's own exec of
    // a credential helper ("fork/exec …").
    id: 'exec-format-error',
    cause: 'platform_mismatch',
    pattern:
      /exec user process caused:? "?exec format error|(?<!fork\/)\bexec \/\S{0,300}: exec format error/i,
    source: 'https://github.com/langfuse/langfuse/issues/2556',
    example: 'exec /usr/local/bin/docker-entrypoint.sh: exec format error',
  },
  {
    // The docker CLI's warning (container/create.go) when the image's platform is not the
    // engine's and none was asked for: it runs only under emulation, if at all.
    id: 'requested-platform-differs',
    cause: 'platform_mismatch',
    pattern:
      /The requested image's platform \([^)]{1,80}\) does not match the detected host platform/i,
    source: 'https://github.com/yannh/redis-dump-go/issues/55',
    example:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested",
  },

  // 8. Kubernetes' status alone: a pull failed, the reason is in `kubectl describe pod`.
  {
    // The engine's /images/create answered 404 (moby maps "pull access denied" and a missing
    // repository to NotFound); docker-py tracebacks carry only this line.
    id: 'engine-create-404',
    cause: 'repo_not_found',
    alternatives: ['no_credentials', 'tag_not_found'],
    pattern:
      /404 Client Error(?: for|: Not Found for url:) http\+docker:\/\/\S{0,200}\/images\/create/i,
    source: 'https://github.com/prefect-archive/prefect-docker/issues/74',
    example:
      'requests.exceptions.HTTPError: 404 Client Error: Not Found for url: http+docker://localhost/v1.41/images/create?tag=latest&fromImage=desertaxle%2Fmre',
  },
  {
    // "No such image: X" is the engine's answer about its own store (moby daemon/images,
    // ErrImageDoesNotExist; docker-py's 404 around it), never a registry's: an inspect, tag, save
    // or run --pull=never asked for an image a pull before it failed to fetch, or that no pull
    // ever fetched. The cause is that pull's error, which is elsewhere (the corpus's such pastes
    // were a timeout, an offline machine, a platform mismatch, an expired login), so this is no
    // missing repository or login: the answer is to run the pull and read its error.
    id: 'engine-no-such-image',
    cause: 'unknown',
    decisive: true,
    pattern:
      /(?:\b404 Client Error\b[^(]{0,300}\(\\?"?)?\bNo such image: [^\s"()\\]{1,400}(?: \(tag: [\w.-]{1,128}\))?/i,
    source: 'https://gitlab.com/postgres-ai/database-lab/-/work_items/700',
    example:
      'failed to refresh data: failed to scan pulling image response: failed to inspect image "postgresai/extended-postgres:16-0.5.3": Error response from daemon: No such image: postgresai/extended-postgres:16-0.5.3',
  },
  {
    id: 'k8s-image-pull-status',
    cause: 'unknown',
    alternatives: ['no_credentials', 'repo_not_found', 'tag_not_found'],
    pattern: /\b(?:ErrImagePull|ImagePullBackOff)\b/,
    source: 'https://github.com/microservices-demo/microservices-demo/issues/780',
    example: 'catalogue-7d7f9f87f-mmzt4       0/1       ErrImagePull       0          8h',
  },
];
