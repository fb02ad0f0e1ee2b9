/**
 * The engines' own wordings (source-wordings.tsv) as they reach a user: wrapped by the program
 * between the engine and the paste, and by the paste itself. Each wrapper is written from the
 * source that prints it and is put only around the rows its engine could print, so each check is
 * a shape a real paste can have. A wrapper must never change the cause the wording carries.
 *
 * Programs that wrap one engine's text (which rows they take):
 *  - kubelet's event, `Failed to pull image "IMG": <CRI error>` (kubernetes/kubernetes
 *    pkg/kubelet/images/image_manager.go, EnsureImageExists/pullImage: fmt.Sprintf("Failed to
 *    pull image %q: %v")), the CRI error being gRPC's `rpc error: code = C desc = D`
 *    (grpc/grpc-go status/status.go, Status.Error): containerd's CRI texts, CRI-O's (the
 *    containers/image errors without podman's "Error: "), and moby's under the dockershim
 *    (Kubernetes <= 1.23, whose client error is moby's "Error response from daemon: …");
 *  - the same event in `kubectl describe pod`'s Events table (kubernetes/kubectl
 *    pkg/describe/describe.go, DescribeEvents: Type, Reason, Age "(xN over D)", From, Message),
 *    among the lines the kubelet writes beside it (Pulling, ErrImagePull, BackOff), and `kubectl
 *    events`' table (kubernetes/kubectl pkg/cmd/events/event_printer.go: LAST SEEN, TYPE, REASON,
 *    OBJECT, MESSAGE);
 *  - the event as `kubectl get events -o json` prints it (encoding/json: `\"`, and <, >, & as
 *    \u003c, \u003e, \u0026), the container status as `-o yaml` prints it (go-yaml: a
 *    single-quoted scalar, '' for ', folded at 80 columns), and the kubelet's journal line
 *    (kubernetes/cri-client pkg/remote_image.go, PullImage: klog.ErrorS(err, "PullImage from image
 *    service failed", "image", …), klog quoting err="…" with `\"`);
 *  - crictl (kubernetes-sigs/cri-tools cmd/crictl/image.go: "pulling image: %w", logrus FATA);
 *  - containerd's journal (containerd/containerd internal/cri/instrument/instrumented_service.go,
 *    PullImage: log.WithError(err).Errorf("PullImage %q failed"), logrus' text format quoting
 *    msg="…" and error="…" with `\"`), and nerdctl's fatal line in the same format when its
 *    output is not a terminal (a CI log);
 *  - containerd's own wrapping of a resolver error (containerd/containerd
 *    internal/cri/server/images/image_pull.go: "failed to pull and unpack image %q: %w";
 *    core/remotes/docker/resolver.go: "failed to resolve reference %q: %w", "failed to do
 *    request: %w"), and of Go's network errors the same way;
 *  - podman (containers/common libimage/pull.go: "Trying to pull %s..." before the pull;
 *    libimage/copier.go, Copier.copyToStorage: "unable to copy from source %s: %w", Podman 4.4+;
 *    containers/image copy/copy.go "initializing source %s: %w", docker/docker_client.go
 *    "pinging container registry %s: %w"; cmd/podman/main.go prints "Error: ");
 *  - BuildKit through buildx (moby/buildkit client/solve.go "failed to solve: %w";
 *    frontend/dockerfile "IMG: failed to resolve source metadata for IMG: %w"; docker/buildx
 *    prints "ERROR: "), and docker/build-push-action's `##[error]buildx failed with: …`
 *    (src/main.ts);
 *  - the engine API's JSON error body as a client that is not the CLI shows it (moby/moby
 *    api/server/httputils: {"message":"…"}), and dockerode's (apocas/docker-modem lib/modem.js,
 *    Modem.prototype.buildPayload: "(HTTP code %d) <the caller's word or 'unexpected'> - <body> ",
 *    the body raw JSON in older versions: Kitematic, Portainer);
 *  - the docker CLI (moby/moby client/errors.go: "Error response from daemon: %s"; docker/cli
 *    cli/command/container/run.go: "Unable to find image '%s' locally" and "docker: %v" then
 *    "See 'docker run --help'.");
 *  - compose v1 (docker/compose@1.29.2 compose/service.py "Pulling %s (%s)...", the daemon's
 *    message logged as "ERROR: %s") and v2 (docker/compose pkg/progress/tty.go: "[+] Running",
 *    " ✘ svc Error <message cut to the terminal> 1.5s", then cli's "Error response from daemon:");
 *  - docker-py (docker/docker-py docker/errors.py, APIError.__str__: "{code} Server Error for
 *    {url}: {reason}" or "{code} Client Error …", then ("{explanation}"); docker-py < 4.3:
 *    "{code} Server Error: {reason} ("{explanation}")"); its status is what moby's
 *    errdefs give (404 for a missing image, tag or platform, 500 otherwise:
 *    moby/moby api/server/httpstatus/status.go);
 *  - Prefect's docker worker (PrefectHQ/prefect prefect_docker/worker.py, _pull_image: raise
 *    RuntimeError(f"Docker pull failed for {image}: {line['error']}"), logged with its traceback
 *    by prefect/workers/base.py's "Failed to submit flow run … to infrastructure.");
 *  - GitLab's runner (gitlabhq/gitlab-runner executors/docker/internal/pull/manager.go:
 *    "Pulling docker image %s ...", "Failed to pull image with policy %q: %v", "failed to pull
 *    image %q with specified policies %v: %w", with the logger's "(manager.go:N:0s)" suffix and
 *    "ERROR: Job failed: ").
 *  - Terraform's docker provider (kreuzwerker/terraform-provider-docker, docker_image: "unable to
 *    pull image %s: error pulling image %s: %w") in Terraform's diagnostic box, word-wrapped at the
 *    terminal with "│ " before each line (hashicorp/terraform internal/command/format/diagnostic.go);
 *  - Ansible's community.docker (docker_image: "Error pulling image %s:%s - %s" with docker-py's
 *    error) in its JSON result line, `fatal: [host]: FAILED! => {"changed": false, "msg": …}`
 *    (json.dumps: `\"`, non-ASCII as \uXXXX);
 *  - Nomad's docker driver (hashicorp/nomad drivers/docker: "Failed to pull `%s`: %s") over
 *    go-dockerclient's "API error (%d): %s" (fsouza/go-dockerclient client.go, Error.Error);
 *  - the classic builder (moby builder/dockerfile, FROM's pull: the daemon's message in the build's
 *    JSON stream, printed by the CLI without "Error response from daemon") after its "Step 1/3 :
 *    FROM IMG";
 *  - a Python program running the CLI (subprocess.CalledProcessError, its stderr shown as a bytes
 *    repr: b"…\n", or b'…\'…' when the text holds both quotes);
 *  - Windows PowerShell 5.1 running the docker CLI (its ErrorRecord view of a native command's
 *    stderr: "docker : <message>" word-wrapped at the console's width, "At line:1 char:1", and
 *    "+ CategoryInfo : NotSpecified: (<first 15>...<last 15>:String) [], RemoteException";
 *    PowerShell/PowerShell src/System.Management.Automation/engine/ErrorPackage.cs,
 *    ErrorCategoryInfo.Ellipsize).
 * What any paste can carry, around any row: ANSI colours (and their text once the ESC byte is
 * lost), a console's CRLF rows, a long line hard-wrapped by a terminal at its width, a Markdown
 * quote's "> " on every line, and a GitHub Actions log (actions/runner: each line prefixed by
 * its "2024-05-01T10:00:00.1234567Z " timestamp, "##[error]" on the runner's own error lines).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseMessage } from '../../../src/diagnose/probe';
import { PullCause } from '../../../src/shared/pull-causes';

interface Wording {
  line: number;
  cause: PullCause;
  stored: boolean | undefined;
  text: string;
  source: string;
}

const FILE = join(__dirname, '..', '..', 'fixtures', 'diagnose', 'source-wordings.tsv');

function loadWordings(): Wording[] {
  const out: Wording[] = [];
  const lines = readFileSync(FILE, 'utf8').split('\n');
  let header = true;
  lines.forEach((row, i) => {
    if (row.trim() === '' || row.startsWith('#')) return;
    if (header) {
      header = false;
      return;
    }
    const [cause, context, text, source] = row.split('\t');
    out.push({
      line: i + 1,
      cause: PullCause.parse(cause),
      stored: context === '-' ? undefined : context === 'stored=true',
      text: text ?? '',
      source: source ?? '',
    });
  });
  return out;
}

const DAEMON = 'Error response from daemon: ';
const ESC = String.fromCharCode(27);
const NOT_FOUND_CAUSES = new Set<PullCause>([
  'repo_not_found',
  'tag_not_found',
  'platform_mismatch',
]);

/** The image the row itself names (a wrapper that names one must name the same), or null. */
function imageOf(text: string): string | null {
  const hub = (host: string) =>
    /^(?:registry-1|index)\.docker\.io$/.test(host) ? 'docker.io' : host;
  const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
    [/(?:image|reference) "([^"\s]+)"/, (m) => m[1] ?? ''],
    [/docker:\/\/([^\s"]+?):? /, (m) => m[1] ?? ''],
    [/pull access denied for ([^\s,]+),/, (m) => m[1] ?? ''],
    [/manifest for (\S+) not found/, (m) => m[1] ?? ''],
    [/Docker pull failed for (\S+?): /, (m) => m[1] ?? ''],
    [
      /https:\/\/([\w.-]+(?::\d+)?)\/v2\/([\w./-]+?)\/manifests\/([\w.-]+)/,
      (m) => `${hub(m[1] ?? '')}/${m[2] ?? ''}:${m[3] ?? ''}`,
    ],
    [
      /https?:\/\/([\w.-]+(?::\d+)?)\/v2\/"/,
      (m) =>
        hub(m[1] ?? '') === 'docker.io' ? 'docker.io/library/alpine:3.20' : `${m[1]}/team/app:1.0`,
    ],
  ];
  for (const [pattern, image] of patterns) {
    const m = pattern.exec(text);
    if (m) return image(m);
  }
  return null;
}

/** Which engine printed the row, read from its text and its source. */
function shapes(w: Wording) {
  const t = w.text;
  const daemon = t.startsWith(DAEMON) ? t.slice(DAEMON.length) : null;
  // Go's network errors, as moby prints them: `Get "URL": <error>`.
  const goNet =
    daemon !== null && /^golang\/go@/.test(w.source)
      ? /^(?:Get|Head) "(https?:\/\/[^"]+)": (.+)$/.exec(daemon)
      : null;
  const image = imageOf(t);
  let containerd: string | null = null;
  if (t.startsWith('failed to pull and unpack image "')) containerd = t;
  else if (image && t.startsWith('failed to resolve reference "'))
    containerd = `failed to pull and unpack image "${image}": ${t}`;
  else if (image && t.startsWith('failed to do request: '))
    containerd = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${t}`;
  else if (image && goNet)
    containerd = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "${manifestUrl(goNet[1] ?? '', image)}": ${goNet[2]}`;
  // containers/image, as CRI-O hands it to the kubelet (podman's CLI adds "Error: ").
  const fromImageLib = /^containers\/(?:image|container-libs)@|^cri-o\/cri-o@/.test(w.source);
  const crio =
    fromImageLib && t.startsWith('Error: ')
      ? t.slice('Error: '.length)
      : /^cri-o\/cri-o@/.test(w.source) && !t.startsWith('Failed to pull image')
        ? t
        : null;
  const podman =
    fromImageLib && t.startsWith('Error: ')
      ? t
      : image && goNet
        ? `Error: initializing source docker://${image}: pinging container registry ${hostOf(goNet[1] ?? '')}: Get "${baseUrl(goNet[1] ?? '')}": ${goNet[2]}`
        : null;
  const buildkit = t.startsWith('ERROR: failed to solve: ')
    ? t
    : image && goNet
      ? `ERROR: failed to solve: ${image}: failed to resolve source metadata for ${image}: failed to do request: Head "${manifestUrl(goNet[1] ?? '', image)}": ${goNet[2]}`
      : null;
  // The error the CRI returns to the kubelet, and the kubelet's event around it.
  const code = NOT_FOUND_CAUSES.has(w.cause) ? 'NotFound' : 'Unknown';
  const cri = containerd ?? crio ?? (daemon !== null && image ? t : null);
  const event = t.startsWith('Failed to pull image "')
    ? t
    : image && cri
      ? `Failed to pull image "${image}": rpc error: code = ${code} desc = ${cri}`
      : null;
  return { daemon, image, containerd, crio, podman, buildkit, cri, code, event };
}

