/**
 * Remedies against the real services: a pull fails in the real dockerd, the engine's own words
 * are pasted into the doctor (diagnose.message), the remedy it offers is applied through the
 * contract (diagnose.fix), and the same pull then succeeds. Undo puts docker's config.json back
 * byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { BerthCore } from '../../src/host/core';
import type { Diagnosis } from '../../src/shared/diagnosis';
import type { Response } from '../../src/shared/contract';
import { describeWithHarness } from '../harness/context';
import { berthWith } from './pull-setup';
import type { PullSetup } from './pull-setup';

describeWithHarness('remedies applied against the real registry and dockerd', (h) => {
  const basic = h.basicRegistry.host;
  const token = h.tokenRegistry.host;
  const alicePassword = h.users.alice ?? '';
  const cores: BerthCore[] = [];
  afterAll(() => {
    for (const core of cores) core.close();
  });

  async function setup(config: PullSetup) {
    const made = await berthWith(h, config);
    cores.push(made.core);
    return { ...made, configPath: join(made.home, '.docker', 'config.json') };
  }

  async function failAndDiagnose(core: BerthCore, image: string): Promise<Diagnosis> {
    await core.engine.removeImage(image, true).catch(() => undefined);
    const outcome = await core.pulls.pull(image);
    expect(outcome.result).toBe('failed');
    const engineWords = String(outcome.error?.details?.engineMessage ?? outcome.error?.message);
    const result = await core.dispatch('diagnose.message', { message: engineWords });
    if (!result.ok) throw new Error(result.error.message);
    return result.data as Diagnosis;
  }

  async function fix(core: BerthCore, remedyId: string, secret?: string) {
    const result = await core.dispatch('diagnose.fix', {
      remedyId,
      ...(secret ? { secret } : {}),
    });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data as Response<'diagnose.fix'>;
  }

  it('a stale docker login breaking a public pull: the remedy removes it, the pull succeeds, undo restores the file', async () => {
    const image = `${token}/public/tools:1`;
    const { core, configPath } = await setup({
      dockerConfig: {
        auths: { [token]: { auth: Buffer.from('alice:stale-password').toString('base64') } },
      },
    });
    const original = readFileSync(configPath);
    const d = await failAndDiagnose(core, image);
    // The paste names the image and its registry; the host decides what the refusal means.
    expect(d.extracted?.references.map((r) => r.image)).toContain(image);
    expect(['bad_credentials', 'registry_error']).toContain(d.cause);
    const remedy = d.remedies?.find((r) => r.kind === 'logout' && r.id.endsWith('docker-config'));
    expect(remedy?.changes.join(' ')).toContain(configPath);

    const applied = await fix(core, remedy?.id ?? '');
    expect(applied.applied).toBe(true);
    expect(applied.undo).toMatch(/^undo:/);
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({ auths: {} });

    const again = await core.pulls.pull(image);
    expect(again.result).toBe('success');

    await fix(core, applied.undo ?? '');
    expect(readFileSync(configPath).equals(original)).toBe(true);
  });

  it('a dead credsStore: the remedy drops it (backup kept), a login remedy stores the credential, the pull succeeds, undo restores the file', async () => {
    const image = `${basic}/team/flows:1`;
    const { core, configPath } = await setup({ dockerConfig: { credsStore: 'desktop-gone' } });
    const original = readFileSync(configPath);
    const d = await failAndDiagnose(core, image);
    expect(d.cause).toBe('no_credentials');
    // The live probe (what a failed pull in the app runs) names the helper as the cause.
    const live = await core.dispatch('diagnose.run', { reference: image });
    if (!live.ok) throw new Error(live.error.message);
    const liveD = live.data as Diagnosis;
    expect(liveD.cause).toBe('credential_helper');
    const dropHelper = liveD.remedies?.find((r) => r.kind === 'remove-helper');
    expect(dropHelper?.changes.join(' ')).toMatch(/"credsStore": "desktop-gone"/);
    const login = liveD.remedies?.find((r) => r.kind === 'login');
    expect(login?.prefill).toEqual({ registry: basic, username: null });

    const dropped = await fix(core, dropHelper?.id ?? '');
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({});
    const explained = await core.dispatch('credentials.explain', { reference: image });
    if (!explained.ok) throw new Error(explained.error.message);
    expect(
      (explained.data as { problems: { code: string }[] }).problems.map((p) => p.code),
    ).not.toContain('credentials.helper_missing');

    // The login form's remedy, with the user filled in: stored only after a real login test.
    await fix(core, `login:${encodeURIComponent(basic)}:alice`, alicePassword);
    const again = await core.pulls.pull(image);
    expect(again.result).toBe('success');

    await fix(core, dropped.undo ?? '');
    expect(readFileSync(configPath).equals(original)).toBe(true);
  });

  it('the retry remedy is a pull job like pull.start: in jobs.list while it runs, its progress pushed, its ledger entry named', async () => {
    const image = `${token}/public/tools:1`;
    const { core } = await setup({ dockerConfig: { auths: {} } });
    await core.engine.removeImage(image, true).catch(() => undefined);
    const seen: { event: string; pullId: string }[] = [];
    let listedWhileRunning: string[] = [];
    const stop = core.bus.subscribe((event, payload) => {
      if (!event.startsWith('pull.') || typeof payload !== 'object' || payload === null) return;
      const pullId = 'pullId' in payload ? String(payload.pullId) : '';
      // The first word of the pull: the job registry already holds it.
      if (seen.length === 0) listedWhileRunning = core.jobs.list('pull').map((j) => j.id);
      seen.push({ event, pullId });
    });
    try {
      const applied = await fix(core, `retry:${encodeURIComponent(image)}`);
      expect(applied.applied).toBe(true);
      const pullId = applied.pull?.pullId ?? '';
      expect(pullId).not.toBe('');
      expect(listedWhileRunning).toEqual([pullId]);
      expect(seen.filter((e) => e.event === 'pull.progress').length).toBeGreaterThan(0);
      expect(seen.at(-1)).toEqual({ event: 'pull.done', pullId });
      expect(seen.every((e) => e.pullId === pullId)).toBe(true);
      expect(core.jobs.list('pull')).toEqual([]);
      // The ledger entry the answer names is this pull's, and the engine has the image.
      const entryId = applied.pull?.entryId ?? '';
      expect(applied.changes.join(' ')).toContain(entryId);
      const entries = await core.ledger.read();
      expect(entries.entries.find((e) => e.id === entryId)).toMatchObject({
        kind: 'pull',
        reference: image,
        result: 'success',
      });
      expect((await core.engine.inspectImage(image)).repoTags).toContain(image);
    } finally {
      stop();
    }
  });

  it('refuses an undo id that is not one of its own backups', async () => {
    const { core } = await setup({ dockerConfig: { auths: {} } });
    const result = await core.dispatch('diagnose.fix', { remedyId: 'undo:%2Fetc%2Fpasswd' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('fix.bad_undo');
  });
});
