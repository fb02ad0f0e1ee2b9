/**
 * What a pasted error names: the image references, the registry hosts, the platform, and who
 * spoke (the engine, and the orchestrator or CI tool around it). Works on any paste (a kubelet
 * event, `kubectl describe pod`, BuildKit, Compose, Podman's multi-registry list, a Prefect or
 * Airflow traceback), so the verdict and the fixes can name the real host, repository and tag.
 *
 * Every pattern is bounded; the text is the classifier's normalised form (one line, ANSI gone).
 */
import type { Extracted, ExtractedReference } from '../shared/diagnosis';
import { parseNormalizedNamed } from '../shared/reference';

/** A reference and where it was found, so the verdict can take the one nearest its evidence. */
export interface LocatedReference extends ExtractedReference {
  index: number;
}

export interface ExtractedFacts extends Extracted {
  located: LocatedReference[];
}

const REF = String.raw`[\w][\w.:/@+-]{0,400}`;

/**
 * Phrasings that quote a reference (group 1), from the tools that write them. Docker's own
 * words (moby daemon/images, distribution/pull_v2.go), containerd's and the kubelet's
 * (kuberuntime_image.go: `Failed to pull image "%s"`), Podman's (containers/image
 * docker_image_src.go: `reading manifest %s in %s`), BuildKit's, Compose's, CI runners'.
 */
const QUOTED: readonly RegExp[] = [
  new RegExp(
    String.raw`(?:Failed to pull|Back-off pulling|Pulling|pulling|Pull) image "(${REF})"`,
    'g',
  ),
  new RegExp(
    String.raw`failed to (?:pull and unpack image|resolve reference|pull image|get sandbox image) \\?"(${REF})\\?"`,
    'g',
  ),
  new RegExp(String.raw`pull access denied for (${REF}?)(?=,| repository)`, 'g'),
  // containerd's chain cut where it quotes the reference: `"docker.io/x:y": pull access denied`.
  new RegExp(String.raw`\\?"(${REF})\\?": pull access denied`, 'g'),
  new RegExp(String.raw`manifest for (${REF}?) not found`, 'g'),
  new RegExp(String.raw`Unable to find image '(${REF})' locally`, 'g'),
  // moby's own store (daemon/images, ErrImageDoesNotExist), bare or inside docker-py's 404.
  new RegExp(String.raw`No such image: (${REF}?)(?=[\s"\\)]|$)`, 'g'),
  new RegExp(String.raw`(?:initializing|Error initializing) source docker://(${REF}?)(?=: )`, 'g'),
  new RegExp(
    String.raw`Trying to pull (?:repository )?(?:docker://)?(${REF}?)(?=\.\.\.| \.\.\.|\s|$)`,
    'g',
  ),
  new RegExp(String.raw`load metadata for (${REF}?)(?=:? |$)`, 'g'),
  new RegExp(String.raw`Pulling \w[\w.-]{0,100} \((${REF})\)`, 'g'),
  new RegExp(
    String.raw`(?:Pulling image|pulling image|Pulling docker image|with image|retrieving manifest for|image manifest for|Image:)\s+"(${REF}?)"`,
    'g',
  ),
  // Unquoted, a tool's own line ("Pulling image nginx", GitLab's "with image X ...") names an
  // image; mid-sentence ("failed to scan pulling image response") a bare word may be English,
  // so there the name must show a registry, path, tag or digest.
  new RegExp(
    String.raw`(?:(?:Pulling image|Pulling docker image|with image|Image:)\s+|(?:pulling image|retrieving manifest for|image manifest for)\s+(?=[\w-]*[./:@]))(${REF}?)(?=[\s,]|\.{3}|$)`,
    'g',
  ),
  new RegExp(
    String.raw`\b(?:docker|podman|nerdctl|crictl|ctr images|ctr|buildah|skopeo copy|docker image|docker compose|flake-ctl podman) pull (?:--?[\w-]+(?:[ =][^\s-][^\s]*)? ){0,4}(?:docker://)?(${REF})`,
    'g',
  ),
  new RegExp(
    String.raw`\b(?:docker|podman) (?:container )?run (?:--?[\w-]+(?:[ =][^\s-][^\s]*)? ){0,8}(${REF})`,
    'g',
  ),
  new RegExp(String.raw`\bFROM (${REF})`, 'g'),
  // BuildKit prefixes the failing name: "failed to solve: alpine: failed to resolve source
  // metadata", and before v0.11 "failed to solve: alpine: pulling from host H failed with status code".
  new RegExp(
    String.raw`(?:failed to solve: (${REF}?)|(?:^|\s)([\w][\w.-]{0,200}[/:][\w.:/@+-]{1,300}?)): (?:failed to (?:authorize|resolve|do request|copy|fetch)|pulling from host )`,
    'g',
  ),
];

