/**
 * Every error code Berth can answer with: its cause in plain words, what to do (the hint used
 * when the error carries no more specific one), and the `berth` exit status.
 *
 * HOW TO ADD A CODE
 * 1. Name it `<family>.<what_happened>` in snake_case. The family is the area that decides the
 *    answer (engine, registry, credentials, pull, run, flows, …); reuse a family before adding
 *    one. Runs are `run.*` (not `runs.*`); cancellation is always `job.cancelled`.
 * 2. Add a row below, in its family's block: `cause` reads as a title ("Docker socket not
 *    found"), `hint` says what the user can do, `exit` is INPUT (2) when the user's own input
 *    is wrong, CANCELLED (130) for a cancellation, FAILURE (1) otherwise.
 * 3. Throw it as `new BerthError('<code>', message, specificHint?, details?)`.
 *    test/unit/shared/error-catalogue.test.ts scans src/, main/ and renderer/ and fails on a
 *    code that has no row here.
 *
 * Browser-safe: the renderer imports this (for titles and fallback hints) as does the CLI.
 */

/** `berth` exit statuses: 0 is success; a failed run exits with its container's own code. */
export const EXIT_STATUS = { failure: 1, input: 2, cancelled: 130 } as const;
export type ExitStatus = (typeof EXIT_STATUS)[keyof typeof EXIT_STATUS];

export interface CatalogueEntry {
  /** What happened, in plain words; short enough for a panel title. */
  cause: string;
  /** What to do; shown when the error carries no more specific hint. */
  hint: string;
  exit: ExitStatus;
}

const FAILURE = EXIT_STATUS.failure;
const INPUT = EXIT_STATUS.input;
const CANCELLED = EXIT_STATUS.cancelled;

const RETRY = 'Try again; if it keeps happening, run the same command with --json and report it.';

