/**
 * Held-out configurations, written after the rules were fixed to the cases in cases.ts and not
 * used to shape them: their agreement rate is the honest measure of the rules (issue 12,
 * "Done when": at least 95% for each tool). As in cases.ts, no expected answers: the tools decide.
 */
import type { OracleCase } from './cases';
import { auth, C, D, X } from './cases';
import { identityTokenOf } from './users';

const auths = (entries: Record<string, unknown>) => ({ auths: entries });
const HUB = 'https://index.docker.io/v1/';

export const HELD_OUT: OracleCase[] = [
  {
    id: 'x01',
    title: 'http:// key with /v2/',
    files: (x) => ({ [D]: auths({ [`http://${x.R}/v2/`]: auth('alice') }) }),
  },
  {
    id: 'x02',
    title: 'bare key with a trailing slash',
    files: (x) => ({ [D]: auths({ [`${x.R}/`]: auth('alice') }) }),
  },
  {
    id: 'x03',
    title: 'credHelpers for another registry beside a credsStore',
    files: (x) => ({
      [D]: {
        credsStore: 'store',
        credHelpers: { 'quay.io': 'h' },
        ...auths({ [x.R]: auth('carol') }),
      },
    }),
    helpers: (x) => ({ store: { answers: { [x.R]: 'bob' } }, h: 'fail' }),
  },
  {
    id: 'x05',
    title: 'REGISTRY_AUTH_FILE names a missing file',
    env: { REGISTRY_AUTH_FILE: '{dir}/missing.json' },
    files: (x) => ({ [D]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'x06',
    title: 'REGISTRY_AUTH_FILE and DOCKER_CONFIG both set',
    env: { REGISTRY_AUTH_FILE: '{dir}/ra.json', DOCKER_CONFIG: '{dir}/dc' },
    files: (x) => ({
      'ra.json': auths({ [x.R]: auth('carol') }),
      'dc/config.json': auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'x07',
    title: 'XDG_CONFIG_HOME moves the user auth.json',
    env: { XDG_CONFIG_HOME: '{dir}/cfg' },
    files: (x) => ({
      'cfg/containers/auth.json': auths({ [x.R]: auth('alice') }),
      [C]: auths({ [x.R]: auth('bob') }),
    }),
  },
  {
    id: 'x08',
    title: 'helper in the runtime auth.json has nothing, ~/.config has one',
    files: (x) => ({ [X]: { credHelpers: { [x.R]: 'h' } }, [C]: auths({ [x.R]: auth('carol') }) }),
    helpers: () => ({ h: { answers: {} } }),
  },
  {
    id: 'x09',
    title: 'auth that is not base64 in auth.json',
    files: (x) => ({
      [X]: auths({ [x.R]: { auth: '***not base64***' } }),
      [D]: auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'x10',
    title: 'broken config.json, good auth.json',
    files: (x) => ({ [D]: '{"auths": {', [X]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'x11',
    title: 'credsStore answers an identity token, auths has another user',
    target: 'token',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.T]: auth('carol') }) } }),
    helpers: (x) => ({ store: { answers: { [x.T]: { token: 'judy' } } } }),
  },
  {
    id: 'x12',
    title: 'https://host/v1/ key on the token registry',
    target: 'token',
    files: (x) => ({ [D]: auths({ [`https://${x.T}/v1/`]: auth('alice') }) }),
  },
  {
    id: 'x13',
    title: 'deep namespace key and a host key',
    namespace: 'team/a',
    files: (x) => ({ [D]: auths({ [`${x.R}/team/a`]: auth('alice'), [x.R]: auth('bob') }) }),
  },
  {
    id: 'x14',
    title: 'credHelpers keyed localhost, image on localhost',
    target: 'basic-localhost',
    files: (x) => ({ [D]: { credHelpers: { [x.L]: 'h' }, ...auths({ [x.L]: auth('alice') }) } }),
    helpers: (x) => ({ h: { answers: { [x.L]: 'bob' } } }),
  },
  {
    id: 'x15',
    title: 'empty config.json beside a legacy ~/.dockercfg',
    files: (x) => ({ [D]: '', 'home/.dockercfg': { [`https://${x.R}`]: auth('alice') } }),
  },
  {
    id: 'x16',
    title: 'username field alone',
    files: (x) => ({ [D]: auths({ [x.R]: { username: 'alice' } }) }),
  },
  {
    id: 'x17',
    title: 'missing credsStore helper, podman file has one',
    files: (x) => ({ [D]: { credsStore: 'gone' }, [X]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'x18',
    title: 'Berth registry-wide beside a failing docker helper',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('carol') }) } }),
    helpers: () => ({ h: 'fail' }),
    berthLogins: (x) => [{ registry: x.R, user: 'dave', patterns: [`${x.R}/*`] }],
  },
  {
    id: 'x19',
    title: 'Hub: store keeps docker.io only, auths docker.io',
    target: 'hub',
    files: () => ({ [D]: { credsStore: 'store', ...auths({ 'docker.io': auth('carol') }) } }),
    helpers: () => ({ store: { answers: { 'docker.io': 'bob' } } }),
  },
  {
    id: 'x20',
    title: 'identitytoken and auth in docker config, podman reads it',
    target: 'token',
    files: (x) => ({
      [C]: auths({ 'quay.io': auth('bob') }),
      [D]: auths({ [x.T]: { ...auth('carol'), identitytoken: identityTokenOf('ivan') } }),
    }),
  },

  // ── Modelled on configurations that users posted in public issues (each case names its
  // source). The hosts become the oracle's registries; the shapes (keys, empty entries, helper
  // names, stray fields) are kept as posted.
  {
    id: 'x21',
    title:
      'Hub: Docker Desktop shape, empty v1 entry beside credsStore (bazel-contrib/rules_oci#124)',
    target: 'hub',
    files: () => ({ [D]: { ...auths({ [HUB]: {} }), credsStore: 'desktop' } }),
    helpers: () => ({ desktop: { answers: { [HUB]: 'bob' } } }),
  },
  {
    id: 'x22',
    title: 'Hub: empty v1 entry, the store has nothing for it (bazel-contrib/rules_oci#124)',
    target: 'hub',
    files: () => ({ [D]: { ...auths({ [HUB]: {} }), credsStore: 'desktop' } }),
    helpers: () => ({ desktop: { answers: {} } }),
  },
  {
    id: 'x23',
    title: 'Hub: login saved under docker.io with an email (docker/hub-feedback#1484)',
    target: 'hub',
    files: () => ({ [D]: auths({ 'docker.io': { ...auth('alice'), email: 'a@example.com' } }) }),
  },
  {
    id: 'x24',
    title: 'Hub: credsStore commented out, empty v1 entry left (docker/kitematic#3084)',
    target: 'hub',
    files: () => ({ [D]: auths({ [HUB]: {} }) }),
  },
  {
    id: 'x25',
    title: 'Hub: "credSstore" misspelt beside an empty v1 entry (google/containerregistry#144)',
    target: 'hub',
    files: () => ({
      [D]: { stackOrchestrator: 'swarm', credSstore: 'store', ...auths({ [HUB]: {} }) },
    }),
    helpers: () => ({ store: { answers: { [HUB]: 'bob' } } }),
  },
  {
    id: 'x26',
    title: 'empty entry, HttpHeaders and an osxkeychain-like store (spotify/docker-client#1143)',
    files: (x) => ({
      [D]: {
        ...auths({ [x.R]: {} }),
        HttpHeaders: { 'User-Agent': 'Docker-Client/18.03.0-ce (darwin)' },
        credsStore: 'osxkeychain',
      },
    }),
    helpers: (x) => ({ osxkeychain: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 'x27',
    title:
      'v2 Hub key, bare and https keys, gcloud credHelpers, a store (google/go-containerregistry#280)',
    files: (x) => ({
      [D]: {
        credSstore: 'osxkeychain',
        ...auths({ 'https://index.docker.io/v2/': {}, [x.R]: {}, [`https://${x.R}`]: {} }),
        stackOrchestrator: 'swarm',
        credsStore: 'osxkeychain',
        credHelpers: { 'gcr.io': 'gcloud', 'eu.gcr.io': 'gcloud', 'us.gcr.io': 'gcloud' },
      },
    }),
    helpers: (x) => ({ osxkeychain: { answers: { [x.R]: 'carol' } }, gcloud: 'fail' }),
  },
  {
    id: 'x28',
    title:
      'WSL: credsStore desktop.exe not installed, inline auth (docker/docker-credential-helpers#158)',
    files: (x) => ({ [D]: { credsStore: 'desktop.exe', ...auths({ [x.R]: auth('alice') }) } }),
  },
  {
    id: 'x29',
    title:
      'credHelpers ecr-login over credsStore secretservice, empty entry (hashicorp/terraform-provider-docker#252)',
    files: (x) => ({
      [D]: {
        ...auths({ [x.R]: {} }),
        credsStore: 'secretservice',
        credHelpers: { [x.R]: 'ecr-login' },
      },
    }),
    helpers: (x) => ({
      'ecr-login': { answers: { [x.R]: 'bob' } },
      secretservice: { answers: { [x.R]: 'carol' } },
    }),
  },
  {
    id: 'x30',
    title: 'credsStore ecr-login that knows nothing, tokens inline (orbstack/orbstack#1227)',
    files: (x) => ({
      [D]: { credsStore: 'ecr-login', ...auths({ [HUB]: auth('alice'), [x.R]: auth('bob') }) },
    }),
    helpers: () => ({ 'ecr-login': { answers: {} } }),
  },
  {
    id: 'x31',
    title:
      'credHelpers only: public.ecr.aws and the registry on ecr-login (orbstack/orbstack#1227)',
    files: (x) => ({
      [D]: { credHelpers: { 'public.ecr.aws': 'ecr-login', [x.R]: 'ecr-login' } },
    }),
    helpers: (x) => ({ 'ecr-login': { answers: { [x.R]: 'carol' } } }),
  },
  {
    id: 'x32',
    title:
      'auth.json: empty entry and a helper for another host, docker has one (containers/image#950)',
    files: (x) => ({
      [X]: { ...auths({ [x.R]: {} }), credHelpers: { 'registry.example.com': 'secretservice' } },
      [D]: auths({ [x.R]: auth('bob') }),
    }),
    helpers: () => ({ secretservice: 'fail' }),
  },
  {
    id: 'x33',
    title: 'path key host/team-a and host key, image in team-a (oras-project/oras#1597)',
    namespace: 'team-a',
    files: (x) => ({ [D]: auths({ [`${x.R}/team-a`]: auth('alice'), [x.R]: auth('bob') }) }),
  },
  {
    id: 'x34',
    title: 'path key host/team-a and host key, image elsewhere (oras-project/oras#1597)',
    namespace: 'team-b',
    files: (x) => ({ [D]: auths({ [`${x.R}/team-a`]: auth('alice'), [x.R]: auth('bob') }) }),
  },
  {
    id: 'x35',
    title: 'empty https:// entry beside a bare one with auth (cnabio/cnab-to-oci#84)',
    files: (x) => ({
      [D]: auths({ [HUB]: {}, 'quay.io': {}, [`https://${x.R}`]: {}, [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'x36',
    title: 'auth.json keyed https://host, docker config keyed bare (kurtosis-tech/kurtosis#2937)',
    files: (x) => ({
      [X]: auths({ [`https://${x.R}`]: auth('bob') }),
      [D]: auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'x37',
    title: 'auth.json: namespace key and a https://host/v1 key (containers/common#659)',
    namespace: 'team',
    files: (x) => ({
      [C]: auths({ [`${x.R}/team`]: auth('alice'), [`https://${x.R}/v1`]: auth('bob') }),
    }),
  },
  {
    id: 'x38',
    title:
      'az acr login: zero-GUID user, empty password, identitytoken (testcontainers/testcontainers-dotnet#841)',
    target: 'token',
    files: (x) => ({
      [D]: auths({
        [x.T]: {
          auth: Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64'),
          identitytoken: identityTokenOf('ivan'),
        },
      }),
    }),
  },
  {
    id: 'x39',
    title:
      'az acr login with a credsStore: <token> user in the store, empty entry (bazel-contrib/rules_oci#600)',
    target: 'token',
    files: (x) => ({ [D]: { ...auths({ [x.T]: {} }), credsStore: 'desktop' } }),
    helpers: (x) => ({ desktop: { answers: { [x.T]: { token: 'judy' } } } }),
  },
  {
    id: 'x40',
    title: 'ACR credential helper answers <token> (Azure/acr-docker-credential-helper#31)',
    target: 'token',
    files: (x) => ({ [D]: { credHelpers: { [x.T]: 'acr-env' } } }),
    helpers: (x) => ({ 'acr-env': { answers: { [x.T]: { token: 'judy' } } } }),
  },
  {
    id: 'x41',
    title: 'a wildcard credHelpers key, inline auth (podman-container-tools/container-libs#416)',
    files: (x) => ({
      [D]: {
        credHelpers: { [`*.${x.R}`]: 'ecr-login', '*': 'ecr-login' },
        ...auths({ [x.R]: auth('alice') }),
      },
    }),
    helpers: () => ({ 'ecr-login': 'fail' }),
  },
  {
    id: 'x42',
    title:
      'podman login for another registry, docker login for this one (podman-container-tools/podman#6551)',
    files: (x) => ({
      [X]: auths({ 'quay.io': auth('bob') }),
      [D]: auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'x43',
    title: 'podman and docker both logged in, different users (podman-container-tools/podman#55)',
    files: (x) => ({ [X]: auths({ [x.R]: auth('carol') }), [D]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'x44',
    title: 'only a legacy ~/.dockercfg with an email field (hashicorp/nomad#773)',
    files: (x) => ({
      'home/.dockercfg': { [`https://${x.R}`]: { ...auth('alice'), email: 'a@example.com' } },
    }),
  },
  {
    id: 'x45',
    title: 'credsStore with an https:// key in auths (kubernetes/website#3456)',
    files: (x) => ({ [D]: { credsStore: 'secretservice', ...auths({ [`https://${x.R}`]: {} }) } }),
    helpers: (x) => ({ secretservice: { answers: { [`https://${x.R}`]: 'dave' } } }),
  },
  {
    id: 'x46',
    title: 'credHelpers overrule the inline auth (lightly-ai/lightly#838)',
    files: (x) => ({
      [D]: { credHelpers: { [x.R]: 'gcloud' }, ...auths({ [x.R]: auth('alice') }) },
    }),
    helpers: (x) => ({ gcloud: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 'x47',
    title:
      'stray fields (stackOrchestrator, HttpHeaders, experimental) beside auth (google/containerregistry#144)',
    files: (x) => ({
      [D]: {
        stackOrchestrator: 'swarm',
        experimental: 'enabled',
        HttpHeaders: { 'User-Agent': 'Docker-Client/19.03.1 (linux)' },
        ...auths({ [x.R]: auth('alice') }),
      },
    }),
  },
  {
    id: 'x48',
    title:
      'CI: DOCKER_CONFIG points at a job folder, ~/.docker has another login (docker/login-action#32)',
    env: { DOCKER_CONFIG: '{dir}/ci' },
    files: (x) => ({
      'ci/config.json': auths({ [x.R]: auth('alice') }),
      [D]: auths({ [x.R]: auth('bob') }),
    }),
  },
  {
    id: 'x49',
    title:
      'DOCKER_CONFIG with a credHelper, podman runtime file has a login (containers/common#388)',
    env: { DOCKER_CONFIG: '{dir}/ci' },
    files: (x) => ({
      'ci/config.json': { credHelpers: { [x.R]: 'h' } },
      [X]: auths({ [x.R]: auth('bob') }),
    }),
    helpers: (x) => ({ h: { answers: { [x.R]: 'carol' } } }),
  },
  {
    id: 'x50',
    title: 'XDG_RUNTIME_DIR set to a folder that is gone (podman-container-tools/podman#659)',
    runtimeDirMissing: true,
    files: (x) => ({ [C]: auths({ [x.R]: auth('alice') }), [D]: auths({ [x.R]: auth('bob') }) }),
  },
  {
    id: 'x51',
    title: 'REGISTRY_AUTH_FILE exported by a CI login step (redhat-actions/podman-login#12)',
    env: { REGISTRY_AUTH_FILE: '{dir}/tmp/podman-run-1000/containers/auth.json' },
    files: (x) => ({
      'tmp/podman-run-1000/containers/auth.json': auths({ [x.R]: auth('alice') }),
      [X]: auths({ [x.R]: auth('bob') }),
      [D]: auths({ [x.R]: auth('carol') }),
    }),
  },
  {
    id: 'x52',
    title: 'an OpenShift pull secret copied to ~/.docker/config.json (openshift/release#26758)',
    files: (x) => ({
      [D]: auths({
        'cloud.openshift.com': { ...auth('bob'), email: 'b@example.com' },
        'quay.io': { ...auth('carol'), email: 'c@example.com' },
        [x.R]: { ...auth('alice'), email: 'a@example.com' },
      }),
    }),
  },
];
