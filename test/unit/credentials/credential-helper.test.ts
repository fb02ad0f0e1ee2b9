/**
 * The docker-credential-helpers protocol, spoken to real programs: the harness helper
 * (test/harness/bin/docker-credential-berth-test) and scripts that misbehave on purpose.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { helperGet, helperList } from '../../../src/credentials/credential-helper';
import { failure } from '../../harness/failures';

const BIN = join(import.meta.dirname, '..', '..', 'harness', 'bin');
const BASE_PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
const CONFIG = '~/.docker/config.json';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-helper-'));
  dirs.push(dir);
  return dir;
}

/** The harness helper with a store of its own. */
function harness(store: Record<string, { Username: string; Secret: string }>): NodeJS.ProcessEnv {
  const dir = tempDir();
  const file = join(dir, 'store.json');
  writeFileSync(file, JSON.stringify(store));
  return { PATH: `${BIN}${delimiter}${BASE_PATH}`, BERTH_TEST_HELPER_STORE: file };
}

/** docker-credential-<name> as a shell script in a fresh directory; returns its env and dir. */
function scripted(name: string, body: string): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = tempDir();
  const script = join(dir, `docker-credential-${name}`);
  writeFileSync(script, `#!/bin/sh\n${body}\n`);
  chmodSync(script, 0o755);
  return { env: { PATH: `${dir}${delimiter}${BASE_PATH}` }, dir };
}

describe('get and list', () => {
  it('gets a credential by server URL, with the PATH of the env given', async () => {
    const env = harness({ 'ghcr.io': { Username: 'octo', Secret: 'ghp:with:colons' } });
    expect(await helperGet('berth-test', 'ghcr.io', env, CONFIG)).toEqual({
      username: 'octo',
      secret: 'ghp:with:colons',
      identityToken: false,
    });
  });

  it('answers null when the helper says "credentials not found"', async () => {
    const env = harness({ 'ghcr.io': { Username: 'octo', Secret: 's' } });
    expect(await helperGet('berth-test', 'quay.io', env, CONFIG)).toBeNull();
  });

  it('takes "credentials not found" on stderr too', async () => {
    const { env } = scripted('err-notfound', 'echo "credentials not found" >&2; exit 1');
    expect(await helperGet('err-notfound', 'ghcr.io', env, CONFIG)).toBeNull();
  });

  it('marks the username <token> as an identity token', async () => {
    const env = harness({ 'myreg.azurecr.io': { Username: '<token>', Secret: 'refresh' } });
    expect(await helperGet('berth-test', 'myreg.azurecr.io', env, CONFIG)).toEqual({
      username: '<token>',
      secret: 'refresh',
      identityToken: true,
    });
  });

  it('lists server URL → username', async () => {
    const env = harness({
      'https://index.docker.io/v1/': { Username: 'hub', Secret: 'a' },
      'ghcr.io': { Username: 'octo', Secret: 'b' },
    });
    expect(await helperList('berth-test', env, CONFIG)).toEqual({
      'https://index.docker.io/v1/': 'hub',
      'ghcr.io': 'octo',
    });
  });

  it('writes the server URL on stdin and runs the helper with `get`', async () => {
    const dir = tempDir();
    const seen = join(dir, 'seen');
    const { env } = scripted(
      'echo',
      `printf '%s|' "$1" > '${seen}'; cat >> '${seen}'; printf '{"ServerURL":"x","Username":"u","Secret":"s"}'`,
    );
    await helperGet('echo', 'https://index.docker.io/v1/', env, CONFIG);
    expect(readFileSync(seen, 'utf8')).toBe('get|https://index.docker.io/v1/');
  });
});

describe('failures', () => {
  it('says a missing helper is not on PATH, and how to fix it', async () => {
    const error = await failure(() =>
      helperGet('desktop', 'ghcr.io', { PATH: BASE_PATH }, '~/.docker/config.json'),
    );
    expect(error.code).toBe('credentials.helper_missing');
    expect(error.message).toBe('docker-credential-desktop not found on PATH');
    expect(error.hint).toContain('Install docker-credential-desktop');
    expect(error.hint).toContain('credsStore/credHelpers in ~/.docker/config.json');
  });

  it('kills a helper that does not answer in time', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const { env } = scripted('slow', `echo $$ > '${pidFile}'\nexec sleep 30`);
    const started = Date.now();
    const error = await failure(() => helperGet('slow', 'ghcr.io', env, CONFIG, 300));
    expect(error.code).toBe('credentials.helper_timeout');
    expect(error.message).toBe('docker-credential-slow did not answer within 0.3 s.');
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it("reports another failure with the helper's own words, trimmed to 300 characters", async () => {
    const { env } = scripted(
      'locked',
      `printf '  error: cannot unlock the keychain %0400d\\n' 0 >&2; exit 3`,
    );
    const error = await failure(() => helperGet('locked', 'ghcr.io', env, CONFIG));
    expect(error.code).toBe('credentials.helper_failed');
    expect(error.message).toMatch(
      /^docker-credential-locked get exited 3: error: cannot unlock the keychain 0+$/,
    );
    const said = error.message.slice('docker-credential-locked get exited 3: '.length);
    expect(said).toHaveLength(300);
  });

  it('uses stdout for the error when stderr is empty, as the real helpers print there', async () => {
    const { env } = scripted('stdout-err', 'echo "exit status 1: pass not initialized"; exit 1');
    const error = await failure(() => helperList('stdout-err', env, CONFIG));
    expect(error.code).toBe('credentials.helper_failed');
    expect(error.message).toBe(
      'docker-credential-stdout-err list exited 1: exit status 1: pass not initialized',
    );
  });

  it('never copies an answer into an error, even from a helper that then fails', async () => {
    const { env } = scripted(
      'leaky',
      `printf '{"ServerURL":"ghcr.io","Username":"u","Secret":"TOPSECRET"}'; exit 1`,
    );
    const error = await failure(() => helperGet('leaky', 'ghcr.io', env, CONFIG));
    expect(error.code).toBe('credentials.helper_failed');
    expect(JSON.stringify(error.toShape())).not.toContain('TOPSECRET');
  });

  it('refuses an answer that is not the protocol, without quoting it', async () => {
    const { env } = scripted('garbage', `printf 'Secret=TOPSECRET'`);
    const error = await failure(() => helperGet('garbage', 'ghcr.io', env, CONFIG));
    expect(error.code).toBe('credentials.helper_failed');
    expect(error.message).not.toContain('TOPSECRET');
  });

  it('stops reading a helper that prints more than 1 MiB', async () => {
    const { env } = scripted('flood', 'yes aaaaaaaaaaaaaaaa | head -c 5000000');
    const error = await failure(() => helperList('flood', env, CONFIG));
    expect(error.code).toBe('credentials.helper_failed');
    expect(error.message).toContain('more than 1 MiB');
  });

  it('runs only helper names, never paths', async () => {
    const error = await failure(() => helperGet('../../bin/sh', 'ghcr.io', {}, CONFIG));
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).toContain(CONFIG);
  });
});
