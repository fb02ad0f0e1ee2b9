/**
 * An ssh:// engine: Debian's openssh-server on loopback in front of the harness's dockerd
 * (recipe: shared/notes/real-services.md, "An ssh:// engine"). `SetEnv DOCKER_HOST` makes
 * `docker system dial-stdio` on the far side reach the harness's daemon. The client side is
 * a temp HOME whose ~/.ssh/config names the engine by a Host alias, as a user's would.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, shortTempDir, startProcess, waitFor } from './processes';

export interface RunningSshd {
  port: number;
  /** A HOME whose ~/.ssh/config has `Host <alias>` for this sshd, with its key. */
  home: string;
  alias: string;
  /**
   * A folder to put first on PATH: its `ssh` is the real client reading $HOME/.ssh/config.
   * OpenSSH finds ~/.ssh/config through the passwd entry, not $HOME, and a test must not
   * touch the real user's file; the arguments Berth and the docker CLI pass are unchanged.
   */
  clientBin: string;
  /** The client key that sshd accepts (for a config the test writes itself). */
  clientKey: string;
  /** How many logins sshd has accepted so far (its own log): proof a request went through it. */
  acceptedLogins(): number;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startSshd(
  dockerSocket: string,
  alias = 'berth-engine',
): Promise<RunningSshd> {
  const dir = shortTempDir('ssh-');
  const hostKey = join(dir.path, 'hostkey');
  const clientKey = join(dir.path, 'clientkey');
  keygen(hostKey);
  keygen(clientKey);
  const port = await freePort();
  const config = join(dir.path, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir.path, 'sshd.pid')}`,
      `AuthorizedKeysFile ${clientKey}.pub`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin yes',
      'StrictModes no',
      'UsePAM no',
      `SetEnv DOCKER_HOST=unix://${dockerSocket}`,
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
  const log = join(dir.path, 'sshd.log');
  const sshd = startProcess(SSHD, ['-D', '-f', config, '-E', log]);
  await waitFor(
    () => portOpen(port),
    'sshd',
    10_000,
    () =>
      sshd.output() +
      (() => {
        try {
          return readFileSync(log, 'utf8');
        } catch {
          return '';
        }
      })(),
  );

  const home = join(dir.path, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(
    join(home, '.ssh', 'config'),
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      '  User root',
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const clientBin = join(dir.path, 'bin');
  mkdirSync(clientBin);
  writeFileSync(
    join(clientBin, 'ssh'),
    '#!/bin/sh\nexec /usr/bin/ssh -F "$HOME/.ssh/config" "$@"\n',
    { mode: 0o755 },
  );
  return {
    port,
    home,
    alias,
    clientBin,
    clientKey,
    acceptedLogins: () => {
      try {
        return (readFileSync(log, 'utf8').match(/Accepted publickey for root/g) ?? []).length;
      } catch {
        return 0;
      }
    },
    stop: async () => {
      await sshd.stop();
      dir.remove();
    },
  };
}
