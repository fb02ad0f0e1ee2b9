/**
 * A full diagnosis of failing pulls on loopback, against raw curl doing the least a human
 * would (the /v2/ ping, a token, the manifest). Goal: at most 1 s per diagnosis, excluding
 * step timeouts set on purpose. Median of 5 runs per scenario, through the real CLI.
 * Usage: npm run bench -- diagnose
 */
import { join } from 'node:path';
import { startRegistry } from '../test/harness/registry';
import { shortTempDir } from '../test/harness/processes';
import type { GrantPolicy } from '../test/harness/token-issuer';
import { berthCli, ratioLine, repeat, timeCommand } from './lib/measure';

const grant: GrantPolicy = (user, access) => (user === 'alice' ? access.actions : []);
const registry = await startRegistry({ auth: 'token', users: { alice: 'pw' }, grant });
const work = shortTempDir('bd-');
try {
  const env = { ...process.env, HOME: work.path, BERTH_HOME: join(work.path, 'home') };
  const scenarios: [string, string][] = [
    ['no credentials (token auth)', `${registry.host}/team/app:1`],
    ['connection refused', '127.0.0.1:9/team/app:1'],
    ['a name under .invalid', 'registry.berth.invalid/team/app:1'],
  ];
  console.log('berth doctor on loopback, median of 5 (goal: at most 1000 ms each):');
  for (const [label, image] of scenarios) {
    const t = await repeat(5, async () => {
      const doctor = await timeCommand(process.execPath, [berthCli, 'doctor', image, '--json'], {
        env,
      });
      const cause = (JSON.parse(doctor.stdout) as { cause: string }).cause;
      if (cause === 'unknown') throw new Error(`${label}: no cause found`);
      const curl = await timeCommand('sh', [
        '-c',
        `curl -s -o /dev/null http://${registry.host}/v2/; curl -s -o /dev/null "${registry.issuer?.url ?? ''}?service=test-registry&scope=repository:team/app:pull"; curl -s -o /dev/null -I http://${registry.host}/v2/team/app/manifests/1; true`,
      ]);
      return { doctor: doctor.ms, curl: curl.ms };
    });
    console.log(
      `${ratioLine(label, t.doctor, t.curl, 'three curls')}  ${t.doctor <= 1000 ? '(≤ 1 s: met)' : '(≤ 1 s: MISSED)'}`,
    );
  }
} finally {
  await registry.stop();
  work.remove();
}
