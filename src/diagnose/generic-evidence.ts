/**
 * The fallback for wordings no rule knows. A message a rule was never written for still carries
 * the generic evidence nearly every engine, registry and HTTP client keeps: an HTTP status code
 * or its reason phrase (RFC 9110 §15), the words distribution's error codes use (UNAUTHORIZED,
 * DENIED, NAME_UNKNOWN, MANIFEST_UNKNOWN, TOOMANYREQUESTS: registry/api/errcode), and the words
 * of the network stack (Go's net and crypto/x509, glibc, libuv, Java). Each signal below is one
 * such piece of evidence, however it is spelled; the cause whose signals weigh most leads, and
 * read-message.ts then lets the host break the ties the words leave open (a "denied" from Docker
 * Hub against one from a private registry), exactly as for a rule's answer: the signal ids map
 * onto the rule ids it reads (FALLBACK_RULE_IDS).
 *
 * Weights say how much one signal alone decides: 4 for words that name the cause outright
 * (Too Many Requests, Proxy Authentication Required), 3 for a specific one (a 5xx, "no such
 * host", "x509", an expired token), 2 for a status class that has more than one reading
 * (401/403/404) and for network words a proxy or a resolver may be behind, 1 for a bare word.
 * A registry's answer weighs more than the network words around it, because an answer proves the
 * network worked (message-rules.ts orders its rules the same way); equal weights fall to
 * CAUSE_PRECEDENCE, the rules' order.
 */
import type { PullCause } from '../shared/pull-causes';

interface EvidenceSignal {
  id: string;
  cause: PullCause;
  weight: number;
  /** The HTTP statuses that are this signal when a status code is quoted. */
  statuses?: readonly number[] | ((status: number) => boolean);
  /** Case-insensitive, bounded, stateless (no g/y flag). */
  pattern: RegExp;
  alternatives?: readonly PullCause[];
}

export interface GenericReading {
  cause: PullCause;
  alternatives: PullCause[];
  /** `generic-<signal id>`: the signal that decided. */
  ruleId: string;
  evidence: string;
}

/** Rule ids read-message.ts treats like a rule's: each fallback signal, as the rule it stands for. */
export const FALLBACK_RULE_IDS = {
  unauthorized: 'generic-unauthorized',
  denied: 'generic-denied',
} as const;

/**
 * A quoted HTTP status: after the words clients put before it (Go's "status code 404",
 * containerd's "unexpected status: 401", requests' "404 Client Error", urllib3's "(404)",
 * JSON's "status":404), or before its reason phrase.
 */
