/**
 * Listing the files of a big image from the registry, against its anchors. A real
 * docker-registry holds a generated image of N MB (default 1024) in 5 gzip layers of many
 * files (text-like content, so gzip works as on real images). Compared, median of 3 runs:
 *   berth files --json           (streams every layer, contents skipped)
 *   skopeo copy to a dir, then GNU tar -t over each layer blob
 *   curl reading each blob once to /dev/null (the floor: bytes over the wire, no work)
 * and berth's peak memory (GNU time's maximum resident set size).
 * Usage: npm run bench -- files [megabytes]
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, rmSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { startRegistry } from '../test/harness/registry';
import { putBlob, putManifest } from '../test/harness/registry-seed';
import { shortTempDir } from '../test/harness/processes';
import { berthCli, ratioLine, repeat, timeCommand } from './lib/measure';

const megabytes = Number(process.argv[2] ?? 1024);
const LAYERS = 5;
const user = 'alice';
const password = 'bench-pass';
const repository = 'bench/big';

/** Text-like bytes: random words, so gzip shrinks them about as much as real files. */
function textLike(size: number): Buffer {
  const words = randomBytes(Math.ceil(size / 2)).toString('hex');
  return Buffer.from(words.replace(/(.{7})/g, '$1 ').slice(0, size));
}

async function writeLayer(
  path: string,
  bytes: number,
  layer: number,
): Promise<{ diffId: string; files: number }> {
  const pack = tar.pack();
  const diff = createHash('sha256');
  let files = 0;
  const writing = pipeline(
    pack,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        diff.update(chunk);
        yield chunk;
      }
    },
    createGzip({ level: 1 }),
    createWriteStream(path),
  );
  const chunk = textLike(4 * 1024 * 1024);
  let written = 0;
  for (let dir = 0; written < bytes; dir++) {
    for (let i = 0; i < 200 && written < bytes; i++) {
      // Sizes from 1 KB to 256 KB, like the files of a real distribution.
      const size = Math.min(bytes - written, 1024 * (1 + ((i * 7919 + dir * 104729) % 256)));
      const offset = (i * 65_537) % (chunk.length - size);
      await new Promise<void>((resolve, reject) =>
        pack.entry(
          { name: `layer${layer}/d${dir}/f${i}.txt`, size, mode: 0o644 },
          chunk.subarray(offset, offset + size),
          (e) => (e ? reject(e) : resolve()),
        ),
      );
      written += size;
      files++;
    }
  }
  pack.finalize();
  await writing;
  return { diffId: `sha256:${diff.digest('hex')}`, files };
}

const registry = await startRegistry({ auth: 'htpasswd', users: { [user]: password } });
const work = shortTempDir('bf-');
try {
  const access = { url: registry.url, username: user, password };
  const seedStart = performance.now();
  const layers: { digest: string; size: number }[] = [];
  const diffIds: string[] = [];
  let fileCount = 0;
  for (let l = 0; l < LAYERS; l++) {
    const path = join(work.path, `layer${l}.tar.gz`);
    const { diffId, files } = await writeLayer(path, (megabytes * 1024 * 1024) / LAYERS, l);
    fileCount += files;
    diffIds.push(diffId);
    layers.push(await putBlob(access, repository, readFileSync(path)));
    rmSync(path);
  }
  const config = await putBlob(
    access,
    repository,
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: diffIds },
      config: {},
    }),
  );
  await putManifest(
    access,
    repository,
    '1',
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        ...l,
      })),
    }),
    'application/vnd.oci.image.manifest.v1+json',
  );
  const compressed = layers.reduce((s, l) => s + l.size, 0);
  console.log(
    `seeded ${megabytes} MB in ${LAYERS} layers (${fileCount} files, ${(compressed / 1024 / 1024).toFixed(0)} MB gzipped) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  const image = `${registry.host}/${repository}:1`;
  const env = {
    ...process.env,
    BERTH_HOME: join(work.path, 'home'),
    BERTH_REGISTRY_AUTH: JSON.stringify({ [registry.host]: { username: user, secret: password } }),
  };
  const creds = `${user}:${password}`;
  if (process.env.BENCH_FILES_HOLD) {
    // For profiling: keep the seeded registry up and say how to reach it.
    console.log(
      `BERTH_REGISTRY_AUTH='${env.BERTH_REGISTRY_AUTH}' node dist/cli/cli.mjs files ${image} --json`,
    );
    console.log(
      `curl -u ${creds} ${registry.url}/v2/${repository}/blobs/${layers[0]?.digest ?? ''}`,
    );
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
  let peakKb = 0;
  const result = await repeat(3, async () => {
    const berth = await timeCommand(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, berthCli, 'files', image, '--json'],
      {
        env,
      },
    );
    const listed = (JSON.parse(berth.stdout) as { files: { kind: string }[] }).files.filter(
      (f) => f.kind === 'file',
    ).length;
    if (listed !== fileCount)
      throw new Error(`berth listed ${listed} files, expected ${fileCount}`);

    const dir = join(work.path, 'skopeo');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const skopeoStart = performance.now();
    await timeCommand('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      creds,
      `docker://${image}`,
      `dir:${dir}`,
    ]);
    let tarListed = 0;
    for (const l of layers) {
      const out = await timeCommand('tar', ['-tf', join(dir, l.digest.slice(7))], {});
      tarListed += out.stdout.split('\n').filter((n) => n.endsWith('.txt')).length;
    }
    const skopeoMs = performance.now() - skopeoStart;
    if (tarListed !== fileCount)
      throw new Error(`tar listed ${tarListed} files, expected ${fileCount}`);

    const curlStart = performance.now();
    for (const l of layers) {
      await timeCommand('curl', [
        '-sf',
        '-u',
        creds,
        '-o',
        '/dev/null',
        `${registry.url}/v2/${repository}/blobs/${l.digest}`,
      ]);
    }
    const curlMs = performance.now() - curlStart;
    return { berth: berth.ms, skopeo: skopeoMs, curl: curlMs };
  });
  // GNU time writes the peak RSS (KB) on stderr: measure it once more, captured.
  const { spawnSync } = await import('node:child_process');
  const measured = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, berthCli, 'files', image, '--json'],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  peakKb = Number(measured.stderr.toString().trim().split('\n').pop() ?? 0);
  console.log(
    ratioLine(
      'files of a 5-layer image vs skopeo copy + tar -t',
      result.berth,
      result.skopeo,
      'skopeo+tar',
      1.0,
    ),
  );
  console.log(
    ratioLine(
      'files of a 5-layer image vs one curl read of the blobs',
      result.berth,
      result.curl,
      'curl',
      1.2,
    ),
  );
  console.log(
    `berth peak memory: ${(peakKb / 1024).toFixed(0)} MB (goal < 150 MB: ${peakKb / 1024 < 150 ? 'met' : 'MISSED'})`,
  );
  console.log(`files listed: ${fileCount}; layers on disk: ${readdirSync(work.path).length}`);
} finally {
  await registry.stop();
  work.remove();
}
