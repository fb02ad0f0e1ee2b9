/**
 * Held-out configurations, written after the rules were fixed to the cases in cases.ts and not
 * used to shape them: their agreement rate is the honest measure of the rules (issue 12,
 * "Done when": at least 95% for each tool). As in cases.ts, no expected answers: the tools decide.
 */
import type { OracleCase } from './cases';
import { auth, C, D, X } from './cases';
import { identityTokenOf } from './users';

const auths = (entries: Record<string, unknown>) => ({ auths: entries });

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
];
