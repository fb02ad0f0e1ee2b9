/**
 * The configurations the real tools are asked about. None carries an expected answer: docker
 * 20.10 (/usr/bin/docker), podman 4.3.1 and skopeo 1.9.3 decide it, and Berth must agree.
 * Each credential in a case belongs to a different user, so the user the registry logs names
 * the entry. Users ivan and judy appear only as identity tokens.
 */
import type { HelperBehaviour } from './sandbox';
import type { OracleUser } from './users';
import { identityTokenOf, ORACLE_USERS } from './users';

export interface CaseContext {
  /** The htpasswd registry as 127.0.0.1:port and as localhost:port. */
  R: string;
  L: string;
  /** The token registry (127.0.0.1:port). */
  T: string;
}

export interface OracleCase {
  id: string;
  title: string;
  /** Which registry the image is on, and how its host is written. Default basic. */
  target?: 'basic' | 'basic-localhost' | 'token' | 'hub';
  /** The image's namespace: `team` gives <host>/team/<id>-<tool>. */
  namespace?: string;
  files(x: CaseContext): Record<string, unknown>;
  env?: Record<string, string>;
  helpers?(x: CaseContext): Record<string, HelperBehaviour>;
  runtimeDirMissing?: boolean;
  /** `berth login` before the lookups: Berth's own credentials and their patterns. */
  berthLogins?(x: CaseContext): { registry: string; user: OracleUser; patterns: string[] }[];
}

export const D = 'home/.docker/config.json';
export const X = 'run/containers/auth.json';
export const C = 'home/.config/containers/auth.json';

export const auth = (user: OracleUser) => ({
  auth: Buffer.from(`${user}:${ORACLE_USERS[user]}`).toString('base64'),
});
const fields = (user: OracleUser) => ({ username: user, password: ORACLE_USERS[user] });
const auths = (entries: Record<string, unknown>) => ({ auths: entries });
const HUB = 'https://index.docker.io/v1/';

