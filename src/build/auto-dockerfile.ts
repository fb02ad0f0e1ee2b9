/**
 * `dockerfile: auto`, written the way prefect_docker's build_docker_image step writes it
 * (PrefectHQ/prefect, src/integrations/prefect-docker/prefect_docker/deployments/steps.py at
 * commit 09f2706d, prefect-docker 0.6):
 *
 *     FROM <get_prefect_image_name()>
 *     COPY requirements.txt /opt/prefect/<dir>/requirements.txt      (only when the file exists)
 *     RUN python -m pip install -r /opt/prefect/<dir>/requirements.txt
 *     COPY . /opt/prefect/<dir>/
 *     WORKDIR /opt/prefect/<dir>/
 *
 * <dir> is the name of the folder `prefect deploy` runs in (os.getcwd()), and the file is
 * written there as `Dockerfile`, refused if one exists. get_prefect_image_name
 * (src/prefect/utilities/dockerutils.py at commit 08898942) names
 * prefecthq/prefect:<prefect version>-python<major.minor> of the Prefect that runs the step,
 * so Berth asks the machine's own Python for its Prefect; without one it says which image it
 * picked and why. An explicit base image (e.g. an offline one) replaces the FROM, and the
 * run's log says so.
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BerthError } from '../shared/errors';
import { PREFECT_DEFAULT_IMAGE } from '../shared/flows';

export interface AutoDockerfile {
  text: string;
  baseImage: string;
  /** How the FROM was chosen, for the run's log. */
  baseFrom: string;
}

/** get_prefect_image_name: the tag slugified as Prefect does ([^a-zA-Z0-9_.-]+ becomes "-"). */
export function prefectImageName(prefectVersion: string, pythonVersion: string): string {
  const local = prefectVersion.includes('+');
  const base = prefectVersion.split('+')[0] ?? prefectVersion;
  const tag = `${base}-python${pythonVersion}`.replace(/[^a-zA-Z0-9_.-]+/g, '-').slice(0, 128);
  return `prefecthq/${local ? 'prefect-dev' : 'prefect'}:${tag}`;
}

const PROBE =
  'import sys, prefect; print(prefect.__version__); print("%d.%d" % sys.version_info[:2])';

/** The Prefect and Python of this machine, as `prefect deploy` here would see them; null if none. */
export function localPrefect(
  timeoutMs = 10_000,
): Promise<{ prefect: string; python: string } | null> {
  return new Promise((resolve) => {
    execFile(
      process.platform === 'win32' ? 'python' : 'python3',
      ['-c', PROBE],
      { timeout: timeoutMs, maxBuffer: 64 * 1024, windowsHide: true },
      (error, stdout) => {
        const [prefect, python] = String(stdout).trim().split(/\r?\n/);
        resolve(!error && prefect && python ? { prefect, python } : null);
      },
    );
  });
}

export interface AutoOptions {
  /** The folder `prefect deploy` runs in: prefect.yaml's. */
  deployDir: string;
  /** The context folder the Dockerfile is written into. */
  contextDir: string;
  /** An explicit FROM, e.g. an offline base image. */
  baseImage?: string;
  /** Finds the machine's Prefect (for tests: a fixed answer). */
  prefect?: () => Promise<{ prefect: string; python: string } | null>;
}

export async function autoDockerfile(options: AutoOptions): Promise<AutoDockerfile> {
  const exists = await access(join(options.deployDir, 'Dockerfile')).then(
    () => true,
    () => false,
  );
  if (exists) {
    // prefect_docker raises ValueError("Dockerfile already exists.") here.
    throw new BerthError(
      'build.dockerfile_exists',
      `dockerfile: auto, but ${join(options.deployDir, 'Dockerfile')} already exists: prefect deploy refuses this too.`,
      'Set dockerfile: Dockerfile in the build step to use it, or remove it to let the Dockerfile be generated.',
    );
  }
  let baseImage: string;
  let baseFrom: string;
  if (options.baseImage) {
    baseImage = options.baseImage;
    baseFrom = `the base image you chose (${baseImage}), instead of the prefecthq/prefect image prefect deploy would use`;
  } else {
    const local = await (options.prefect ?? (() => localPrefect()))();
    if (local) {
      baseImage = prefectImageName(local.prefect, local.python);
      baseFrom = `Prefect ${local.prefect} on Python ${local.python} of this machine, as prefect deploy here would pick`;
    } else {
      baseImage = PREFECT_DEFAULT_IMAGE;
      baseFrom = `${PREFECT_DEFAULT_IMAGE}: no Prefect found on this machine's python3 to match, as prefect deploy would`;
    }
  }
  const dir = basename(options.deployDir);
  const lines = [`FROM ${baseImage}`];
  const requirements = await access(join(options.deployDir, 'requirements.txt')).then(
    () => true,
    () => false,
  );
  if (requirements) {
    lines.push(`COPY requirements.txt /opt/prefect/${dir}/requirements.txt`);
    lines.push(`RUN python -m pip install -r /opt/prefect/${dir}/requirements.txt`);
  }
  lines.push(`COPY . /opt/prefect/${dir}/`);
  lines.push(`WORKDIR /opt/prefect/${dir}/`);
  return { text: lines.map((line) => `${line}\n`).join(''), baseImage, baseFrom };
}
