/**
 * One configuration's world: its own HOME, XDG_RUNTIME_DIR, config files, podman storage and a
 * PATH of fake `docker-credential-*` helpers that answer from a map, fail, hang or say "not
 * found", and log every call (shared/notes/oracles.md, "Use one config per case").
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { identityTokenOf, ORACLE_USERS } from './users';
import type { OracleUser } from './users';

/** What a fake helper does for `get`. */
export type HelperBehaviour =
  /** server URL (exactly as the tool sends it) → the user, or that user's identity token. */
  | { answers: Record<string, OracleUser | { token: OracleUser }> }
  /** Exits 1 with an error other than "credentials not found" (a locked keychain). */
  | 'fail'
  /** Sleeps longer than Berth's helper timeout, then exits 1 without a word. */
  | 'hang';

export interface SandboxSpec {
  /** Files relative to the sandbox root (e.g. `home/.docker/config.json`): JSON values or text. */
  files: Record<string, unknown>;
  /** Extra environment; `{dir}` in a value becomes the sandbox root. */
  env?: Record<string, string>;
  helpers?: Record<string, HelperBehaviour>;
  /** Leave XDG_RUNTIME_DIR set but pointing at a folder that does not exist. */
  runtimeDirMissing?: boolean;
}

export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  remove(): void;
}

/** How long the "hang" helper sleeps: past Berth's 10 s helper timeout. */
export const HANG_SECONDS = 12;

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function helperScript(log: string, behaviour: HelperBehaviour): string {
  const lines = [
    '#!/bin/sh',
    'input=$(cat)',
    `printf '%s %s\\n' "$1" "$input" >> ${shellQuote(log)}`,
  ];
  if (behaviour === 'fail') {
    lines.push('echo "error: the keychain is locked"', 'exit 1');
  } else if (behaviour === 'hang') {
    lines.push(`sleep ${HANG_SECONDS}`, 'exit 1');
  } else {
    const answers = Object.entries(behaviour.answers);
    lines.push('if [ "$1" = list ]; then');
    const list = Object.fromEntries(
      answers.map(([url, who]) => [url, typeof who === 'string' ? who : '<token>']),
    );
    lines.push(`  printf '%s' ${shellQuote(JSON.stringify(list))}`, '  exit 0', 'fi');
    lines.push('case "$input" in');
    for (const [url, who] of answers) {
      const answer =
        typeof who === 'string'
          ? { ServerURL: url, Username: who, Secret: ORACLE_USERS[who] }
          : { ServerURL: url, Username: '<token>', Secret: identityTokenOf(who.token) };
      lines.push(
        `  ${shellQuote(url)}) printf '%s' ${shellQuote(JSON.stringify(answer))}; exit 0;;`,
      );
    }
    lines.push('esac', 'printf "credentials not found in native keychain"', 'exit 1');
  }
  return `${lines.join('\n')}\n`;
}

export function createSandbox(spec: SandboxSpec): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'bo-'));
  const bin = join(dir, 'bin');
  const run = join(dir, 'run');
  mkdirSync(bin, { recursive: true });
  mkdirSync(join(dir, 'home'), { recursive: true });
  if (!spec.runtimeDirMissing) mkdirSync(run, { recursive: true });
  for (const [name, behaviour] of Object.entries(spec.helpers ?? {})) {
    const path = join(bin, `docker-credential-${name}`);
    writeFileSync(path, helperScript(join(dir, 'helper-calls.log'), behaviour));
    chmodSync(path, 0o755);
  }
  for (const [path, content] of Object.entries(spec.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  // podman and skopeo on private vfs storage (shared/notes/oracles.md).
  writeFileSync(
    join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'graph')}"\nrunroot = "${join(dir, 'runroot')}"\n`,
  );
  writeFileSync(join(dir, 'registries.conf'), 'unqualified-search-registries = []\n');
  writeFileSync(
    join(dir, 'containers.conf'),
    '[engine]\nevents_logger = "none"\ncgroup_manager = "cgroupfs"\n',
  );
  const env: Record<string, string> = {
    PATH: `${bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: join(dir, 'home'),
    XDG_RUNTIME_DIR: run,
    CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf'),
    CONTAINERS_CONF: join(dir, 'containers.conf'),
    BERTH_HOME: join(dir, 'berth'),
  };
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    env[name] = value.replaceAll('{dir}', dir);
  }
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
