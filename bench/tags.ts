/**
 * Tag listing against its anchors. A real docker-registry with N tags (default 10 000) sits
 * behind a proxy that pages like real registries (100 a page) and adds 20 ms to every
 * request, like a registry across the internet. Compared, median of 3 runs each:
 *   berth tags --json  vs  skopeo list-tags  vs  a curl loop following Link headers;
 *   time to the first tag (berth tags streams its plain output);
 *   berth tags --details --limit 200  vs  one curl fetching the same 200 manifests.
 * Usage: npm run bench -- tags [tagCount]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry } from '../test/harness/registry';
import { seedManyTags } from '../test/harness/registry-seed';
import { startPaginatingServer } from '../test/harness/paginating-server';
import { shortTempDir } from '../test/harness/processes';
import { berthCli, ratioLine, repeat, timeCommand } from './lib/measure';

const count = Number(process.argv[2] ?? 10_000);
const user = 'alice';
const password = 'bench-pass';
const repository = 'team/many';

const registry = await startRegistry({ auth: 'htpasswd', users: { [user]: password } });
const proxy = await startPaginatingServer({
  upstream: registry.url,
  defaultPageSize: 100,
  latencyMs: 20,
});
const work = shortTempDir('bb-');
try {
  const seedStart = performance.now();
  const tags = await seedManyTags(
    { url: registry.url, username: user, password },
    repository,
    count,
  );
  console.log(`seeded ${count} tags in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const env = {
    ...process.env,
    BERTH_HOME: join(work.path, 'home'),
    BERTH_REGISTRY_AUTH: JSON.stringify({ [proxy.host]: { username: user, secret: password } }),
  };
  const image = `${proxy.host}/${repository}`;

  const curlLoop = join(work.path, 'list-tags.sh');
  writeFileSync(
    curlLoop,
    `#!/bin/sh
# Follows the Link header page by page, as a hand-written client would.
next="/v2/${repository}/tags/list?n=100"
while [ -n "$next" ]; do
  curl -sS --fail -u "$BENCH_CREDS" -D "$0.h" "${proxy.url}$next" >> "$0.out"
  next=$(sed -n 's/^[Ll]ink: <\\([^>]*\\)>.*/\\1/p' "$0.h" | tr -d '\\r')
done
`,
    { mode: 0o755 },
  );

  const listed = await repeat(3, async () => {
    const berth = await timeCommand(
      process.execPath,
      [berthCli, 'tags', image, '--json', '--page-size', '100'],
      { env },
    );
    const got = (JSON.parse(berth.stdout) as { tags: unknown[] }).tags.length;
    if (got !== count) throw new Error(`berth listed ${got} tags, expected ${count}`);
    const plain = await timeCommand(
      process.execPath,
      [berthCli, 'tags', image, '--page-size', '100'],
      { env },
    );
    const skopeo = await timeCommand('skopeo', [
      'list-tags',
      '--tls-verify=false',
      '--creds',
      `${user}:${password}`,
      `docker://${image}`,
    ]);
    const skopeoCount = (JSON.parse(skopeo.stdout) as { Tags: unknown[] }).Tags.length;
    if (skopeoCount !== count)
      throw new Error(`skopeo listed ${skopeoCount} tags, expected ${count}`);
    const curl = await timeCommand('sh', [curlLoop], {
      env: { ...process.env, BENCH_CREDS: `${user}:${password}` },
    });
    return { berth: berth.ms, firstTag: plain.firstOutputMs, skopeo: skopeo.ms, curl: curl.ms };
  });

  const sample = tags.slice(0, 200);
  const manifestUrls = sample.map((t) => `${proxy.url}/v2/${repository}/manifests/${t}`);
  const detailed = await repeat(3, async () => {
    const berth = await timeCommand(
      process.execPath,
      [berthCli, 'tags', image, '--json', '--details', '--limit', '200', '--page-size', '100'],
      { env },
    );
    const curl = await timeCommand('curl', [
      '-sS',
      '--fail',
      '-u',
      `${user}:${password}`,
      '-H',
      'accept: application/vnd.oci.image.manifest.v1+json',
      '-o',
      '/dev/null',
      ...manifestUrls.flatMap((u) => [u, '-o', '/dev/null']),
    ]);
    return { berth: berth.ms, curl: curl.ms };
  });

  console.log(`\nberth tags, ${count} tags, pages of 100, 20 ms per request (median of 3):`);
  console.log(ratioLine('list all tags', listed.berth, listed.skopeo, 'skopeo list-tags'));
  console.log(ratioLine('list all tags', listed.berth, listed.curl, 'curl loop'));
  console.log(
    `time to first tag: ${listed.firstTag.toFixed(0)} ms (the whole list: ${listed.berth.toFixed(0)} ms)`,
  );
  console.log(
    ratioLine(
      'details for 200 tags (manifest + config each)',
      detailed.berth,
      detailed.curl,
      'curl, 200 manifests only',
    ),
  );
} finally {
  await proxy.stop();
  await registry.stop();
  work.remove();
}