/** An API URL names host, repository and tag or digest: https://HOST/v2/REPO/manifests/REF. */
const MANIFEST_URL =
  /https?:\/\/([\w.-]{1,253}(?::\d{1,5})?)\/v2\/([\w./-]{1,400}?)\/manifests\/([\w.:-]{1,200})/g;
/** The Docker API's own create call: images/create?tag=T&fromImage=NAME (docker-py tracebacks). */
const CREATE_CALL =
  /images\/create\?(?:tag=([\w.-]{1,128})&)?fromImage=([\w.%-]{1,400})(?:&tag=([\w.-]{1,128}))?/g;
/** Any registry endpoint: Get https://HOST/v2/ and token realms. */
const HOST_URL =
  /https?:\/\/([\w.-]{1,253}(?::\d{1,5})?)\/(?:v[12]\/|token|oauth2\/token|service\/token|auth|jwt\/auth)/g;

const PLATFORM =
  /\b(linux|windows|darwin)\/(amd64|arm64|arm|386|ppc64le|s390x|riscv64|mips64le)(?:\/(v\d))?\b/i;

/** Docker Hub's API and auth hosts all mean docker.io. */
const DOCKER_HUB_HOSTS = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'auth.docker.io',
  'production.cloudflare.docker.com',
]);

export function registryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_HOSTS.has(lower) ? 'docker.io' : lower;
}

