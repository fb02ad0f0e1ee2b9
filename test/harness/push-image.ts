/** Puts the harness's busybox image into a plain-HTTP or self-signed registry, with skopeo. */
import { execFileSync } from 'node:child_process';

export function pushBusybox(dockerHost: string, target: string): void {
  execFileSync(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      '--src-daemon-host',
      dockerHost,
      'docker-daemon:local/busybox:1',
      `docker://${target}`,
    ],
    { stdio: 'pipe' },
  );
}
