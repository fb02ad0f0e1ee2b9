/**
 * `berth tags` against the real docker-registry: cosign's `sha256-….sig` fallback tag and a
 * BuildKit attestation manifest are left out of the tag and platform lists unless `--all` asks
 * for them. The registry's own /tags/list (curl) is the oracle for what is there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { seedImageContent } from '../harness/image-content-seed';
import type { ContentSeed } from '../harness/image-content-seed';
import { berth } from './berth-cli';
import type { TagDetails } from '../../src/shared/contract';

const REPOSITORY = 'team/artifacts';

describeWithHarness('berth tags keeps signature and attestation artifacts out by default', (h) => {
  const alice = { username: 'alice', password: h.users.alice ?? '' };
  const repo = `${h.basicRegistry.host}/${REPOSITORY}`;
  let seed: ContentSeed;
  let env: Record<string, string>;
  let registryTags: string[];

  beforeAll(async () => {
    seed = await seedImageContent({ url: h.basicRegistry.url, ...alice }, REPOSITORY);
    registryTags = (
      JSON.parse(
        execFileSync('curl', [
          '-sf',
          '-u',
          `alice:${alice.password}`,
          `${h.basicRegistry.url}/v2/${REPOSITORY}/tags/list`,
        ]).toString(),
      ) as { tags: string[] }
    ).tags;
    env = {
      BERTH_HOME: mkdtempSync(join(tmpdir(), 'berth-tags-artifacts-')),
      BERTH_REGISTRY_AUTH: JSON.stringify({
        [h.basicRegistry.host]: { username: 'alice', secret: alice.password },
      }),
      DOCKER_HOST: h.dockerHost,
    };
  }, 120_000);
  afterAll(() => {
    rmSync(env.BERTH_HOME ?? '', { recursive: true, force: true });
  });

  it('lists every tag but the signature, and says how many it hid', async () => {
    // The registry really holds the fallback tag: the test would prove nothing otherwise.
    expect(registryTags).toContain(seed.signature.tag);
    const plain = await berth(['tags', repo], env);
    expect(plain.code).toBe(0);
    const listed = plain.stdout.trim().split('\n');
    expect(listed.sort()).toEqual(registryTags.filter((t) => t !== seed.signature.tag).sort());
    expect(plain.stderr).toContain('1 signature/attestation tag hidden (--all lists them)');

    const json = JSON.parse((await berth(['tags', repo, '--json'], env)).stdout) as {
      count: number;
      hidden: number;
      tags: string[];
    };
    expect(json.hidden).toBe(1);
    expect(json.count).toBe(registryTags.length - 1);
    expect(json.tags).not.toContain(seed.signature.tag);
  });

  it('lists the signature tag too with --all', async () => {
    const all = await berth(['tags', repo, '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n').sort()).toEqual([...registryTags].sort());
    expect(all.stderr).not.toContain('hidden');
  });

  it("keeps the index's attestation manifest out of its platforms unless --all", async () => {
    const details = async (...extra: string[]) =>
      (
        JSON.parse(
          (await berth(['tags', repo, '--details', '--json', ...extra], env, undefined, 60_000))
            .stdout,
        ) as { tags: TagDetails[] }
      ).tags.find((t) => t.tag === 'multi');

    const plain = await details();
    expect(plain?.platforms.map((p) => p.digest).sort()).toEqual(
      [seed.multi.amd64, seed.multi.arm64].sort(),
    );
    expect(plain?.attestations).toBeUndefined();

    const all = await details('--all');
    expect(all?.platforms).toEqual(plain?.platforms);
    expect(all?.attestations).toEqual([
      { digest: seed.multi.attestation, subject: seed.multi.amd64 },
    ]);

    const table = await berth(['tags', repo, '--details', '--all'], env, undefined, 60_000);
    const row = table.stdout.split('\n').find((line) => line.startsWith('multi '));
    expect(row).toMatch(/linux\/amd64,linux\/arm64\/v8 \+1 attestation/);
    expect(table.stdout).toContain(seed.signature.tag);
  });
});