/** Who spoke, most specific first: their own wording gives them away. */
const ENGINES: readonly [string, RegExp][] = [
  [
    'kubelet',
    /Failed to pull image "|ErrImagePull|ImagePullBackOff|Back-off pulling image|kubelet/,
  ],
  ['nerdctl', /\bnerdctl\b/],
  ['containerd', /failed to pull and unpack image|\bctr: |\bcrictl\b|remote_image\.go|containerd/],
  ['buildkit', /failed to solve|load metadata for|#\d{1,4} ERROR|\[internal\]/],
  ['podman', /\bpodman\b|\bbuildah\b|\bskopeo\b|initializing source docker:\/\/|Trying to pull /],
  ['compose', /docker-compose|docker compose|Pulling \w[\w.-]{0,100} \(|ERROR: for /],
  ['docker', /Error response from daemon|\bdocker(?:\.exe)?:? |docker pull|Unable to find image/],
];

const TOOLS: readonly [string, RegExp][] = [
  ['prefect', /\bprefect[._]/i],
  ['dagster', /\bdagster/i],
  ['airflow', /\bairflow\b|taskinstance\.py|DockerOperator/],
  ['gitlab-runner', /gitlab-runner|Using Docker executor|Preparation failed/],
  ['github-actions', /\/home\/runner\/work|##\[error\]|Process completed with exit code/],
  ['helm', /INSTALLATION FAILED|\bhelm\b/],
  ['jib', /jib-maven-plugin|jib-gradle-plugin/],
  ['docker-py', /docker\.errors\.|http\+docker:\/\//],
];

/**
 * An ECS task's own words around a failed pull: the ECS agent's CannotPullContainerError and
 * Fargate's ResourceInitializationError and its "check your task network configuration". Such a
 * pull ran in the task, on AWS: nothing changed on this machine's engine reaches it.
 */
const ECS_TASK =
  /\bCannotPullContainerError\b|\bResourceInitializationError\b|\bcheck your task network configuration\b|\bconnection issue between the task and\b/i;

export function isEcsTaskPull(text: string): boolean {
  return ECS_TASK.test(text);
}

export function extractFacts(normalized: string): ExtractedFacts {
  const located: LocatedReference[] = [];
  const seen = new Set<string>();
  const add = (text: string, index: number) => {
    const cleaned = text.replace(/[.,;:'"\\)\]]+$/, '');
    if (!cleaned || seen.has(cleaned)) return;
    const parsed = parseReference(cleaned);
    if (!parsed) return;
    seen.add(cleaned);
    located.push({ ...parsed, text: cleaned, index });
  };

  for (const pattern of QUOTED) {
    for (const m of normalized.matchAll(pattern)) add(m[1] ?? m[2] ?? '', m.index);
  }
  for (const m of normalized.matchAll(MANIFEST_URL)) {
    const [, host = '', repo = '', ref = ''] = m;
    const registry = registryHost(host);
    const text = `${registry}/${repo}${ref.startsWith('sha256:') ? `@${ref}` : `:${ref}`}`;
    add(text, m.index);
  }
  for (const m of normalized.matchAll(CREATE_CALL)) {
    const tag = m[1] ?? m[3];
    const name = safeDecode(m[2] ?? '');
    if (name) add(`${name}${tag ? `:${tag}` : ''}`, m.index);
  }

  const registries: string[] = [];
  const addHost = (host: string) => {
    const h = registryHost(host);
    if (!registries.includes(h)) registries.push(h);
  };
  for (const r of located) if (r.registry) addHost(r.registry);
  for (const m of normalized.matchAll(HOST_URL)) addHost(m[1] ?? '');

  const platform = PLATFORM.exec(normalized)?.[0]?.toLowerCase() ?? null;
  const engine = ENGINES.find(([, p]) => p.test(normalized))?.[0] ?? null;
  const tool = TOOLS.find(([, p]) => p.test(normalized))?.[0] ?? null;
  return {
    references: located.map(({ index: _index, ...r }) => r),
    located,
    registries,
    platform,
    engine,
    tool,
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

/** A reference as the engine reads it, or null for text that only looks like one. */
function parseReference(text: string): Omit<ExtractedReference, 'text'> | null {
  // Placeholders and redactions (<IP>, ***, {PROJECT}) are not references.
  if (/[<>{}*]/.test(text) || text.length > 512) return null;
  // A bare word with no tag, digest or slash is as likely prose ("docker pull issue") as an image.
  if (!/[/:@]/.test(text) && !/^[a-z0-9][a-z0-9._-]{1,80}$/.test(text)) return null;
  try {
    const ref = parseNormalizedNamed(text);
    const tag = ref.digest ? ref.tag || null : ref.tag || 'latest';
    return {
      image: `${ref.domain}/${ref.path}${ref.tag ? `:${ref.tag}` : ref.digest ? '' : ':latest'}${ref.digest ? `@${ref.digest}` : ''}`,
      registry: ref.domain,
      repository: ref.path,
      tag,
      digest: ref.digest || null,
    };
  } catch {
    return null;
  }
}

/** The reference nearest a position (the classifier's evidence), else the first one. */
export function nearestReference(
  facts: ExtractedFacts,
  at: number,
  registry?: string | null,
): LocatedReference | null {
  const pool = registry ? facts.located.filter((r) => r.registry === registry) : facts.located;
  let best: LocatedReference | null = null;
  for (const r of pool.length ? pool : facts.located) {
    if (!best || Math.abs(r.index - at) < Math.abs(best.index - at)) best = r;
  }
  return best;
}