const STATUS_CODE =
  /(?:\b(?:status(?:[ _-]?code)?|statuscode|http(?:\/[\d.]{1,3})?|code|error|returned|response|responded(?: with)?|replied|got|received|answered)\s?[:=]?\s?[[("']?\s?([1-5]\d\d)\b)|\b([1-5]\d\d)[ :-]{1,3}(?:Unauthorized|Forbidden|Not Found|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Client Error|Server Error|Bad Request|Request Time-?out|Proxy Authentication Required|Method Not Allowed|Not Acceptable|Conflict|Gone)\b/gi;

/**
 * A status the engine's own API returned (docker-py's "404 Client Error for http+docker://…",
 * the "(HTTP code 500) server error" of docker-py and Kitematic): the engine wrapping whatever
 * failed, not the registry's answer, so the words inside it decide.
 */
const ENGINE_API_STATUS = /http\+docker:\/\/|\(HTTP code \d{3}\)|\/images\/create\?/i;

const GRPC_STATUS = /\brpc error: code = (\w{1,40}) desc = /gi;

/**
 * EACCES as the operating system's callers print it: a file or socket this user may not open,
 * never a registry's answer. Go's os.PathError and os.SyscallError ("open <path>: permission
 * denied", "connect: permission denied": syscall's errors table, zerrors_linux_amd64.go), Python's
 * OSError ("[Errno 13] Permission denied", "PermissionError(13, 'Permission denied')") and libuv's
 * UV_EACCES as Node prints it ("EACCES: permission denied"). A registry refuses in its own words
 * (distribution's DENIED, a 403, "pull access denied"), so these must not read as its refusal.
 */
const LOCAL_PERMISSION_DENIED =
  /\b(?:open|openat|mkdir|stat|lstat|chmod|chown|lchown|mount|connect|bind|remove|rename|symlink|unlinkat|mknod|setxattr|fork\/exec|exec)(?: [^\s:;]{1,300})?: permission denied\b|\[Errno 13\] Permission denied|\bPermissionError\(13, 'Permission denied'\)|\bEACCES: permission denied/gi;

/** The cause an equal weight falls to: message-rules.ts's order (local, registry, network). */
const CAUSE_PRECEDENCE: readonly PullCause[] = [
  'daemon_down',
  'keychain_unavailable',
  'credential_helper',
  'content_trust',
  'disk_full',
  'expired_credentials',
  'rate_limited',
  'platform_mismatch',
  'invalid_manifest',
  'tag_not_found',
  'repo_not_found',
  'bad_credentials',
  'no_credentials',
  'insufficient_scope',
  'registry_error',
  'insecure_registry',
  'proxy',
  'tls',
  'dns',
  'offline',
  'timeout',
  'unreachable',
];

const SIGNALS: readonly EvidenceSignal[] = [
  // The engine or the credential store, before any registry.
  {
    // The failure is reaching the engine (its API, socket or VM), not a registry: the network
    // words after these are about the engine. docker-py's transports open the engine's socket,
    // pipe or SSH tunnel in their connect() (docker/transport/unixconn.py, UnixHTTPConnection
    // .connect: sock.connect(self.unix_socket)), so a traceback through it failed there. The
    // classic builder's "Sending build context to Docker daemon" (docker/cli
    // cli/command/image/build.go) says the opposite: the engine is up and taking the context.
    id: 'daemon',
    cause: 'daemon_down',
    weight: 4,
    pattern:
      /\b(?:docker|podman|containerd|crio)\.sock\b|\b(?:unixconn|npipeconn|sshconn)\.py"?,? line \d{1,5},? in connect\b|\bdocker_engine\b|(?<!build context to )\b(?:docker|podman) (?:daemon|API|socket|engine)\b|\bdaemon (?:is )?not running\b|\bserver API version\b|\bAPI route and version\b|\bDOCKER_HOST\b|\bpodman machine\b|\b(?:connect(?:ion)?|connecting) to (?:the |any (?:given )?)?(?:docker|podman)(?!\.\w|[\w-]| registry| hub)/i,
  },
  {
    id: 'keychain',
    cause: 'keychain_unavailable',
    weight: 2,
    pattern:
      /\b(?:keychain|keyring|secret ?service|kwallet|org\.freedesktop\.secrets|wincred|credential manager|d-?bus(?:-launch)?|gpg|pass store|password store)\b/i,
  },
  {
    // Apple's errSecItemNotFound (SecBase.h, -25300): the keychain works and holds nothing for
    // this registry, so no credential is sent.
    id: 'keychain-item-missing',
    cause: 'no_credentials',
    weight: 3,
    pattern:
      /\berrSecItemNotFound\b|\bstatus:? -25300\b|\bitem could not be found in the keychain\b/i,
  },
  {
    // The engine's own unpacking of what it downloaded (moby's untar re-exec, ApplyLayer,
    // containerd's apply): an EOF or a refusal there is local, and no network word applies.
    // `unknown` here is a veto: when it outweighs the rest, the fallback answers nothing.
    id: 'local-unpack',
    cause: 'unknown',
    weight: 3,
    pattern:
      /\bUntar re-exec error\b|\bApplyLayer\b|\bfailed to register layer\b|\bfailed to extract layer\b|\berror extracting\b/i,
  },
  {
    // ENOSPC and EDQUOT as the OS's callers print them (Go's syscall errors table, libuv),
    // and Windows' ERROR_DISK_FULL: the engine's storage, whatever else the text names.
    id: 'disk-full',
    cause: 'disk_full',
    weight: 6,
    pattern:
      /\bno space left on device\b|\bENOSPC\b|\bdisk quota exceeded\b|\bnot enough space on the disk\b/i,
  },
  {
    // Docker Content Trust's own vocabulary (docker/cli cli/trust/trust.go, notary's client and
    // HTTP store): the check that runs before the engine is asked, so it outweighs the network,
    // TLS and 401 words that name the Notary server in the same text. "notary" only as a word of
    // its own: an image named notary-server (or notary.docker.io, a host) is not the check.
    id: 'content-trust',
    cause: 'content_trust',
    weight: 5,
    pattern:
      /(?<![\w/.:-])notary(?: server)?(?![\w/.:-])|\btrust (?:data|server|repository)\b|\bcontent trust\b|\bDOCKER_CONTENT_TRUST\w*/i,
  },
  {
    id: 'credential-helper',
    cause: 'credential_helper',
    weight: 2,
    pattern:
      /\bdocker-credential-[\w-]{1,40}|\bcredential[- ]helper\b|\bcreds?Store\b|\bcredHelpers\b|\berror (?:getting|storing|erasing|listing) credentials\b|\bcredential provider(?: plugin)?\b/i,
  },
  {
    id: 'expired',
    cause: 'expired_credentials',
    weight: 3,
    alternatives: ['bad_credentials'],
    pattern:
      /\b(?:token|credentials?|password|session|login|auth(?:orization|entication)?|secret|key)\b(?:[^.;\n]|\.(?! )){0,40}\b(?:(?:has |is |have )?expired|no longer valid)\b|\bexpired (?:token|credentials?|password|session|login)\b/i,
  },
  // What the registry answered.
  {
    id: 'rate-limited',
    cause: 'rate_limited',
    weight: 4,
    statuses: [429],
    pattern:
      /\btoo many requests\b|\brate[- ]?limit(?:ed|s|ing)?\b|\btoomanyrequests\b|\bquota exceeded\b|\bthrottl(?:ed|ing)\b/i,
  },
  {
    // Platform words explain the "not found" containerd ends its platform error with.
    id: 'platform',
    cause: 'platform_mismatch',
    weight: 4,
    pattern:
      /\bno matching manifest\b|\b(?:platform|architecture|operating system)\b(?:[^.;\n]|\.(?! )){0,60}\b(?:does not match|doesn't match|not match|mismatch|not supported|unsupported|cannot be used|when requesting)\b|\bno (?:match|image|child|manifest)\b(?:[^.;\n]|\.(?! )){0,40}\b(?:platform|architecture)\b|\b(?:for|the specified) platform\b|\bexec format error\b/i,
  },
  {
    id: 'manifest-invalid',
    cause: 'invalid_manifest',
    weight: 3,
    pattern:
      /\bmanifest (?:invalid|malformed|corrupt\w{0,4})\b|\binvalid manifest\b|\bunsupported (?:media ?type|manifest|schema)\b|\b(?:unexpected|unknown|invalid) (?:manifest )?media ?type\b|\bunsupported (?:[\w-]{1,12} ){0,2}media ?type\b|\bmedia ?type\b[^;\n]{0,120}?\b(?:not supported|no longer supported|should be|not allowed)\b|\bschema ?1\b|\bsignature key\b|\binvalid tar header\b|\bMANIFEST_INVALID\b/i,
  },
  {
    // distribution's "unknown:" is its catch-all error code and "name unknown" names the
    // repository, so neither is a missing tag; containerd ends a missing tag's lookup with
    // "<ref>:<tag>: not found".
    id: 'manifest-not-found',
    cause: 'tag_not_found',
    weight: 3,
    alternatives: ['repo_not_found'],
    pattern:
      /(?<![\w=-])(?:manifest|tag|reference|version)s?(?![\w=-])(?:[^.;\n]|\.(?! )){0,60}?\b(?:not found|(?<!name )unknown(?!:)|does not exist|no such)\b|\b(?:unknown|missing|no such) (?:manifest|tag)\b(?! ?media ?type| schema ?version)|\bMANIFEST_UNKNOWN\b|\/[\w.-]{1,128}:[\w][\w.-]{0,127}\\?"?: not found\b/i,
  },
  {
    id: 'name-not-found',
    cause: 'repo_not_found',
    weight: 3,
    alternatives: ['no_credentials', 'tag_not_found'],
    pattern:
      /(?<![\w=-])(?:repository|repo|image|project|package|artifact|namespace)(?![\w=-])(?:[^.;\n]|\.(?! )){0,60}?\b(?:not found|does not exist|doesn't exist|unknown(?!:))\b|\bno such (?:image|repository|project)\b|\bname unknown\b|\bNAME_UNKNOWN\b/i,
  },
  {
    id: 'not-found',
    cause: 'repo_not_found',
    weight: 2,
    statuses: [404],
    alternatives: ['tag_not_found', 'no_credentials'],
    pattern: /\bnot found\b|\bNotFound\b|\bdoes not exist\b/i,
  },
  {
    id: 'bad-credentials',
    cause: 'bad_credentials',
    weight: 3,
    alternatives: ['expired_credentials', 'no_credentials'],
    pattern:
      /\b(?:invalid|incorrect|wrong|bad|malformed) (?:username|user ?name|password|credentials?|token|api[- ]?key|login|auth(?:entication)?(?: config\w{0,9}| field| header)?)\b|\b(?:authentication|login|logon) failed\b|\bauthorization failed\b|\bauth field\b|\bbase64\b/i,
  },
  {
    id: 'unauthorized',
    cause: 'no_credentials',
    weight: 2,
    statuses: [401],
    alternatives: ['bad_credentials', 'expired_credentials'],
    // "auth error" is how terse pullers (MikroTik RouterOS's container, nasnet-panel#263) word a
    // refusal at the token or manifest step, naming no credential sent: the same as a bare 401.
    pattern:
      /\bunauthori[sz]ed\b|\bunauthenticated\b|\bauth(?:entication)? error\b|\bauthentication (?:is )?required\b|\bnot authenticated\b|\b(?:login|logon|credentials?) (?:is |are )?required\b|\bno (?:basic auth )?credentials\b|\bno (?:[\w-]{1,20} ){0,3}(?:username|user name|password|credentials?|token) (?:provided|given|configured|found|set)\b/i,
  },
  {
    id: 'denied',
    cause: 'insufficient_scope',
    weight: 2,
    statuses: [403],
    alternatives: ['no_credentials', 'repo_not_found'],
    pattern:
      /\bforbidden\b|\b(?:access|permission|request) (?:is )?denied\b|\bdenied\b|\bnot authori[sz]ed\b|\bnot allowed\b|\binsufficient[_ ](?:scope|permissions?|privileges?)\b|\bno permission\b|\bPermissionDenied\b/i,
  },
  {
    // The bytes or the answer the registry (or a mirror in front of it) served are not what the
    // protocol promised: a blob that does not hash to its digest, a blob it just listed that it
    // does not have, a redirect loop. pull-causes.ts calls that the registry failing.
    id: 'registry-served-wrong',
    cause: 'registry_error',
    weight: 3,
    alternatives: ['proxy'],
    pattern:
      /\bdigest (?:did not|does not|doesn't) match\b|\bverification failed for digest\b|\bunexpected commit digest\b|\bnot a valid digest\b|\bblob unknown\b|\bBLOB_UNKNOWN\b|\bstopped after \d{1,3} redirects\b|\btoo many redirects\b/i,
  },
  {
    // An HTML or XML page where a registry answers a 4xx in distribution's errcode JSON (docker's
    // "error parsing HTTP 403 response body: invalid character '<'"): a front end answered instead
    // of the registry (a CDN or WAF, Google's front end refusing a region, the storage a blob
    // redirect went to), so its status words are its own, not the registry's verdict on a login.
    // The corpus's 403s of that shape are all the registry's side refusing. 408 and 429 keep
    // their own words (a slow client, a rate limit).
    id: 'front-end-page',
    cause: 'registry_error',
    weight: 3,
    alternatives: ['proxy', 'unreachable'],
    pattern: /\berror parsing HTTP (?:40[0-7]|409|41\d) response body: invalid character '<'/i,
  },
  {
    id: 'server-error',
    cause: 'registry_error',
    weight: 3,
    statuses: (status) => status >= 500 || status === 400 || status === 405,
    alternatives: ['proxy'],
    pattern:
      /\binternal server error\b|\bbad gateway\b|\bservice (?:temporarily )?unavailable\b|\bgateway time-?out\b|\bserver error\b|\bunder maintenance\b|\bmaintenance mode\b/i,
  },
  // The network between.
  {
    id: 'proxy-auth',
    cause: 'proxy',
    weight: 4,
    statuses: [407],
    pattern: /\bproxy authentication required\b/i,
  },
  {
    id: 'proxy',
    cause: 'proxy',
    weight: 2,
    alternatives: ['unreachable'],
    pattern: /\bproxy(?:connect)?\b|\bHTTPS?_PROXY\b|\bsquid\b|\bzscaler\b/i,
  },
  {
    id: 'plain-http',
    cause: 'insecure_registry',
    weight: 3,
    alternatives: ['tls'],
    pattern:
      /\bHTTP response to HTTPS client\b|\binsecure[- ]registr(?:y|ies)\b|\bfirst record does not look like a TLS handshake\b|\bwrong version number\b|\bplain HTTP\b/i,
  },
  {
    id: 'certificate',
    cause: 'tls',
    weight: 3,
    pattern:
      /\bx509\b|\bcertificate\b|\bPKIX\b|\bself[- ]signed\b|\bunknown authority\b|\bCERTIFICATE_VERIFY_FAILED\b|\bbad record MAC\b|\bhandshake failure\b/i,
  },
  {
    // The bare protocol name: a "TLS handshake timeout" is a timeout first.
    id: 'tls-word',
    cause: 'tls',
    weight: 1,
    pattern: /\bSSL\b|\bTLS\b/i,
  },
  {
    // Go's resolver names the step that failed ("dial tcp: lookup <name> on <server>:53: …",
    // net/dnsclient_unix.go), so the timeout or refusal after it is the resolver's, not the
    // registry's.
    id: 'lookup-failed',
    cause: 'dns',
    weight: 4,
    alternatives: ['offline'],
    pattern: /\blookup [\w.-]{1,253} on \S{1,64}:53\b/i,
  },
  {
    // Not containers/image's "short-name resolution" (pkg/shortnames/shortnames.go, Resolve:
    // "short-name resolution enforced but cannot prompt without a TTY"): picking a registry for
    // a name written without one, before any name is looked up; no resolver is involved.
    id: 'name-resolution',
    cause: 'dns',
    weight: 3,
    alternatives: ['offline'],
    pattern:
      /\bno such host\b|\bcould not resolve\b|\b(?<!short-)(?:name|host) resolution\b|\bgetaddrinfo\b|\bNXDOMAIN\b|\bunknown host\b|\bName or service not known\b|\bnodename nor servname\b|\bserver misbehaving\b|\bENOTFOUND\b|\bEAI_AGAIN\b|\bUnknownHostException\b|\bresolve host\b/i,
  },
  {
    id: 'no-network',
    cause: 'offline',
    weight: 2,
    alternatives: ['unreachable'],
    pattern:
      /\bnetwork is down\b|\bno internet\b|\binternet connection\b|\bnot connected to the internet\b|\bno network\b|\boffline\b/i,
  },
  {
    id: 'timeout',
    cause: 'timeout',
    weight: 2,
    statuses: [408],
    alternatives: ['unreachable', 'proxy'],
    pattern:
      /\btimed? ?out\b|\btimeout\b|\bdeadline exceeded\b|\bDeadlineExceeded\b|\bETIMEDOUT\b/i,
  },
  {
    id: 'refused',
    cause: 'unreachable',
    weight: 2,
    alternatives: ['proxy', 'timeout'],
    pattern:
      /\bconnection refused\b|\brefused\b|\bECONNREFUSED\b|\bnetwork is unreachable\b|\bno route to host\b|\bunreachable\b|\bEHOSTUNREACH\b|\bENETUNREACH\b|\bconnection reset\b|\bECONNRESET\b|\bbroken pipe\b|\bunexpected EOF\b|: EOF\b|\b(?:could not|failed to|cannot|can't|unable to) connect\b/i,
  },
];

/**
 * The generic reading of a text no rule recognised (normalised by classify-message.ts), or null
 * when it carries none of the evidence above.
 */
export function readGenericEvidence(normalized: string): GenericReading | null {
  // gRPC's status ("rpc error: code = Unknown desc = …", the CRI between kubelet and runtime)
  // names the transport's code, not what the registry answered: its "Unknown" is no evidence.
  // Its NotFound is: containerd's CRI returns its errors through errgrpc.ToGRPC
  // (containerd/errdefs pkg/errgrpc/grpc.go, statusFromError: errdefs.ErrNotFound ->
  // codes.NotFound), and the resolver's 404 on the manifest is that ErrNotFound
  // (core/remotes/docker/resolver.go, "%s: %w"), so a pull's NotFound stays, as the word, when
  // the paste is cut before the resolver's own "<ref>: not found".
  const text = normalized
    .replace(GRPC_STATUS, (_status, code: string) => (code === 'NotFound' ? 'NotFound: ' : ''))
    .replace(LOCAL_PERMISSION_DENIED, 'EACCES');
  const statuses = [...text.matchAll(STATUS_CODE)]
    .filter((m) => !ENGINE_API_STATUS.test(text.slice(Math.max(0, m.index - 8), m.index + 80)))
    .map((m) => ({ code: Number(m[1] ?? m[2]), text: m[0] }));
  const scores = new Map<PullCause, { weight: number; top: EvidenceSignal; evidence: string }>();
  for (const signal of SIGNALS) {
    const evidence = evidenceFor(signal, text, statuses);
    if (evidence === null) continue;
    const current = scores.get(signal.cause);
    if (!current || signal.weight > current.weight)
      scores.set(signal.cause, { weight: signal.weight, top: signal, evidence });
  }
  // The most specific evidence decides, not the most repeated (a generic "not found" fires beside
  // every specific one); the rules' order breaks an equal weight.
  const ranked = [...scores.entries()].sort(
    ([a, x], [b, y]) => y.weight - x.weight || precedence(a) - precedence(b),
  );
  const [first, ...rest] = ranked;
  if (!first) return null;
  const [cause, { top, evidence }] = first;
  if (cause === 'unknown') return null;
  const alternatives = [...rest.map(([c]) => c), ...(top.alternatives ?? [])].filter(
    (c, i, all) => c !== cause && all.indexOf(c) === i,
  );
  return { cause, alternatives: alternatives.slice(0, 3), ruleId: `generic-${top.id}`, evidence };
}

function evidenceFor(
  signal: EvidenceSignal,
  text: string,
  statuses: { code: number; text: string }[],
): string | null {
  const { statuses: wanted } = signal;
  const status = wanted
    ? statuses.find(({ code }) =>
        typeof wanted === 'function' ? wanted(code) : wanted.includes(code),
      )
    : undefined;
  // The quoted status is the stronger evidence: it is what the server said.
  return status?.text ?? signal.pattern.exec(text)?.[0] ?? null;
}

function precedence(cause: PullCause): number {
  const at = CAUSE_PRECEDENCE.indexOf(cause);
  return at < 0 ? CAUSE_PRECEDENCE.length : at;
}
