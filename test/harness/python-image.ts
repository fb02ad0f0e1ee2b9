/**
 * A real Python image without the internet: `debootstrap --variant=minbase` with
 * python3-minimal from Debian's mirror (reachable here), tarred once and cached on the
 * machine (BERTH_TEST_CACHE, default /var/cache/berth-test) so later runs only import it.
 * python3-minimal has no json module: flows and the launcher stick to ast and base64.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { shortTempDir } from './processes';

export const PYTHON_IMAGE = 'berth-test/python:3';

export function pythonRootfsTar(
  cacheDir = process.env.BERTH_TEST_CACHE ?? '/var/cache/berth-test',
): string {
  const tar = join(cacheDir, 'bookworm-python3-minimal.tar');
  if (existsSync(tar)) return tar;
  mkdirSync(cacheDir, { recursive: true });
  const dir = shortTempDir('py-');
  try {
    const rootfs = join(dir.path, 'rootfs');
    execFileSync(
      'debootstrap',
      [
        '--variant=minbase',
        '--include=python3-minimal',
        'bookworm',
        rootfs,
        process.env.BERTH_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian',
      ],
      { stdio: 'ignore', timeout: 600_000 },
    );
    // Apt's caches are half the size and no flow needs them.
    rmSync(join(rootfs, 'var', 'cache', 'apt'), { recursive: true, force: true });
    rmSync(join(rootfs, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true });
    const partial = `${tar}.partial`;
    execFileSync('tar', ['-C', rootfs, '-cf', partial, '.'], { stdio: 'ignore' });
    renameSync(partial, tar); // a crash never leaves a half-written cache behind
    return tar;
  } finally {
    dir.remove();
  }
}

/** Imports the cached rootfs as PYTHON_IMAGE (with python3 as its default command). */
export async function importPythonImage(docker: Docker): Promise<void> {
  const tar = pythonRootfsTar();
  const [repo, tag] = PYTHON_IMAGE.split(':') as [string, string];
  const stream = await docker.importImage(createReadStream(tar), {
    repo,
    tag,
    changes: ['CMD ["python3"]', 'ENV PYTHONUNBUFFERED=1', 'WORKDIR /opt/flow'],
  });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) =>
      error ? reject(error) : resolve(),
    );
  });
}
