/**
 * A real Python image without the internet: `debootstrap --variant=minbase` with
 * python3-minimal from Debian's mirror (reachable here), tarred once and cached on the
 * machine (BERTH_TEST_CACHE, default /var/cache/berth-test) so later runs only import it.
 * python3-minimal has no json module: flows and the launcher stick to ast and base64.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { shortTempDir } from './processes';

export const PYTHON_IMAGE = 'berth-test/python:3';
/**
 * Debian's python3 (the whole standard library: json, asyncio, dataclasses, …) with Debian's
 * python3-numpy and python3-pip, for real projects' code, which python3-minimal cannot import.
 * Built the same way, no PyPI. Like the python:3.x images these projects name, it has `python`
 * and no EXTERNALLY-MANAGED marker, so a step's `pip install numpy` finds numpy installed and
 * succeeds offline, as it would on a worker whose image already has it.
 */
export const PYTHON_STDLIB_IMAGE = 'berth-test/python-debian:bookworm';

const DEFAULT_CACHE = process.env.BERTH_TEST_CACHE ?? '/var/cache/berth-test';

export function pythonRootfsTar(cacheDir = DEFAULT_CACHE): string {
  return debootstrapTar(cacheDir, 'bookworm-python3-minimal.tar', 'python3-minimal');
}

/** The python3 + numpy + pip rootfs, cached beside the minimal one. */
export function pythonStdlibRootfsTar(cacheDir = DEFAULT_CACHE): string {
  return debootstrapTar(
    cacheDir,
    'bookworm-python3-numpy-pip.tar',
    'python3,python3-numpy,python3-pip',
    (rootfs) => {
      rmSync(join(rootfs, 'usr/lib/python3.11/EXTERNALLY-MANAGED'), { force: true });
      // Steps say `python x.py`, as python:3.x images allow (Debian's python-is-python3 does this).
      symlinkSync('python3', join(rootfs, 'usr/bin/python'));
    },
  );
}

function debootstrapTar(
  cacheDir: string,
  name: string,
  include: string,
  adjust: (rootfs: string) => void = () => undefined,
): string {
  const tar = join(cacheDir, name);
  if (existsSync(tar)) return tar;
  mkdirSync(cacheDir, { recursive: true });
  const dir = shortTempDir('py-');
  try {
    const rootfs = join(dir.path, 'rootfs');
    execFileSync(
      'debootstrap',
      [
        '--variant=minbase',
        `--include=${include}`,
        'bookworm',
        rootfs,
        process.env.BERTH_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian',
      ],
      { stdio: 'ignore', timeout: 1_200_000 },
    );
    // Apt's caches are half the size and no flow needs them.
    rmSync(join(rootfs, 'var', 'cache', 'apt'), { recursive: true, force: true });
    rmSync(join(rootfs, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true });
    adjust(rootfs);
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
  await importRootfs(docker, pythonRootfsTar(), PYTHON_IMAGE);
}

/** Imports the python3 rootfs as PYTHON_STDLIB_IMAGE, unless the engine already has it. */
export async function importPythonStdlibImage(docker: Docker): Promise<void> {
  const present = await docker
    .getImage(PYTHON_STDLIB_IMAGE)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (!present) await importRootfs(docker, pythonStdlibRootfsTar(), PYTHON_STDLIB_IMAGE);
}

async function importRootfs(docker: Docker, tar: string, image: string): Promise<void> {
  const [repo, tag] = image.split(':') as [string, string];
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
