/**
 * The live probe's registry steps, 7-12: the /v2/ ping, challenge, token and pull access
 * (with the credential, then anonymously), the manifest (and, on a 404, whether the
 * repository exists at all), and the platforms of an index against the engine's.
 */
import { describeTag, listTags } from '../registry';
import type { RegistryClient } from '../registry';
import { verifyLogin } from '../credentials';
import type { ProbeRecord } from './probe-steps';

export interface RegistryTarget {
  client: RegistryClient;
  registry: string;
  repository: string;
  /** The tag, or the digest when the reference has one. */
  tag: string;
  /** The reference as verifyLogin samples pull access with it. */
  sample: string;
  credential: { username: string; secret: string } | null;
  wantedPlatform: string | null;
}

export async function registrySteps(target: RegistryTarget, probe: ProbeRecord): Promise<void> {
  const { facts } = probe;
  const { credential } = target;
  facts.withCredential = await login(
    target,
    probe,
    credential ? 'credential' : 'anonymous',
    credential,
    false,
  );
  if (facts.withCredential.failedStep === 'ping') {
    const code = facts.withCredential.error?.code ?? '';
    facts.ping = code === 'registry.timeout' ? 'timeout' : 'unreachable';
  }
  if (credential && !facts.ping)
    facts.anonymous = await login(target, probe, 'anonymous', null, true);
  // A private repository refusing an anonymous token is what should happen: neutral, not red.
  if (facts.withCredential.ok && facts.anonymous && !facts.anonymous.ok) {
    for (const s of probe.steps)
      if (s.name.endsWith('(anonymous)') && !s.ok) {
        s.expected = true;
        s.detail = `${s.detail} (expected: without the credential this repository is not readable)`;
      }
  }

  const access = facts.withCredential.ok || facts.anonymous?.ok;
  if (access) {
    await manifestSteps(target, probe);
    platformStep(target.wantedPlatform, probe);
  }
  facts.rateLimited =
    [facts.withCredential, facts.anonymous].some(
      (r) => r?.error?.code === 'registry.rate_limited',
    ) || facts.manifest === 'rate_limited';
}

async function login(
  target: RegistryTarget,
  probe: ProbeRecord,
  label: string,
  cred: { username: string; secret: string } | null,
  again: boolean,
) {
  const report = await verifyLogin(target.client, target.registry, cred, target.sample);
  for (const s of report.steps) {
    // The second (anonymous) run repeats ping and challenge: show them once.
    if (again && (s.name === 'ping' || s.name === 'challenge')) continue;
    probe.steps.push({
      ...s,
      name: s.name === 'ping' || s.name === 'challenge' ? s.name : `${s.name} (${label})`,
    });
  }
  if (!report.ok && report.error) {
    const failed = report.steps.find((s) => !s.ok);
    if (failed)
      failed.detail = `${failed.detail}${report.error.hint ? ` — ${report.error.hint}` : ''}`;
  }
  return report;
}

/** 11. The manifest, and on a 404 whether the repository exists at all. */
async function manifestSteps(target: RegistryTarget, probe: ProbeRecord): Promise<void> {
  const { facts, step } = probe;
  const repo = { registry: target.registry, repository: target.repository };
  const head = await step('manifest', async () => {
    const details = await describeTag(target.client, repo, target.tag);
    const offered = details.platforms.map(
      (p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`,
    );
    facts.platforms = offered;
    facts.manifest = 'ok';
    return {
      ok: true,
      detail: `${details.digest} (${details.kind}${offered.length ? `: ${offered.join(', ')}` : ''})${details.rateLimit ? `; rate limit ${details.rateLimit.remaining}/${details.rateLimit.limit}` : ''}`,
    };
  });
  if (head.ok || !('error' in head)) return;
  const code = head.error.code;
  if (code === 'registry.rate_limited') facts.manifest = 'rate_limited';
  else if (
    code === 'registry.tag_unknown' ||
    code === 'registry.name_unknown' ||
    /not found|unknown/i.test(head.error.message)
  ) {
    const repoCheck = await step('repository', async () => {
      for await (const page of listTags(target.client, repo, { pageSize: 100 })) {
        const has = page.tags.includes(target.tag);
        return {
          ok: true,
          detail: `${target.repository} exists (${page.tags.length}+ tags)${has ? '' : `; no tag ${target.tag} on the first page`}`,
        };
      }
      return { ok: true, detail: `${target.repository} exists but has no tags` };
    });
    facts.manifest = repoCheck.ok ? 'tag_not_found' : 'repo_not_found';
  } else {
    facts.manifest = 'failed';
    facts.manifestError = head.error;
  }
}

/** 12. The platforms of an index against the engine's. */
function platformStep(wantedPlatform: string | null, probe: ProbeRecord): void {
  const { facts } = probe;
  if (!facts.platforms || facts.platforms.length === 0 || !wantedPlatform) return;
  const [os, arch, variant] = wantedPlatform.split('/');
  facts.platformMatch = facts.platforms.some((p) => {
    const [pos, parch, pvariant] = p.split('/');
    return pos === os && parch === arch && (!variant || !pvariant || variant === pvariant);
  });
  probe.steps.push({
    name: 'platform',
    ok: facts.platformMatch,
    ms: 0,
    detail: facts.platformMatch
      ? `${wantedPlatform} is offered.`
      : `${wantedPlatform} is not among ${facts.platforms.join(', ')}.`,
  });
}