export const errorCatalogue = {
  // ── jobs: long work started through a channel ──────────────────────────────────────────
  'job.cancelled': {
    cause: 'Cancelled',
    hint: 'Nothing to fix: the work was stopped on request. Start it again when you want it.',
    exit: CANCELLED,
  },
  'job.not_found': {
    cause: 'No such job',
    hint: 'The job has already finished or never existed: list running jobs with `berth jobs`.',
    exit: INPUT,
  },

  // ── the door: contract, transports, browser-mode host ──────────────────────────────────
  'request.unknown_channel': {
    cause: 'Unknown request',
    hint: 'The app and its core are different versions: restart Berth.',
    exit: INPUT,
  },
  'request.invalid': {
    cause: 'Invalid request',
    hint: 'Check the values named in the message.',
    exit: INPUT,
  },
  'request.malformed': {
    cause: 'Malformed request',
    hint: 'Send the request body as JSON.',
    exit: INPUT,
  },
  'request.bad_url': {
    cause: 'Malformed address',
    hint: 'The address has a broken percent-encoding (a % not followed by two hex digits): fix the link.',
    exit: INPUT,
  },
  'request.too_large': {
    cause: 'Request too large',
    hint: 'Send a smaller request.',
    exit: INPUT,
  },
  'request.method': {
    cause: 'Wrong HTTP method',
    hint: 'Use the method named in the message.',
    exit: INPUT,
  },
  'request.not_found': {
    cause: 'No such address',
    hint: 'Check the address; browser mode serves the app at / and its API under /api.',
    exit: INPUT,
  },
  'host.unauthorized': {
    cause: 'Wrong or missing access token',
    hint: 'Open the exact address `berth serve` printed; it carries the token.',
    exit: FAILURE,
  },
  'host.forbidden_host': {
    cause: 'Request for another host name',
    hint: 'Open Berth at 127.0.0.1 as `berth serve` printed it, not through another name or proxy.',
    exit: FAILURE,
  },
  'host.forbidden_origin': {
    cause: 'Request from another site',
    hint: 'Only pages served by Berth itself may call its API.',
    exit: FAILURE,
  },
  'host.forbidden_sender': {
    cause: 'Request from a frame Berth does not own',
    hint: 'Only Berth’s own window may call the core.',
    exit: FAILURE,
  },
  'serve.port_in_use': {
    cause: 'The port is already in use',
    hint: 'Pick another with `berth serve --port N`, or stop the program listening there.',
    exit: FAILURE,
  },
  'transport.ipc': {
    cause: 'The app’s core did not answer',
    hint: 'Restart Berth.',
    exit: FAILURE,
  },
  'transport.unreachable': {
    cause: 'Berth’s browser-mode server is not reachable',
    hint: 'Check that `berth serve` is still running, then reload the page.',
    exit: FAILURE,
  },
  'transport.malformed': {
    cause: 'Malformed reply from Berth’s core',
    hint: 'The page and the server are different versions: reload the page.',
    exit: FAILURE,
  },

  // ── the operating system ───────────────────────────────────────────────────────────────
  'os.read_only': {
    cause: 'The disk is read-only',
    hint: 'Berth keeps its files under BERTH_HOME (or the user data folder): point BERTH_HOME at a writable folder.',
    exit: FAILURE,
  },
  'os.disk_full': {
    cause: 'The disk is full',
    hint: 'Free some space on the disk that holds Berth’s files (or the engine’s data), then try again.',
    exit: FAILURE,
  },
  'os.permission_denied': {
    cause: 'Permission denied by the operating system',
    hint: 'Check the owner and mode of the file named in the message.',
    exit: FAILURE,
  },
  'os.too_many_files': {
    cause: 'Too many open files',
    hint: 'Raise the open-files limit (ulimit -n) or close other programs, then try again.',
    exit: FAILURE,
  },

  // ── the container engine ───────────────────────────────────────────────────────────────
  'engine.socket_missing': {
    cause: 'Docker socket not found',
    hint: 'Start Docker (or Podman’s docker-compatible service), or set DOCKER_HOST to the engine you use.',
    exit: FAILURE,
  },
  'engine.permission_denied': {
    cause: 'Permission denied on the Docker socket',
    hint: 'Add yourself to the docker group (then log in again), or use a rootless engine.',
    exit: FAILURE,
  },
  'engine.refused': {
    cause: 'Connection refused',
    hint: 'The engine is not running at that address: start it, or check DOCKER_HOST.',
    exit: FAILURE,
  },
  'engine.timeout': {
    cause: 'The engine did not answer in time',
    hint: 'The engine may be busy or hung: check it with `docker info`, then try again.',
    exit: FAILURE,
  },
  'engine.bad_host': {
    cause: 'The engine address is not valid',
    hint: 'Write DOCKER_HOST as unix:///path, tcp://host:port or ssh://[user@]host[:port].',
    exit: FAILURE,
  },
  'engine.bad_context': {
    cause: 'The docker context has no engine',
    hint: 'Run `docker context ls`, then `docker context use default` or another context.',
    exit: FAILURE,
  },
  'engine.unreachable': {
    cause: 'Cannot reach the engine host',
    hint: 'Check the host name in DOCKER_HOST or the docker context, and the network.',
    exit: FAILURE,
  },
  'engine.ssh_missing': {
    cause: 'No ssh client',
    hint: 'An ssh:// engine runs your `ssh` program: install OpenSSH’s client (e.g. apt install openssh-client).',
    exit: FAILURE,
  },
  'engine.ssh_failed': {
    cause: 'The SSH connection to the engine failed',
    hint: 'Check that `ssh <host> docker system dial-stdio` works in a terminal: host key, key or agent, and docker on the far side.',
    exit: FAILURE,
  },
  'engine.api': {
    cause: 'The engine refused the request',
    hint: 'Read the engine’s own words in the message.',
    exit: FAILURE,
  },
  'engine.bad_stream': {
    cause: 'The engine sent a pull message too long to be one of its own',
    hint: 'Check that DOCKER_HOST (or the docker context) points at a Docker engine, not at something else that answers HTTP.',
    exit: FAILURE,
  },
  'engine.not_found': {
    cause: 'The engine has no such object',
    hint: 'Refresh the list: it may have been removed.',
    exit: FAILURE,
  },
  'engine.image_in_use': {
    cause: 'The image is in use by a container',
    hint: 'Remove the containers that use it first, or force the removal.',
    exit: FAILURE,
  },
  'engine.conflict': {
    cause: 'The engine reports a conflict',
    hint: 'Read the engine’s own words in the message.',
    exit: FAILURE,
  },
  'engine.container_failed': {
    cause: 'The engine could not create or start the container',
    hint: 'Read the engine’s own words in the message.',
    exit: FAILURE,
  },

  // ── image references (src/shared/reference) ────────────────────────────────────────────
  'reference.empty': {
    cause: 'No image reference',
    hint: 'Give an image, e.g. python:3.12 or ghcr.io/org/app:v2.',
    exit: INPUT,
  },
  'reference.invalid_format': {
    cause: 'Not an image reference',
    hint: 'Write it as docker does, e.g. python:3.12-slim or ghcr.io/org/app:v2.',
    exit: INPUT,
  },
  'reference.tag_invalid': {
    cause: 'Invalid tag',
    hint: 'A tag is up to 128 letters, digits, _ . and -, not starting with . or -.',
    exit: INPUT,
  },
  'reference.digest_invalid': {
    cause: 'Invalid digest',
    hint: 'A digest is sha256: followed by 64 lowercase hex digits.',
    exit: INPUT,
  },
  'reference.digest_unsupported': {
    cause: 'Unsupported digest algorithm',
    hint: 'Use a sha256 digest.',
    exit: INPUT,
  },
  'reference.uppercase': {
    cause: 'Repository names are lowercase',
    hint: 'Write the repository in lowercase.',
    exit: INPUT,
  },
  'reference.name_too_long': {
    cause: 'Repository name too long',
    hint: 'A repository name is at most 255 characters.',
    exit: INPUT,
  },
  'reference.not_canonical': {
    cause: 'Not a fully qualified reference',
    hint: 'Write the registry host too, e.g. docker.io/library/python:3.12.',
    exit: INPUT,
  },
  'reference.identifier': {
    cause: 'A bare image ID, not a reference',
    hint: 'Give a repository name, or use the ID with the engine directly.',
    exit: INPUT,
  },
  'reference.bad_pattern': {
    cause: 'Invalid image pattern',
    hint: 'Example: myregistry.azurecr.io/team-a/*',
    exit: INPUT,
  },

  // ── registries (the OCI distribution API) ──────────────────────────────────────────────
  'registry.unauthorized': {
    cause: 'The registry refused the credentials',
    hint: 'Add or update the credential for this registry (berth login <registry>).',
    exit: FAILURE,
  },
  'registry.insufficient_scope': {
    cause: 'The credential has no pull access',
    hint: 'Give the credential read access to the repository, or use one that has it.',
    exit: FAILURE,
  },
  'registry.denied': {
    cause: 'Access denied',
    hint: 'Log in with an account that can read the repository.',
    exit: FAILURE,
  },
  'registry.name_unknown': {
    cause: 'No such repository',
    hint: 'Check the repository path and the registry host.',
    exit: FAILURE,
  },
  'registry.tag_unknown': {
    cause: 'No such tag',
    hint: 'Browse the repository to see the tags it has.',
    exit: FAILURE,
  },
  'registry.rate_limited': {
    cause: 'Rate limited by the registry',
    hint: 'Wait and try again, or authenticate for a higher limit.',
    exit: FAILURE,
  },
  'registry.unavailable': {
    cause: 'The registry failed on its side',
    hint: 'Try again later.',
    exit: FAILURE,
  },
  'registry.tls_file_invalid': {
    cause: 'Unreadable CA file',
    hint: 'Check SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, BERTH_EXTRA_CA_FILES and the certs.d folders.',
    exit: FAILURE,
  },
  'registry.tls_client_key_missing': {
    cause: 'Client certificate without its key',
    hint: 'Put the .key of the same name beside the .cert in the certs.d folder, or remove the certificate.',
    exit: FAILURE,
  },
  'registry.tls_client_cert_missing': {
    cause: 'Client key without its certificate',
    hint: 'Put the .cert of the same name beside the .key in the certs.d folder, or remove the key.',
    exit: FAILURE,
  },
  'registry.unreachable': {
    cause: 'Cannot reach the registry',
    hint: "Check the host name, your network, the proxy (HTTPS_PROXY) and the registry's CA (SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, BERTH_EXTRA_CA_FILES or its certs.d folder).",
    exit: FAILURE,
  },
  'registry.timeout': {
    cause: 'The registry did not answer in time',
    hint: 'Check your network, then try again.',
    exit: FAILURE,
  },
  'registry.bad_response': {
    cause: 'Unexpected answer from the registry',
    hint: 'Check the registry host: it may be a proxy or a web page rather than a registry API.',
    exit: FAILURE,
  },
  'registry.body_too_large': {
    cause: 'The registry’s answer was too large',
    hint: 'Berth stops reading oversized answers; check that the host is a registry.',
    exit: FAILURE,
  },
  'registry.too_many_redirects': {
    cause: 'Too many redirects',
    hint: 'The registry or a proxy redirects in a loop: check its configuration.',
    exit: FAILURE,
  },
  'registry.digest_mismatch': {
    cause: 'The content does not match its digest',
    hint: 'Something between you and the registry altered the content: check proxies, then try again.',
    exit: FAILURE,
  },
  'registry.insecure_realm': {
    cause: 'Credentials would be sent without TLS',
    hint: 'Use the registry over https, or mark it as an insecure registry if you trust this network.',
    exit: FAILURE,
  },
  'registry.not_a_registry': {
    cause: 'Not a registry',
    hint: 'Check the host and port: the registry host is what you write in image names, e.g. ghcr.io.',
    exit: INPUT,
  },
  'registry.bad_challenge': {
    cause: 'Unusable authentication challenge',
    hint: 'The registry asks for a kind of login Berth does not speak: report the challenge text.',
    exit: FAILURE,
  },
  'registry.pagination_loop': {
    cause: 'The registry’s tag pages loop',
    hint: 'The registry (or a proxy in front of it) paginates wrongly; the tags read so far are kept.',
    exit: FAILURE,
  },
  'registry.too_many_tags': {
    cause: 'Too many tags',
    hint: 'Browse a narrower repository.',
    exit: FAILURE,
  },
  'tags.listing_closed': {
    cause: 'The tag listing is closed',
    hint: 'Browse the repository again.',
    exit: FAILURE,
  },

  // ── credentials and the OS keychain ────────────────────────────────────────────────────
  'keychain.unavailable': {
    cause: 'The OS keychain is not available',
    hint: 'Start or unlock your keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).',
    exit: FAILURE,
  },
  'keychain.timeout': {
    cause: 'The OS keychain did not answer',
    hint: 'It may be waiting for you to unlock it: unlock the keyring, then try again.',
    exit: FAILURE,
  },
  'credentials.not_found': {
    cause: 'No such credential',
    hint: 'List the stored credentials with `berth credentials`.',
    exit: INPUT,
  },
  'credentials.secret_missing': {
    cause: 'The secret is gone from the keychain',
    hint: 'Edit the credential and enter the secret again.',
    exit: FAILURE,
  },
  'credentials.secret_required': {
    cause: 'A secret is required',
    hint: 'Give the password or token.',
    exit: INPUT,
  },
  'credentials.invalid_pattern': {
    cause: 'Invalid image pattern',
    hint: 'Example: myregistry.azurecr.io/team-a/*',
    exit: INPUT,
  },
  'credentials.env_invalid': {
    cause: 'BERTH_REGISTRY_AUTH is not valid',
    hint: 'Example: BERTH_REGISTRY_AUTH=\'{"ghcr.io":{"username":"me","secret":"<token>"}}\'',
    exit: INPUT,
  },
  'credentials.config_invalid': {
    cause: 'A docker or podman config file is not valid',
    hint: 'Fix the file named in the message (it is JSON).',
    exit: FAILURE,
  },
  'credentials.helper_failed': {
    cause: 'The credential helper failed',
    hint: 'Run the helper named in the message in a terminal to see what it says.',
    exit: FAILURE,
  },
  'credentials.helper_missing': {
    cause: 'The credential helper is not installed',
    hint: 'Install the docker-credential-<name> program, or remove it from the config file.',
    exit: FAILURE,
  },
  'credentials.ambiguous_auths': {
    cause: 'docker has several logins for this registry and picks one at random',
    hint: 'Keep one auths entry per registry in config.json.',
    exit: FAILURE,
  },
  'credentials.helper_timeout': {
    cause: 'The credential helper did not answer',
    hint: 'It may be waiting for an unlock prompt: run it in a terminal.',
    exit: FAILURE,
  },
  'credentials.metadata_unreadable': {
    cause: 'Berth’s list of credentials cannot be read',
    hint: 'Check the owner and mode of registries.json under BERTH_HOME.',
    exit: FAILURE,
  },
  'credentials.metadata_corrupt': {
    cause: 'Berth’s list of credentials was corrupt',
    hint: 'Nothing was deleted: the secrets are still in the OS keychain. Add the credentials again.',
    exit: FAILURE,
  },
  'credentials.metadata_locked': {
    cause: 'Another Berth is writing the credentials list',
    hint: 'Try again in a moment.',
    exit: FAILURE,
  },
  'credentials.import_failed': {
    cause: 'The import failed',
    hint: 'Read the message, fix the source entry, and scan again.',
    exit: FAILURE,
  },
  'credentials.import_gone': {
    cause: 'The entry is no longer in its source',
    hint: 'Scan again.',
    exit: FAILURE,
  },
  'credentials.export_path_required': {
    cause: 'No file to export to',
    hint: 'Give the path of the file to write.',
    exit: INPUT,
  },
  'credentials.export_path_relative': {
    cause: 'The export path is relative',
    hint: 'Give an absolute path.',
    exit: INPUT,
  },
  'credentials.sample_elsewhere': {
    cause: 'The sample image is on another registry',
    hint: 'Give an image on the registry you are logging in to.',
    exit: INPUT,
  },
  'credentials.export_exists': {
    cause: 'The file already exists',
    hint: 'A pull secret is written only to a new file: choose a new name, or delete the old file first.',
    exit: INPUT,
  },
  'credentials.export_folder_missing': {
    cause: 'Export folder not found',
    hint: 'Choose an existing folder you own.',
    exit: INPUT,
  },
  'credentials.export_path_protected': {
    cause: 'Not a place for a secret',
    hint: 'Berth never writes a secret into its own data folder or the folder browser mode serves: choose a file in your home folder.',
    exit: INPUT,
  },
  'credentials.export_path_not_allowed': {
    cause: 'The save dialog chooses the file',
    hint: 'In the app, leave the path out: Berth asks where to save.',
    exit: INPUT,
  },
  'credentials.export_failed': {
    cause: 'Pull secret not written',
    hint: 'Choose a folder you can write to, with free space.',
    exit: FAILURE,
  },
  'credentials.align_no_credential': {
    cause: 'Berth sends no stored credential for this image',
    hint: 'Add a credential for the registry first (`berth login`), then align the tool.',
    exit: INPUT,
  },
  'credentials.align_not_read': {
    cause: 'The tool would not read the entry Berth wrote',
    hint: 'Its credential helper decides for this registry: run the login command instead.',
    exit: FAILURE,
  },
  'credentials.align_file_unreadable': {
    cause: "The tool's credential file cannot be edited safely",
    hint: 'Fix or move the file, or copy the login command and run it instead.',
    exit: FAILURE,
  },
  'credentials.align_failed': {
    cause: "The tool's credential file could not be written",
    hint: 'Check the folder is writable, or copy the login command and run it instead.',
    exit: FAILURE,
  },
  'credentials.export_no_match': {
    cause: 'Kubelet would not use this secret for the image',
    hint: "Export the credential of the image's own registry.",
    exit: INPUT,
  },
  'credentials.pull_secret_invalid': {
    cause: 'Not a pull secret',
    hint: 'Give the YAML of `kubectl get secret NAME -o yaml`, or a .dockerconfigjson file.',
    exit: INPUT,
  },
  'credentials.pull_secret_unreadable': {
    cause: 'Pull secret file unreadable',
    hint: 'Check the path and its permissions.',
    exit: INPUT,
  },
  'credentials.metadata_write_failed': {
    cause: 'Cannot write registries.json',
    hint: 'Free some disk space or make the Berth data folder writable; nothing was stored.',
    exit: FAILURE,
  },
  'credentials.rollback_failed': {
    cause: 'Secret left in the keychain',
    hint: 'Remove it by hand with secret-tool, Keychain Access or Credential Manager.',
    exit: FAILURE,
  },
  'credentials.login_failed': {
    cause: 'Login failed',
    hint: 'Read the step that failed; `berth doctor` explains most failures.',
    exit: FAILURE,
  },

  // ── pulls ──────────────────────────────────────────────────────────────────────────────
  'pull.plaintext_auth_refused': {
    cause: 'Password not sent over plain TCP',
    hint: 'Reach the engine with TLS or ssh://, or opt in with --allow-plaintext-auth (BERTH_ALLOW_PLAINTEXT_REGISTRY_AUTH=1).',
    exit: FAILURE,
  },
  'pull.failed': {
    cause: 'The pull failed',
    hint: 'Run `berth doctor <image>` for the cause and the fix.',
    exit: FAILURE,
  },
  'pull.timeout': {
    cause: 'The pull took too long',
    hint: 'Check the network and the engine; raise --timeout for very large images.',
    exit: FAILURE,
  },
  'probe.timeout': {
    cause: 'A diagnosis step took too long',
    hint: 'The network or the registry is slow: try again.',
    exit: FAILURE,
  },
  'probe.proxy_refused': {
    cause: 'The proxy did not open a tunnel to the registry',
    hint: 'Check HTTPS_PROXY / NO_PROXY (or the OS proxy settings in the app), and that the proxy allows CONNECT to this host and port.',
    exit: FAILURE,
  },

  // ── remedies: berth fix / diagnose.fix ─────────────────────────────────────────────────
  'fix.bad_remedy': {
    cause: 'Not a remedy Berth knows',
    hint: 'Use an id from berth doctor --json (remedies[].id).',
    exit: INPUT,
  },
  'fix.bad_undo': {
    cause: 'Not an undo Berth can apply',
    hint: 'Use the undo id berth fix printed when it changed the file.',
    exit: INPUT,
  },
  'fix.nothing_to_change': {
    cause: 'Nothing to change',
    hint: 'The remedy was already applied, or the file no longer holds that entry.',
    exit: FAILURE,
  },
  'fix.no_docker_config': {
    cause: 'No docker config file',
    hint: 'There is no ~/.docker/config.json (or $DOCKER_CONFIG/config.json) to change.',
    exit: FAILURE,
  },
  'fix.config_unreadable': {
    cause: "docker's config is not valid JSON",
    hint: 'Fix the file by hand first; Berth does not rewrite a file it cannot parse.',
    exit: FAILURE,
  },
  'fix.config_too_large': {
    cause: "docker's config is too large",
    hint: 'Berth leaves config files over 1 MiB alone.',
    exit: FAILURE,
  },
  'fix.secret_required': {
    cause: 'The login needs its secret',
    hint: 'Pipe it in: printf \'%s\' "$TOKEN" | berth fix <remedy-id> --password-stdin',
    exit: INPUT,
  },
  'fix.username_required': {
    cause: 'The login needs a username',
    hint: 'Use the Registries screen, or berth login with -u and your own user.',
    exit: INPUT,
  },
  'fix.login_refused': {
    cause: 'The registry refused the login',
    hint: 'Check the user and the token; nothing was stored.',
    exit: FAILURE,
  },
  'fix.cli_missing': {
    cause: 'The cloud CLI could not be run',
    hint: 'Install it (aws, gcloud or az) or store the token yourself with berth login.',
    exit: FAILURE,
  },
  'fix.cli_failed': {
    cause: 'The cloud CLI gave no token',
    hint: 'Log in to the cloud CLI first (aws sso login, gcloud auth login, az login).',
    exit: FAILURE,
  },
  'fix.cli_timeout': {
    cause: 'The cloud CLI did not answer',
    hint: 'It may be waiting for an interactive login: run it yourself once.',
    exit: FAILURE,
  },
  'fix.certificate_unreadable': {
    cause: 'The registry presented no certificate Berth could read',
    hint: 'Check that the registry speaks TLS on that port (berth doctor <image> shows each step).',
    exit: FAILURE,
  },
  'fix.certificate_changed': {
    cause: 'The registry presents a different certificate from the one shown',
    hint: 'Run berth doctor again and check the new fingerprint before trusting it.',
    exit: FAILURE,
  },
  'fix.ca_exists': {
    cause: 'The engine already has a CA for this registry',
    hint: 'Berth does not replace it: compare it with what the registry presents.',
    exit: FAILURE,
  },
  'fix.needs_root': {
    cause: 'The change needs root',
    hint: 'Run the sudo command shown; Berth does not ask for root itself.',
    exit: FAILURE,
  },
  'fix.daemon_flag_conflict': {
    cause: 'dockerd takes this setting as a flag already',
    hint: 'The same setting in daemon.json would stop dockerd from starting: change the flag instead.',
    exit: FAILURE,
  },
  'fix.daemon_json_invalid': {
    cause: "The engine's daemon.json is not valid JSON",
    hint: 'Fix the file by hand first; Berth does not rewrite a file it cannot read.',
    exit: FAILURE,
  },
  'fix.daemon_json_changed': {
    cause: "The engine's daemon.json changed since the preview",
    hint: 'Look at the remedy again: its preview is made from the file as it is now.',
    exit: FAILURE,
  },
  'fix.no_shell_proxy': {
    cause: 'Berth has no proxy to give the engine',
    hint: 'Start Berth from a shell whose HTTPS_PROXY works, then apply the remedy again.',
    exit: INPUT,
  },
  'fix.proxy_dropin_overridden': {
    cause: "Another drop-in would override Berth's proxy setting",
    hint: 'systemd applies drop-ins in name order: edit the later one by hand (systemctl edit docker).',
    exit: FAILURE,
  },

  // ── flows and runs ─────────────────────────────────────────────────────────────────────
  'flows.root_not_found': {
    cause: 'Not a folder',
    hint: 'Open the folder that holds prefect.yaml, valohai.yaml, berth.yaml or your flows.',
    exit: INPUT,
  },
  'flows.unknown_parameter': {
    cause: 'Unknown parameter',
    hint: 'Use the parameter names the flow declares (`berth flows --json`).',
    exit: INPUT,
  },
  'flows.missing_parameter': {
    cause: 'A required parameter is missing',
    hint: 'Give it with --param name=value.',
    exit: INPUT,
  },
  'flows.invalid_parameter': {
    cause: 'A parameter has the wrong type',
    hint: 'Give a value of the declared type.',
    exit: INPUT,
  },
  'flows.unresolved_image': {
    cause: 'The flow has no usable image',
    hint: 'Name the image in the flow’s file, or give --image.',
    exit: INPUT,
  },
  'flows.entrypoint_missing': {
    cause: 'The flow’s entrypoint is missing',
    hint: 'Fix the entrypoint path in the flow’s file.',
    exit: INPUT,
  },
  'flows.volume_outside_project': {
    cause: 'A volume points outside the project',
    hint: 'Mount only folders inside the project.',
    exit: INPUT,
  },
  'run.failed': {
    cause: 'The run failed',
    hint: 'Read the run’s log (`berth runs log <id>`) for what its container printed.',
    exit: FAILURE,
  },
  'run.unknown_flow': {
    cause: 'No such flow',
    hint: 'List the flows with `berth flows`.',
    exit: INPUT,
  },
  'run.ambiguous_flow': {
    cause: 'Several flows have that name',
    hint: 'Name the flow with its file, as `berth flows` shows it.',
    exit: INPUT,
  },
  'run.flow_has_problems': {
    cause: 'The flow cannot run as written',
    hint: 'Fix the problems named in the message, then run again.',
    exit: INPUT,
  },
  'run.invalid_image': {
    cause: 'Not an image reference',
    hint: 'Write it as docker does, e.g. python:3.12-slim or ghcr.io/org/app:v2.',
    exit: INPUT,
  },
  'run.image_unavailable': {
    cause: 'The image could neither be pulled nor found on the engine',
    hint: 'Check that the registry answers (berth diagnose), or pull the image when it does.',
    exit: FAILURE,
  },
  'run.invalid_gpus': {
    cause: 'Not a GPU request',
    hint: 'Write it as docker run --gpus takes it: all, a count (2), or device=0,1.',
    exit: INPUT,
  },
  'run.invalid_memory': {
    cause: 'Not a memory limit the engine accepts',
    hint: 'Give at least 6m, as a number with b, k, m or g, e.g. 512m or 2g.',
    exit: INPUT,
  },
  'run.unknown_engine': {
    cause: 'No such engine',
    hint: 'List the docker contexts with `berth engine --json` (or `docker context ls`).',
    exit: INPUT,
  },
  'run.exit_unknown': {
    cause: 'The container ended, but the engine never said with which exit code',
    hint: 'Run it without auto_remove to keep the container, or check the engine (podman with events_logger = "none" does not answer a wait).',
    exit: FAILURE,
  },
  'run.image_missing': {
    cause: 'The engine has no image for this run',
    hint: 'Pull the image first, or set the pull policy to ALWAYS or IF_NOT_PRESENT.',
    exit: FAILURE,
  },
  'run.no_command': {
    cause: 'Nothing to run',
    hint: 'Give the flow an entrypoint or a command.',
    exit: INPUT,
  },
  'run.volume_outside_project': {
    cause: 'A volume points outside the project',
    hint: 'Mount only folders inside the project.',
    exit: INPUT,
  },
  'run.env_unresolved': {
    cause: 'An env value is left to the worker',
    hint: 'Give it for this run (--env NAME=value, or in the run form).',
    exit: INPUT,
  },
  'run.unknown_input': {
    cause: 'The step has no such input',
    hint: 'Use an input name from the step in valohai.yaml.',
    exit: INPUT,
  },
  'run.input_missing': {
    cause: 'An input file does not exist',
    hint: 'Pick an existing file on this machine.',
    exit: INPUT,
  },
  'run.bad_file_path': {
    cause: 'Not a path inside the container',
    hint: 'Use an absolute path inside the container.',
    exit: FAILURE,
  },
  'run.engine_lost': {
    cause: 'The engine was lost during the run',
    hint: 'The container may still be running there; its output so far is in the run’s log.',
    exit: FAILURE,
  },
  'run.not_found': {
    cause: 'No such run',
    hint: 'List the runs with `berth runs`.',
    exit: INPUT,
  },
  'run.ambiguous_id': {
    cause: 'Several runs match that id',
    hint: 'Give more characters of the id.',
    exit: INPUT,
  },
  'run.log_missing': {
    cause: 'The run kept no log',
    hint: 'The log file was removed or never written.',
    exit: FAILURE,
  },
  'projects.not_supported': {
    cause: 'There is no folder picker here',
    hint: 'Type the path of the project folder instead, e.g. /home/me/flows.',
    exit: FAILURE,
  },

  // ── image builds before a run (src/build) ─────────────────────────────────────────────
  'build.failed': {
    cause: 'Build failed',
    hint: 'Read the build output above the error; `docker build` of the same folder fails the same way.',
    exit: FAILURE,
  },
  'build.run_failed': {
    cause: 'A RUN instruction failed',
    hint: 'Fix the command (its output is shown); try it by hand in the layer before it with docker run --rm -it <layer> sh.',
    exit: FAILURE,
  },
  'build.copy_failed': {
    cause: 'A COPY or ADD instruction failed',
    hint: 'The file must be inside the build context and not left out by .dockerignore.',
    exit: FAILURE,
  },
  'build.base_image_missing': {
    cause: 'Base image could not be pulled',
    hint: 'Pull the base image first (berth pull shows why it fails), log in to its registry, or build from an image the engine has.',
    exit: FAILURE,
  },
  'build.dockerfile_invalid': {
    cause: 'Dockerfile cannot be read',
    hint: 'Fix the Dockerfile at the line named; docker build refuses it the same way.',
    exit: INPUT,
  },
  'build.dockerfile_missing': {
    cause: 'Dockerfile not found',
    hint: 'Create it, set dockerfile: auto to have it generated as Prefect does, or run with --build never.',
    exit: INPUT,
  },
  'build.dockerfile_exists': {
    cause: 'A Dockerfile is in the way of dockerfile: auto',
    hint: 'Set dockerfile: Dockerfile in the build step to use it, or remove it.',
    exit: INPUT,
  },
  'build.dockerfile_outside_context': {
    cause: 'Dockerfile outside the build context',
    hint: "Move the Dockerfile into the context, or widen the context (the step's path).",
    exit: INPUT,
  },
  'build.context_outside_project': {
    cause: 'Build context outside the project',
    hint: 'Berth builds only from folders inside the opened project.',
    exit: INPUT,
  },
  'build.context_too_large': {
    cause: 'Build context too large',
    hint: 'Add a .dockerignore that leaves out data, virtualenvs and caches.',
    exit: INPUT,
  },
  'build.context_unreadable': {
    cause: 'Build context cannot be read',
    hint: 'Check that the folder exists and that Berth may read it.',
    exit: FAILURE,
  },
  'build.bad_dockerignore': {
    cause: '.dockerignore has a bad pattern',
    hint: 'Fix the pattern; docker build would refuse it too.',
    exit: INPUT,
  },
  'build.tag_unresolved': {
    cause: 'Image tag unknown',
    hint: 'Give the tag to build with: --tag in the CLI, or the Tag field of the run form.',
    exit: INPUT,
  },
  'build.no_build': {
    cause: 'Nothing to build',
    hint: 'Add a build step (prefect.yaml build_docker_image, or build: in berth.yaml), or run without --build always.',
    exit: INPUT,
  },
  'build.unsupported_engine': {
    cause: 'Engine cannot build',
    hint: 'Build the image yourself, then run with --build never.',
    exit: FAILURE,
  },
  'build.unavailable': {
    cause: 'Builds unavailable',
    hint: 'This Berth was started without a build service: run from the app or the berth CLI.',
    exit: FAILURE,
  },

  // ── Berth's own files ──────────────────────────────────────────────────────────────────
  'ledger.write_failed': {
    cause: 'Cannot write the ledger',
    hint: 'The disk may be full or read-only: free some space, or set BERTH_HOME to a writable folder.',
    exit: FAILURE,
  },
  'ledger.read_failed': {
    cause: 'Cannot read the ledger',
    hint: 'Check the owner and mode of ledger.jsonl under BERTH_HOME.',
    exit: FAILURE,
  },
  'ledger.not_found': {
    cause: 'No such ledger entry',
    hint: 'List the entries with `berth ledger --json` (pulls) or `berth runs --json` (runs) and use an id from there.',
    exit: INPUT,
  },
  'ledger.no_digest': {
    cause: 'The ledger entry has no digest',
    hint: 'The pull or run stopped before an image was resolved: use a successful entry, or the image reference.',
    exit: INPUT,
  },

  // ── images read from their registry without pulling (src/inspect) ──────────────────────
  'inspect.platform_unavailable': {
    cause: 'The image has no such platform',
    hint: 'Pick one of the platforms the index offers with --platform (os/arch[/variant]).',
    exit: INPUT,
  },
  'inspect.bad_manifest': {
    cause: 'Not an image manifest Berth can read',
    hint: 'The reference points at a schema1 manifest or at an artifact that is not an image (a signature, an SBOM).',
    exit: FAILURE,
  },
  'inspect.no_layer': {
    cause: 'No such layer',
    hint: 'Layers count from 0, the base layer: see them with `berth inspect <ref> --remote`.',
    exit: INPUT,
  },
  'inspect.layer_corrupt': {
    cause: 'A layer cannot be read',
    hint: 'The layer is damaged or in a format Berth does not read (tar, gzip and zstd are read); a pull would fail the same way.',
    exit: FAILURE,
  },
  'inspect.file_not_found': {
    cause: 'No such file in the image',
    hint: 'List the files with `berth files <ref> [PATH]`.',
    exit: INPUT,
  },
  'inspect.not_a_file': {
    cause: 'Not a regular file',
    hint: 'Only regular files can be printed; list a directory with `berth files <ref> PATH`.',
    exit: INPUT,
  },

  // ── the CLI's own arguments ────────────────────────────────────────────────────────────
  'usage.invalid': {
    cause: 'Invalid command line',
    hint: 'See `berth <command> --help`.',
    exit: INPUT,
  },
  'usage.conflicting_options': {
    cause: 'Options that cannot go together',
    hint: 'Use one of them.',
    exit: INPUT,
  },
  'usage.invalid_platform': {
    cause: 'Invalid platform',
    hint: 'Write it as os/arch[/variant], e.g. linux/arm64.',
    exit: INPUT,
  },
  'usage.invalid_result': {
    cause: 'Not a result',
    hint: 'Use success, failed or cancelled.',
    exit: INPUT,
  },
  'usage.invalid_param': {
    cause: 'Invalid --param',
    hint: 'Write it as name=value.',
    exit: INPUT,
  },
  'usage.invalid_build_mode': {
    cause: 'Invalid build mode',
    hint: 'Use auto (build unless built from the same context), always or never.',
    exit: INPUT,
  },
  'usage.no_build': {
    cause: 'Nothing to build',
    hint: 'Add a build step (prefect.yaml build_docker_image), or build: to the flow in berth.yaml.',
    exit: INPUT,
  },
  'usage.flow_has_problems': {
    cause: 'Flow cannot be built as written',
    hint: 'Fix the file named in the message, then build again.',
    exit: INPUT,
  },
  'usage.invalid_input': {
    cause: 'Invalid --input',
    hint: 'Write it as name=path.',
    exit: INPUT,
  },
  'usage.invalid_pull_policy': {
    cause: 'Invalid pull policy',
    hint: 'Use ALWAYS, IF_NOT_PRESENT, IF_POSSIBLE or NEVER.',
    exit: INPUT,
  },
  'usage.missing_image': {
    cause: 'No image given',
    hint: 'Give the image that fails to pull, or --message with the error text.',
    exit: INPUT,
  },
  'usage.not_built': {
    cause: 'The renderer is not built',
    hint: 'Run `npm run build`, then try again.',
    exit: FAILURE,
  },
  'usage.ambiguous': {
    cause: 'More than one match',
    hint: 'Narrow it down as the message says.',
    exit: INPUT,
  },
  'usage.bad_preset': {
    cause: 'Unknown registry preset',
    hint: 'See `berth login --help` for the presets.',
    exit: INPUT,
  },
  'usage.bad_source': {
    cause: 'Unknown source',
    hint: 'Use docker, podman or all.',
    exit: INPUT,
  },
  'usage.not_confirmed': {
    cause: 'Not confirmed',
    hint: 'Add --yes to confirm.',
    exit: INPUT,
  },
  'usage.secret_empty': {
    cause: 'The secret is empty',
    hint: 'Give a non-empty password or token.',
    exit: INPUT,
  },
  'usage.confirm': {
    cause: 'This changes files or the keychain',
    hint: 'Run it again with --yes to apply; berth doctor shows exactly what it changes.',
    exit: INPUT,
  },
  'usage.secret_stdin': {
    cause: 'The secret must come on stdin',
    hint: 'Pipe it in with --password-stdin, so it stays out of your shell history.',
    exit: INPUT,
  },
  'usage.secret_too_long': {
    cause: 'The secret is too long',
    hint: 'Check what you piped in: a secret is one line.',
    exit: INPUT,
  },

  // ── anything else ──────────────────────────────────────────────────────────────────────
  internal: {
    cause: 'Unexpected error',
    hint: RETRY,
    exit: FAILURE,
  },
  'internal.contract': {
    cause: 'The core broke its own contract',
    hint: RETRY,
    exit: FAILURE,
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorCatalogue, code);
}

/** The catalogue's row for a code; a code from a newer core than this one reads as internal. */
export function describeError(code: string): CatalogueEntry {
  return isErrorCode(code) ? errorCatalogue[code] : errorCatalogue.internal;
}

/** The `berth` exit status for an error code. */
export function exitStatusFor(code: string): ExitStatus {
  return describeError(code).exit;
}

/** The error's own hint when it has one, else the catalogue's. */
export function hintFor(error: { code: string; hint?: string | undefined }): string {
  return error.hint ?? describeError(error.code).hint;
}
