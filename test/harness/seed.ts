/**
 * Images without the internet (shared/notes/real-services.md): a root filesystem holding the
 * static busybox, imported through the engine API, then tagged and pushed to the harness
 * registries so that local images carry real repo digests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, copyFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { shortTempDir } from './processes';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];
const APPLETS = ['sh', 'echo', 'ls', 'cat', 'env', 'sleep', 'true', 'false', 'printf'];

/** A tar of a tiny root filesystem with busybox and a few applets. */
export function busyboxRootfsTar(extraFiles: Record<string, string> = {}): Buffer {
  const dir = shortTempDir('bb-');
  try {
    const rootfs = join(dir.path, 'rootfs');
    mkdirSync(join(rootfs, 'bin'), { recursive: true });
    mkdirSync(join(rootfs, 'tmp'), { recursive: true });
    const busybox = BUSYBOX_CANDIDATES.find((p) => {
      try {
        execFileSync(p, ['true']);
        return true;
      } catch {
        return false;
      }
    });
    if (!busybox)
      throw new Error('busybox-static is not installed (apt-get install busybox-static)');
    copyFileSync(busybox, join(rootfs, 'bin', 'busybox'));
    for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
    for (const [path, content] of Object.entries(extraFiles)) {
      const target = join(rootfs, path);
      mkdirSync(join(target, '..'), { recursive: true });
      execFileSync('sh', ['-c', 'cat > "$1"', 'sh', target], { input: content });
    }
    return execFileSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
  } finally {
    dir.remove();
  }
}

async function drain(stream: NodeJS.ReadableStream, docker: Docker): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (error) reject(error);
      else if (failed?.error) reject(new Error(failed.error));
      else resolve();
    });
  });
}

export interface ImportOptions {
  repo: string;
  tag: string;
  /** Dockerfile instructions applied on import: ENV, CMD, ENTRYPOINT, LABEL, WORKDIR, ... */
  changes?: string[];
  extraFiles?: Record<string, string>;
}

export async function importBusybox(docker: Docker, options: ImportOptions): Promise<void> {
  const tar = busyboxRootfsTar(options.extraFiles);
  const stream = await docker.importImage(Readable.from([tar]), {
    repo: options.repo,
    tag: options.tag,
    ...(options.changes ? { changes: options.changes } : {}),
  });
  await drain(stream, docker);
}

export interface RegistryLogin {
  username: string;
  password: string;
  serveraddress: string;
}

/** Tags `source` as `target` and pushes it with the given login; returns the pushed digest. */
export async function tagAndPush(
  docker: Docker,
  source: string,
  target: string,
  auth: RegistryLogin,
): Promise<string> {
  const colon = target.lastIndexOf(':');
  const repo = target.slice(0, colon);
  const tag = target.slice(colon + 1);
  await docker.getImage(source).tag({ repo, tag });
  const stream = await docker.getImage(target).push({ authconfig: auth });
  let digest = '';
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: { error?: string; aux?: { Digest?: string } }[]) => {
        const failed = output?.find((o) => o.error);
        digest = output?.find((o) => o.aux?.Digest)?.aux?.Digest ?? '';
        if (error) reject(error);
        else if (failed?.error) reject(new Error(failed.error));
        else resolve();
      },
    );
  });
  return digest;
}