function hostOf(url: string): string {
  return /^https?:\/\/([^/"]+)/.exec(url)?.[1] ?? '';
}
function baseUrl(url: string): string {
  return `https://${hostOf(url)}/v2/`;
}
/** The manifest URL the resolver asks for the image, on the host the row's URL names. */
function manifestUrl(url: string, image: string): string {
  const m = /^[^/]+\/(.+):([\w.-]+)$/.exec(image);
  return `https://${hostOf(url)}/v2/${m?.[1] ?? 'team/app'}/manifests/${m?.[2] ?? 'latest'}`;
}

/** Go's encoding/json string body: `\"`, `\\`, and HTML's <, >, & escaped. */
function jsonEscape(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** Python's repr of bytes: double quotes when the text holds ' and no ", else single, escaped. */
function pyBytesRepr(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  if (s.includes("'") && !s.includes('"')) return `b"${body}"`;
  return `b'${body.replace(/'/g, "\\'")}'`;
}

/** Python's json.dumps of a string: `\"`, and every non-ASCII character as \uXXXX. */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The body of Go's strconv.Quote, as klog and logrus quote a value: `\"`, `\\`, no HTML escapes. */
function goQuoted(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** go-yaml's single-quoted scalar: '' for ', folded at spaces past 80 columns, indented. */
function yamlScalar(key: string, s: string, indent: string): string {
  const words = `${key}: '${s.replace(/'/g, "''")}'`.split(' ');
  const lines: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.trim() !== '' && line.length + word.length + 1 > 80) {
      lines.push(line);
      line = `${indent}  ${word}`;
    } else line = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** A terminal's hard wrap: every line cut at the width, mid-word or not. */
function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => line.match(new RegExp(`.{1,${width}}`, 'g')) ?? [''])
    .join('\n');
}

/** A console formatter's wrap at word ends, the space kept at the end of each line. */
function wordWrap(text: string, width: number): string {
  return (text.match(new RegExp(`.{1,${width - 1}}(?: |$)|\\S{${width},}`, 'g')) ?? [text]).join(
    '\r\n',
  );
}

function githubLog(lines: string[]): string {
  return lines
    .map(
      (line, i) => `2024-05-01T10:00:0${i % 10}.${String(1234567 + i * 1111).slice(0, 7)}Z ${line}`,
    )
    .join('\n');
}

interface Wrapped {
  wrapper: string;
  text: string;
}

function wrapped(w: Wording): Wrapped[] {
  const s = shapes(w);
  const t = w.text;
  const out: Wrapped[] = [];
  const add = (wrapper: string, text: string | null) => {
    if (text !== null) out.push({ wrapper, text });
  };
  const image = s.image;

  // Any paste.
  add('ansi', `${ESC}[1m${ESC}[31m${t}${ESC}[0m`);
  add('ansi, ESC lost', `[1m[31m${t}[0m`);
  // Windows' console copies its buffer's rows, each ended by CRLF.
  add('windows console', hardWrap(t, 120).replace(/\n/g, '\r\n') + '\r\n');
  add('terminal wrap 80', hardWrap(t, 80));
  add('terminal wrap 100', hardWrap(`${t}\n$ `, 100));
  add(
    'markdown quote',
    hardWrap(t, 80)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
  );
  add('github actions', githubLog([t, '##[error]Process completed with exit code 1.']));

  // kubelet and what prints its event.
  if (s.event !== null) {
    const ev = s.event;
    add('kubelet event', ev);
    // Kubelets whose CRI client passes the runtime's message without gRPC's status.
    add('kubelet event, no grpc status', ev.replace(/rpc error: code = \w+ desc = /, ''));
    add(
      'kubectl describe',
      [
        'Events:',
        '  Type     Reason     Age                From               Message',
        '  ----     ------     ----               ----               -------',
        `  Normal   Scheduled  2m                 default-scheduler  Successfully assigned default/app-5d8f to node-1`,
        `  Normal   Pulling    47s (x4 over 2m)   kubelet            Pulling image "${image ?? 'app'}"`,
        `  Warning  Failed     12s (x3 over 1m)   kubelet            ${ev}`,
        '  Warning  Failed     12s (x4 over 2m)   kubelet            Error: ErrImagePull',
        `  Normal   BackOff    1s (x6 over 2m)    kubelet            Back-off pulling image "${image ?? 'app'}"`,
        '  Warning  Failed     1s (x6 over 2m)    kubelet            Error: ImagePullBackOff',
      ].join('\n'),
    );
    add(
      'kubectl events',
      [
        'LAST SEEN   TYPE      REASON    OBJECT                   MESSAGE',
        `47s         Normal    Pulling   pod/app-5d8f7c9b4-x2x7q   Pulling image "${image ?? 'app'}"`,
        `12s         Warning   Failed    pod/app-5d8f7c9b4-x2x7q   ${ev}`,
        '12s         Warning   Failed    pod/app-5d8f7c9b4-x2x7q   Error: ErrImagePull',
      ].join('\n'),
    );
    add(
      'kubectl events json',
      [
        '{',
        '    "kind": "Event",',
        `    "message": "${jsonEscape(ev)}",`,
        '    "reason": "Failed",',
        '}',
      ].join('\n'),
    );
    if (s.cri !== null) {
      const rpc = `rpc error: code = ${s.code} desc = ${s.cri}`;
      add(
        'pod status yaml',
        [
          '  containerStatuses:',
          `  - image: ${image ?? 'app'}`,
          '    state:',
          '      waiting:',
          yamlScalar('message', rpc, '        '),
          '        reason: ErrImagePull',
        ].join('\n'),
      );
      add(
        'kubelet journal (klog)',
        `E0501 10:00:00.123456    2345 remote_image.go:180] "PullImage from image service failed" err="${goQuoted(rpc)}" image="${image ?? 'app'}"`,
      );
      add('crictl', `FATA[0001] pulling image: ${rpc}`);
    }
  }

  // containerd's own wrapping, its journal, and nerdctl's fatal line in a CI log.
  if (s.containerd !== null) {
    if (s.containerd !== t) add('containerd', s.containerd);
    add('ctr', `ctr: ${s.containerd}`);
    add(
      'containerd journal',
      `time="2024-05-01T10:00:00.123456789Z" level=info msg="PullImage \\"${image ?? 'app'}\\""\ntime="2024-05-01T10:00:02.123456789Z" level=error msg="PullImage \\"${image ?? 'app'}\\" failed" error="${goQuoted(s.containerd)}"`,
    );
    const resolve = s.containerd.replace(/^failed to pull and unpack image "[^"]+": /, '');
    add('nerdctl in CI', `time="2024-05-01T10:00:00Z" level=fatal msg="${goQuoted(resolve)}"`);
  }

  // podman, and its preamble.
  if (s.podman !== null) {
    if (s.podman !== t) add('podman', s.podman);
    if (
      image &&
      /^Error: (?:initializing source|copying system image|choosing an image)/.test(s.podman)
    )
      add(
        'podman 4.4+ copy',
        `Error: unable to copy from source docker://${image}: ${s.podman.slice('Error: '.length)}`,
      );
    add(
      'podman trying to pull',
      `Trying to pull ${image ?? 'docker.io/library/app:latest'}...\n${s.podman}`,
    );
  }

  // BuildKit.
  if (s.buildkit !== null) {
    if (s.buildkit !== t) add('buildkit', s.buildkit);
    add(
      'build-push-action',
      githubLog([
        `#4 ERROR: ${s.buildkit.slice('ERROR: '.length)}`,
        '------',
        `##[error]buildx failed with: ${s.buildkit}`,
      ]),
    );
  }

  // The docker daemon's message, through each of its clients.
  if (s.daemon !== null) {
    const core = s.daemon;
    add(
      'docker run',
      `${image ? `Unable to find image '${image}' locally\n` : ''}docker: ${t}\nSee 'docker run --help'.`,
    );
    if (image) {
      add(
        'terraform',
        [
          'docker_image.app: Creating...',
          '╷',
          ...wordWrap(
            `Error: Unable to read Docker image into resource: unable to pull image ${image}: error pulling image ${image}: ${t}`,
            98,
          )
            .split('\r\n')
            .map((line) => `│ ${line}`),
          '│ ',
          '│   with docker_image.app,',
          '│   on main.tf line 12, in resource "docker_image" "app":',
          '│   12: resource "docker_image" "app" {',
          '│ ',
          '╵',
        ].join('\n'),
      );
      const [repo, tag] = splitImage(image);
      const status = NOT_FOUND_CAUSES.has(w.cause) ? 404 : 500;
      const dockerPy =
        status === 404
          ? `404 Client Error for http+docker://localhost/v1.41/images/create?tag=${tag}&fromImage=${encodeURIComponent(repo)}: Not Found ("${core}")`
          : `500 Server Error for http+docker://localhost/v1.41/images/create?tag=${tag}&fromImage=${encodeURIComponent(repo)}: Internal Server Error ("${core}")`;
      add(
        'ansible',
        `fatal: [localhost]: FAILED! => {"changed": false, "msg": ${asciiJson(`Error pulling image ${repo}:${tag} - ${dockerPy}`)}}`,
      );
      add('nomad', `Failed to pull \`${image}\`: API error (${status}): ${core}`);
    }
    add(
      'python subprocess',
      `subprocess.CalledProcessError: Command '['docker', 'pull', '${image ?? 'app'}']' returned non-zero exit status 1.\nstderr: ${pyBytesRepr(`${t}\n`)}`,
    );
    if (image)
      add(
        'docker build (classic)',
        `Sending build context to Docker daemon  2.048kB\nStep 1/3 : FROM ${image}\n${core}`,
      );
    // The command line PowerShell echoes names the image only when the row does.
    const command = image ? `docker pull ${image}` : 'docker compose pull';
    add(
      'powershell 5.1',
      [
        wordWrap(`docker : ${t}`, 120),
        'At line:1 char:1',
        `+ ${command}`,
        `+ ${'~'.repeat(command.length)}`,
        `    + CategoryInfo          : NotSpecified: (${t.length > 40 ? `${t.slice(0, 15)}...${t.slice(-15)}` : t}:String) [], RemoteException`,
        '    + FullyQualifiedErrorId : NativeCommandError',
        ' ',
      ].join('\r\n'),
    );
    add('engine API json', `{"message":"${jsonEscape(core)}"}`);
    // docker-modem under dockerode: moby's 404 for what is missing, 500 for the rest; dockerode's
    // pull names only the 500 ("server error"), any other status is "unexpected". Old versions
    // (Kitematic's) put the engine's raw JSON body after the dash.
    const modemStatus = NOT_FOUND_CAUSES.has(w.cause) ? 404 : 500;
    const modemWord = modemStatus === 500 ? 'server error' : 'unexpected';
    add('dockerode', `(HTTP code ${modemStatus}) ${modemWord} - ${core} `);
    add(
      'dockerode (old, raw JSON)',
      `(HTTP code ${modemStatus}) ${modemWord} - {"message":"${jsonEscape(core)}"} `,
    );
    add(
      'docker-py (old)',
      `docker.errors.APIError: 500 Server Error: Internal Server Error ("${core}")`,
    );
    if (image) {
      const [repo, tag] = splitImage(image);
      const url = `http+docker://localhost/v1.41/images/create?tag=${encodeURIComponent(tag)}&fromImage=${encodeURIComponent(repo)}`;
      add(
        'docker-py',
        NOT_FOUND_CAUSES.has(w.cause)
          ? `docker.errors.NotFound: 404 Client Error for ${url}: Not Found ("${core}")`
          : `docker.errors.APIError: 500 Server Error for ${url}: Internal Server Error ("${core}")`,
      );
      add('compose v1', `Pulling app (${image})...\nERROR: ${core}`);
      add('compose v2', `[+] Running 0/1\n ✘ app Error ${core.slice(0, 40)}...  1.5s\n${t}`);
      add(
        'prefect worker',
        [
          `10:00:00.123 | ERROR   | prefect.flow_runs.worker - Failed to submit flow run 'c0ffee00-1234-4cde-8f00-123456789abc' to infrastructure.`,
          'Traceback (most recent call last):',
          '  File "/usr/local/lib/python3.11/site-packages/prefect/workers/base.py", line 1013, in _submit_run_and_capture_errors',
          '    result = await self.run(',
          '  File "/usr/local/lib/python3.11/site-packages/prefect_docker/worker.py", line 475, in _create_and_start_container',
          '    self._pull_image(docker_client, configuration)',
          '  File "/usr/local/lib/python3.11/site-packages/prefect_docker/worker.py", line 679, in _pull_image',
          '    raise RuntimeError(',
          `RuntimeError: Docker pull failed for ${image}: ${core}`,
        ].join('\n'),
      );
      add(
        'gitlab runner',
        [
          `section_start:1714557600:prepare_executor\r${ESC}[0K${ESC}[0K${ESC}[36;1mPreparing the "docker" executor${ESC}[0;m`,
          `Pulling docker image ${image} ...`,
          `WARNING: Failed to pull image with policy "always": ${t} (manager.go:237:0s)`,
          `ERROR: Job failed: failed to pull image "${image}" with specified policies [always]: ${t} (manager.go:250:0s)`,
        ].join('\n'),
      );
    }
  }
  return out;
}

function splitImage(image: string): [string, string] {
  const m = /^(.+?)(?::([\w.-]+))?$/.exec(image);
  return [m?.[1] ?? image, m?.[2] ?? 'latest'];
}

const wordings = loadWordings();
const cases = wordings.flatMap((w) => wrapped(w).map((c) => ({ ...c, w })));

function diagnose(text: string, w: Wording) {
  const stored = w.stored;
  return diagnoseMessage(text, '', stored === undefined ? {} : { credentialStored: () => stored });
}

describe('the engines’ wordings, wrapped as they are pasted', () => {
  it('wraps every row in the shapes its engine reaches a user in', () => {
    const perWrapper = new Map<string, number>();
    for (const c of cases) perWrapper.set(c.wrapper, (perWrapper.get(c.wrapper) ?? 0) + 1);
    console.info(`wrapped wordings: ${cases.length} combinations of ${wordings.length} rows`);
    for (const [wrapper, n] of perWrapper) console.info(`  ${wrapper}: ${n}`);
    // Every engine-specific wrapper reaches rows (a wrapper no row fits tests nothing).
    for (const wrapper of [
      'kubelet event',
      'kubectl describe',
      'kubectl events',
      'kubectl events json',
      'pod status yaml',
      'kubelet journal (klog)',
      'containerd',
      'containerd journal',
      'nerdctl in CI',
      'podman',
      'podman 4.4+ copy',
      'engine API json',
      'dockerode',
      'dockerode (old, raw JSON)',
      'powershell 5.1',
      'podman trying to pull',
      'buildkit',
      'docker-py',
      'docker-py (old)',
      'compose v1',
      'compose v2',
      'prefect worker',
      'gitlab runner',
    ])
      expect(perWrapper.get(wrapper) ?? 0, wrapper).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.w.cause, c.wrapper, c.w.line, c] as const))(
    '%s under %s (row %i)',
    (cause, _wrapper, _line, c) => {
      expect(diagnose(c.text, c.w).cause, `${c.w.source}\n${c.text}`).toBe(cause);
    },
  );
});