export const CASES: OracleCase[] = [
  // Key spellings
  {
    id: 'k01',
    title: 'auths keyed by host:port',
    files: (x) => ({ [D]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'k02',
    title: 'auths keyed http://host:port',
    files: (x) => ({ [D]: auths({ [`http://${x.R}`]: auth('alice') }) }),
  },
  {
    id: 'k03',
    title: 'auths keyed https://host:port',
    files: (x) => ({ [D]: auths({ [`https://${x.R}`]: auth('alice') }) }),
  },
  {
    id: 'k04',
    title: 'auths keyed https://host:port/v1/',
    files: (x) => ({ [D]: auths({ [`https://${x.R}/v1/`]: auth('alice') }) }),
  },
  {
    id: 'k05',
    title: 'auths keyed https://host:port/v2/',
    files: (x) => ({ [D]: auths({ [`https://${x.R}/v2/`]: auth('alice') }) }),
  },
  {
    id: 'k06',
    title: 'auths keyed host:port/team, image in team',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [`${x.R}/team`]: auth('alice') }) }),
  },
  {
    id: 'k07',
    title: 'auths keyed host:port/team, image elsewhere',
    namespace: 'other',
    files: (x) => ({ [D]: auths({ [`${x.R}/team`]: auth('alice') }) }),
  },
  {
    id: 'k08',
    title: 'host:port/team and host:port, image in team',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [`${x.R}/team`]: auth('alice'), [x.R]: auth('bob') }) }),
  },
  {
    id: 'k09',
    title: 'https://host:port/some/path',
    namespace: 'other',
    files: (x) => ({ [D]: auths({ [`https://${x.R}/some/path`]: auth('alice') }) }),
  },
  {
    id: 'k10',
    title: 'scheme in capitals HTTPS://host:port',
    files: (x) => ({ [D]: auths({ [`HTTPS://${x.R}`]: auth('alice') }) }),
  },
  {
    id: 'k11',
    title: 'localhost key, image on 127.0.0.1',
    files: (x) => ({ [D]: auths({ [x.L]: auth('alice') }) }),
  },
  {
    id: 'k12',
    title: '127.0.0.1 key, image on localhost',
    target: 'basic-localhost',
    files: (x) => ({ [D]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'k13',
    title: 'localhost key, image on localhost',
    target: 'basic-localhost',
    files: (x) => ({ [D]: auths({ [x.L]: auth('alice') }) }),
  },
  {
    id: 'k14',
    title: 'both loopback spellings, image on localhost',
    target: 'basic-localhost',
    files: (x) => ({ [D]: auths({ [x.R]: auth('alice'), [x.L]: auth('bob') }) }),
  },
  {
    id: 'k15',
    title: 'host:port/team/sub key, image in team/sub',
    namespace: 'team/sub',
    files: (x) => ({
      [D]: auths({ [`${x.R}/team/sub`]: auth('alice'), [`${x.R}/team`]: auth('bob') }),
    }),
  },
  // credsStore, credHelpers, auths
  {
    id: 's01',
    title: 'credsStore answers, auths too',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: (x) => ({ store: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 's02',
    title: 'credsStore says not found, auths has one',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ store: { answers: {} } }),
  },
  {
    id: 's03',
    title: 'credsStore fails, auths has one',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ store: 'fail' }),
  },
  {
    id: 's04',
    title: 'credsStore helper missing, auths has one',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
  },
  {
    id: 's05',
    title: 'credsStore hangs, auths has one',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ store: 'hang' }),
  },
  {
    id: 's06',
    title: 'credsStore named ""',
    files: (x) => ({ [D]: { credsStore: '', ...auths({ [x.R]: auth('alice') }) } }),
  },
  {
    id: 's07',
    title: 'credHelpers answers, auths too',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
    helpers: (x) => ({ h: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 's08',
    title: 'credHelpers says not found, auths has one',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ h: { answers: {} } }),
  },
  {
    id: 's09',
    title: 'credHelpers fails, auths has one',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ h: 'fail' }),
  },
  {
    id: 's10',
    title: 'credHelpers helper missing, auths has one',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
  },
  {
    id: 's11',
    title: 'credHelpers named "" beside a credsStore',
    files: (x) => ({
      [D]: { credsStore: 'store', credHelpers: { [x.R]: '' }, ...auths({ [x.R]: auth('alice') }) },
    }),
    helpers: (x) => ({ store: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 's12',
    title: 'credHelpers and credsStore both answer',
    files: (x) => ({ [D]: { credsStore: 'store', credHelpers: { [x.R]: 'h' } } }),
    helpers: (x) => ({ h: { answers: { [x.R]: 'bob' } }, store: { answers: { [x.R]: 'carol' } } }),
  },
  {
    id: 's13',
    title: 'credHelpers keyed https://host:port',
    files: (x) => ({
      [D]: { credHelpers: { [`https://${x.R}`]: 'h' }, ...auths({ [x.R]: auth('alice') }) },
    }),
    helpers: (x) => ({ h: { answers: { [`https://${x.R}`]: 'bob', [x.R]: 'bob' } } }),
  },
  {
    id: 's14',
    title: 'credHelpers for localhost, image on 127.0.0.1',
    files: (x) => ({ [D]: { credHelpers: { [x.L]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
    helpers: (x) => ({ h: { answers: { [x.L]: 'bob', [x.R]: 'bob' } } }),
  },
  {
    id: 's15',
    title: 'credsStore keeps only https://host:port',
    files: (x) => ({ [D]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: (x) => ({ store: { answers: { [`https://${x.R}`]: 'bob' } } }),
  },
  {
    id: 's16',
    title: 'credHelpers hangs, auths has one',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('alice') }) } }),
    helpers: () => ({ h: 'hang' }),
  },
  {
    id: 's17',
    title: 'credsStore fails, no auths entry',
    files: () => ({ [D]: { credsStore: 'store' } }),
    helpers: () => ({ store: 'fail' }),
  },
  // username/password fields
  {
    id: 'f01',
    title: 'username and password fields only',
    files: (x) => ({ [D]: auths({ [x.R]: fields('alice') }) }),
  },
  {
    id: 'f02',
    title: 'auth beside other username/password fields',
    files: (x) => ({ [D]: auths({ [x.R]: { ...auth('alice'), ...fields('bob') } }) }),
  },
  {
    id: 'f03',
    title: 'an empty entry (a helper marker)',
    files: (x) => ({ [D]: auths({ [x.R]: {} }) }),
  },
  // Identity tokens on the token registry
  {
    id: 't01',
    title: 'token registry, plain auth',
    target: 'token',
    files: (x) => ({ [D]: auths({ [x.T]: auth('alice') }) }),
  },
  {
    id: 't02',
    title: 'token registry, auth and identitytoken',
    target: 'token',
    files: (x) => ({
      [D]: auths({ [x.T]: { ...auth('alice'), identitytoken: identityTokenOf('ivan') } }),
    }),
  },
  {
    id: 't03',
    title: 'token registry, identitytoken alone',
    target: 'token',
    files: (x) => ({ [D]: auths({ [x.T]: { identitytoken: identityTokenOf('ivan') } }) }),
  },
  {
    id: 't04',
    title: 'token registry, helper answers <token>',
    target: 'token',
    files: (x) => ({ [D]: { credHelpers: { [x.T]: 'h' }, ...auths({ [x.T]: auth('alice') }) } }),
    helpers: (x) => ({ h: { answers: { [x.T]: { token: 'judy' } } } }),
  },
  {
    id: 't05',
    title: 'token registry, identitytoken in podman auth.json',
    target: 'token',
    files: (x) => ({
      [X]: auths({ [x.T]: { ...auth('alice'), identitytoken: identityTokenOf('judy') } }),
    }),
  },
  // Docker Hub spellings (docker through its X-Registry-Auth; podman/skopeo by --get-login)
  {
    id: 'h01',
    title: 'Hub as https://index.docker.io/v1/',
    target: 'hub',
    files: () => ({ [D]: auths({ [HUB]: auth('alice') }) }),
  },
  {
    id: 'h02',
    title: 'Hub as docker.io',
    target: 'hub',
    files: () => ({ [D]: auths({ 'docker.io': auth('alice') }) }),
  },
  {
    id: 'h03',
    title: 'Hub as index.docker.io',
    target: 'hub',
    files: () => ({ [D]: auths({ 'index.docker.io': auth('alice') }) }),
  },
  {
    id: 'h04',
    title: 'Hub v1 URL and docker.io',
    target: 'hub',
    files: () => ({ [D]: auths({ [HUB]: auth('alice'), 'docker.io': auth('bob') }) }),
  },
  {
    id: 'h05',
    title: 'Hub as registry-1.docker.io',
    target: 'hub',
    files: () => ({ [D]: auths({ 'registry-1.docker.io': auth('alice') }) }),
  },
  {
    id: 'h06',
    title: 'Hub as https://registry-1.docker.io/v2/',
    target: 'hub',
    files: () => ({ [D]: auths({ 'https://registry-1.docker.io/v2/': auth('alice') }) }),
  },
  {
    id: 'h07',
    title: 'Hub in a credsStore and in auths',
    target: 'hub',
    files: () => ({ [D]: { credsStore: 'store', ...auths({ [HUB]: auth('alice') }) } }),
    helpers: () => ({ store: { answers: { [HUB]: 'bob' } } }),
  },
  {
    id: 'h08',
    title: 'credHelpers keyed docker.io',
    target: 'hub',
    files: () => ({
      [D]: { credHelpers: { 'docker.io': 'h' }, ...auths({ [HUB]: auth('alice') }) },
    }),
    helpers: () => ({ h: { answers: { 'docker.io': 'bob', [HUB]: 'bob' } } }),
  },
  {
    id: 'h09',
    title: 'credHelpers keyed by the Hub v1 URL',
    target: 'hub',
    files: () => ({ [D]: { credHelpers: { [HUB]: 'h' }, ...auths({ [HUB]: auth('alice') }) } }),
    helpers: () => ({ h: { answers: { [HUB]: 'bob', 'docker.io': 'bob' } } }),
  },
  {
    id: 'h10',
    title: 'Hub as http://index.docker.io/v1/',
    target: 'hub',
    files: () => ({ [D]: auths({ 'http://index.docker.io/v1/': auth('alice') }) }),
  },
  // Which files
  {
    id: 'p01',
    title: 'DOCKER_CONFIG beside ~/.docker',
    env: { DOCKER_CONFIG: '{dir}/dc' },
    files: (x) => ({
      'dc/config.json': auths({ [x.R]: auth('alice') }),
      [D]: auths({ [x.R]: auth('bob') }),
    }),
  },
  {
    id: 'p02',
    title: 'REGISTRY_AUTH_FILE beside ~/.docker',
    env: { REGISTRY_AUTH_FILE: '{dir}/ra.json' },
    files: (x) => ({
      'ra.json': auths({ [x.R]: auth('alice') }),
      [D]: auths({ [x.R]: auth('bob') }),
    }),
  },
  {
    id: 'p03',
    title: '$XDG_RUNTIME_DIR/containers/auth.json beside ~/.docker',
    files: (x) => ({ [X]: auths({ [x.R]: auth('alice') }), [D]: auths({ [x.R]: auth('bob') }) }),
  },
  {
    id: 'p04',
    title: '~/.config/containers/auth.json beside ~/.docker',
    files: (x) => ({ [C]: auths({ [x.R]: auth('alice') }), [D]: auths({ [x.R]: auth('bob') }) }),
  },
  {
    id: 'p05',
    title: 'runtime auth.json before ~/.config',
    files: (x) => ({ [X]: auths({ [x.R]: auth('carol') }), [C]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'p06',
    title: 'REGISTRY_AUTH_FILE before the runtime auth.json',
    env: { REGISTRY_AUTH_FILE: '{dir}/ra.json' },
    files: (x) => ({
      'ra.json': auths({ [x.R]: auth('carol') }),
      [X]: auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'p07',
    title: 'runtime auth.json for another registry only',
    files: (x) => ({
      [X]: auths({ 'quay.io': auth('carol') }),
      [C]: auths({ [x.R]: auth('alice') }),
    }),
  },
  {
    id: 'p08',
    title: 'empty entry in the runtime auth.json',
    files: (x) => ({ [X]: auths({ [x.R]: {} }), [C]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'p09',
    title: 'username/password in auth.json, docker has another',
    files: (x) => ({ [X]: auths({ [x.R]: fields('alice') }), [D]: auths({ [x.R]: auth('bob') }) }),
  },
  {
    id: 'p10',
    title: 'failing credHelpers in auth.json',
    files: (x) => ({ [X]: { credHelpers: { [x.R]: 'h' } }, [D]: auths({ [x.R]: auth('bob') }) }),
    helpers: () => ({ h: 'fail' }),
  },
  {
    id: 'p11',
    title: 'credsStore in auth.json',
    files: (x) => ({ [X]: { credsStore: 'store', ...auths({ [x.R]: auth('alice') }) } }),
    helpers: (x) => ({ store: { answers: { [x.R]: 'bob' } } }),
  },
  {
    id: 'p12',
    title: 'namespaced key in auth.json',
    namespace: 'team',
    files: (x) => ({ [X]: auths({ [`${x.R}/team`]: auth('carol'), [x.R]: auth('alice') }) }),
  },
  {
    id: 'p13',
    title: 'podman falls back to docker config namespaced key',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [`${x.R}/team`]: auth('carol') }) }),
  },
  {
    id: 'p14',
    title: 'XDG_RUNTIME_DIR names a missing folder',
    runtimeDirMissing: true,
    files: (x) => ({ [D]: auths({ [x.R]: auth('alice') }) }),
  },
  {
    id: 'p15',
    title: 'DOCKER_CONFIG without a config.json',
    env: { DOCKER_CONFIG: '{dir}/empty' },
    files: (x) => ({ 'empty/.keep': '', [D]: auths({ [x.R]: auth('bob') }) }),
  },
  {
    id: 'p16',
    title: 'legacy ~/.dockercfg only',
    files: (x) => ({ 'home/.dockercfg': { [`https://${x.R}`]: auth('alice') } }),
  },
  {
    id: 'p17',
    title: 'not-found credHelpers in auth.json, docker config has one',
    files: (x) => ({ [X]: { credHelpers: { [x.R]: 'h' } }, [D]: auths({ [x.R]: auth('bob') }) }),
    helpers: () => ({ h: { answers: {} } }),
  },
  // Berth's own credentials overlapping the tools'
  {
    id: 'b01',
    title: 'Berth pattern for team beats docker',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [x.R]: auth('bob') }) }),
    berthLogins: (x) => [{ registry: x.R, user: 'alice', patterns: [`${x.R}/team/*`] }],
  },
  {
    id: 'b02',
    title: 'Berth pattern elsewhere, docker applies',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [x.R]: auth('bob') }) }),
    berthLogins: (x) => [{ registry: x.R, user: 'alice', patterns: [`${x.R}/other/*`] }],
  },
  {
    id: 'b03',
    title: 'Berth elsewhere, docker helper fails, auths fallback',
    files: (x) => ({ [D]: { credHelpers: { [x.R]: 'h' }, ...auths({ [x.R]: auth('carol') }) } }),
    helpers: () => ({ h: 'fail' }),
    berthLogins: (x) => [{ registry: x.R, user: 'alice', patterns: [`${x.R}/nothing/*`] }],
  },
  {
    id: 'b04',
    title: 'Berth registry-wide vs docker namespaced key',
    namespace: 'team',
    files: (x) => ({ [D]: auths({ [`${x.R}/team`]: auth('bob') }) }),
    berthLogins: (x) => [{ registry: x.R, user: 'alice', patterns: [] }],
  },
  {
    id: 'b05',
    title: 'Berth for localhost only, image on 127.0.0.1',
    files: (x) => ({ [X]: auths({ [x.R]: auth('bob') }) }),
    berthLogins: (x) => [{ registry: x.L, user: 'alice', patterns: [] }],
  },
  {
    id: 'b06',
    title: 'two Berth patterns, the more specific wins',
    namespace: 'team/app',
    files: (x) => ({ [D]: auths({ [x.R]: auth('carol') }) }),
    berthLogins: (x) => [
      { registry: x.R, user: 'alice', patterns: [`${x.R}/team/*`] },
      { registry: x.R, user: 'bob', patterns: [`${x.R}/team/app/*`] },
    ],
  },
  {
    id: 'b07',
    title: 'Berth nothing, docker nothing, podman namespaced',
    namespace: 'team',
    files: (x) => ({ [C]: auths({ [`${x.R}/team`]: auth('dave') }) }),
  },
];
