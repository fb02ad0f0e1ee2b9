/**
 * The leak canary: unique secrets stored in the keychain and in Docker's config, then login,
 * the explainer, import, tag listing, export, pulls (through the engine, diagnosed, in the
 * ledger) and diagnosis reports exercised through a real `berth serve` and the CLI.
 * Neither canary may appear in any response or event sent to the renderer, in the server's
 * output, or in any file under BERTH_HOME. The keychain holding them is the positive control.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { filesContaining } from '../harness/leak-scan';
import { BIN, berth } from './berth-cli';
import { LEDGER_FILE } from '../../src/ledger';
import { diagnosisMarkdown } from '../../src/shared/diagnosis-report';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { KEYCHAIN_SERVICE } from '../../src/credentials/keychain';

describeWithHarness('leak canary through browser mode', (h) => {
  const stored = `canary-stored-${randomUUID()}`;
  const dockerSecret = `canary-docker-${randomUUID()}`;
  const home = mkdtempSync(join(tmpdir(), 'berth-canary-'));
  const exportDir = mkdtempSync(join(tmpdir(), 'berth-canary-export-'));
  let server: ChildProcess;
  let serverOutput = '';
  let base = '';
  let token = '';
  const seen: string[] = [];
  const events: string[] = [];
  const abortEvents = new AbortController();

  const invoke = async (
    channel: string,
    request: unknown,
  ): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> => {
    const res = await fetch(`${base}/api/invoke/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const text = await res.text();
    seen.push(text);
    return JSON.parse(text) as { ok: boolean; data?: unknown };
  };

  beforeAll(async () => {
    mkdirSync(join(home, '.docker'));
    const auth = Buffer.from(`alice:${dockerSecret}`).toString('base64');
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { [h.tokenRegistry.host]: { auth } } }),
    );
    server = spawn(process.execPath, [BIN, 'serve', '--json'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        BERTH_HOME: home,
        DOCKER_HOST: h.dockerHost,
        DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (c: Buffer) => (serverOutput += c.toString());
    server.stderr?.on('data', collect);
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout?.on('data', (c: Buffer) => {
        collect(c);
        const m = /"url":"([^"]+)"/.exec(serverOutput);
        if (m?.[1]) resolve(m[1]);
      });
      server.once('exit', (code) =>
        reject(new Error(`berth serve exited ${code}: ${serverOutput}`)),
      );
    });
    const parsed = new URL(url);
    base = parsed.origin;
    token = /token=([^&]+)/.exec(parsed.hash)?.[1] ?? '';
    // Everything pushed to the renderer while the test runs.
    void fetch(`${base}/api/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abortEvents.signal,
    })
      .then(async (res) => {
        for await (const chunk of res.body ?? [])
          events.push(Buffer.from(chunk as Uint8Array).toString());
      })
      .catch(() => {});
  });

  afterAll(() => {
    abortEvents.abort();
    server.kill('SIGTERM');
  });

  it('never leaks a secret through pulls, their diagnosis, the ledger or an exported report', async () => {
    const registry = h.basicRegistry.host;
    const image = `${registry}/team/flows:1`;
    const saved = await invoke('registries.save', {
      registry,
      username: 'alice',
      secret: stored,
      patterns: [`${registry}/team/*`],
      preset: 'generic',
      verify: false,
    });
    expect(saved.ok).toBe(true);

    // A pull through the engine with the canary as registry auth: refused, then diagnosed live.
    const started = await invoke('pull.start', { reference: image });
    const pullId = (started.data as { pullId: string }).pullId;
    const deadline = Date.now() + 20_000;
    while (!events.join('').includes(`"pullId":"${pullId}","reference"`) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = events.join('');
    expect(done).toContain('"cause":"bad_credentials"');
    const ledger = await invoke('ledger.list', {});
    expect((ledger.data as { entries: { cause: string | null }[] }).entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ cause: 'bad_credentials' })]),
    );

    // The same through the CLI, with the Docker config's canary too, and a doctor report on disk.
    const env = {
      HOME: home,
      BERTH_HOME: home,
      DOCKER_HOST: h.dockerHost,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    };
    const cliRuns = [
      await berth(['pull', image, '--json'], env),
      await berth(['pull', image], env),
      await berth(['pull', `${h.tokenRegistry.host}/team/app:1`], env),
      await berth(['ledger', '--json'], env),
      await berth(['ledger', '--csv'], env),
    ];
    expect(cliRuns[0]?.stdout).toContain('"cause": "bad_credentials"');
    const reportFile = join(exportDir, 'diagnosis.md');
    const doctor = await berth(['doctor', image, '--report', reportFile], env);
    const diagnosed = await invoke('diagnose.run', { reference: image });
    const rendererReport = diagnosisMarkdown(diagnosed.data as Diagnosis);

    // Positive controls: the ledger file and the report exist and name the pulls.
    const ledgerFile = readFileSync(join(home, LEDGER_FILE), 'utf8');
    expect(ledgerFile.trim().split('\n').length).toBeGreaterThanOrEqual(4);
    expect(ledgerFile).toContain(image);
    const report = readFileSync(reportFile, 'utf8');
    expect(report).toContain('bad_credentials');

    for (const canary of [stored, dockerSecret]) {
      const b64 = Buffer.from(`alice:${canary}`).toString('base64');
      const texts = [
        ...seen,
        ...events,
        serverOutput,
        ledgerFile,
        report,
        rendererReport,
        doctor.stdout,
        doctor.stderr,
        ...cliRuns.flatMap((r) => [r.stdout, r.stderr]),
      ];
      for (const text of texts) {
        expect(text).not.toContain(canary);
        expect(text).not.toContain(b64);
      }
      expect(
        filesContaining(home, canary).filter((f) => !f.endsWith('.docker/config.json')),
      ).toEqual([]);
      expect(filesContaining(exportDir, canary).filter((f) => !f.endsWith('ps.yaml'))).toEqual([]);
    }
  });

  it('never sends a stored or imported secret to the renderer, the logs or BERTH_HOME', async () => {
    const registry = h.basicRegistry.host;
    const saved = await invoke('registries.save', {
      registry,
      username: 'alice',
      secret: stored,
      patterns: [`${registry}/team/*`],
      preset: 'generic',
      verify: false,
    });
    expect(saved.ok).toBe(true);
    const id = (saved.data as { saved: { id: string } }).saved.id;

    // A failing login with the canary, for the stored credential and as a draft.
    const tested = await invoke('registries.test', { id, sampleImage: `${registry}/team/flows:1` });
    expect((tested.data as { ok: boolean; failedStep: string }).failedStep).toBe('authenticate');
    await invoke('registries.test', { draft: { registry, username: 'alice', secret: stored } });
    await invoke('registries.save', { registry, username: 'alice', secret: stored, verify: true });
    await invoke('registries.list', {});

    // The explainer, for the stored credential and for Docker's.
    const explained = await invoke('credentials.explain', {
      reference: `${registry}/team/flows:1`,
    });
    expect((explained.data as { chosen: { source: string } }).chosen.source).toBe('berth');
    const fromDocker = await invoke('credentials.explain', {
      reference: `${h.tokenRegistry.host}/team/app:1`,
    });
    expect((fromDocker.data as { chosen: { source: string } }).chosen.source).toBe('docker-auths');

    // Import Docker's entry (its secret goes into the keychain), and list tags with both.
    const scan = await invoke('credentials.importScan', { from: 'docker' });
    const keys = (scan.data as { entries: { key: string }[] }).entries.map((e) => e.key);
    expect(keys).toHaveLength(1);
    expect((await invoke('credentials.importApply', { from: 'docker', keys })).ok).toBe(true);
    const listing = await invoke('tags.open', { repository: `${registry}/team/flows` });
    if (listing.ok)
      await invoke('tags.next', { listingId: (listing.data as { listingId: string }).listingId });
    const tokenListing = await invoke('tags.open', {
      repository: `${h.tokenRegistry.host}/team/app`,
    });
    if (tokenListing.ok)
      await invoke('tags.next', {
        listingId: (tokenListing.data as { listingId: string }).listingId,
      });
    await invoke('tags.details', { repository: `${h.tokenRegistry.host}/team/app`, tag: '1' });

    // Export writes the secret only to the chosen file, and answers with its size alone.
    const exported = await invoke('credentials.exportPullSecret', {
      id,
      path: join(exportDir, 'ps.yaml'),
      confirmed: true,
    });
    expect(exported.error ?? null).toBeNull();
    expect((exported.data as { bytes: number }).bytes).toBeGreaterThan(100);
    await new Promise((r) => setTimeout(r, 300)); // let any pushed event arrive

    // Positive controls: the canaries really were in play.
    const keychainHas = (account: string) =>
      execFileSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: h.keyringBus },
      }).toString();
    expect(keychainHas(`alice@${registry}`)).toBe(stored);
    expect(keychainHas(`alice@${h.tokenRegistry.host}`)).toBe(dockerSecret);
    const yaml = readFileSync(join(exportDir, 'ps.yaml'), 'utf8');
    const data = /\.dockerconfigjson: (\S+)/.exec(yaml)?.[1] ?? '';
    expect(Buffer.from(data, 'base64').toString()).toContain(stored);
    expect(seen.length).toBeGreaterThan(10);

    for (const canary of [stored, dockerSecret]) {
      const b64 = Buffer.from(`alice:${canary}`).toString('base64');
      for (const body of [...seen, ...events, serverOutput]) {
        expect(body).not.toContain(canary);
        expect(body).not.toContain(b64);
      }
      expect(
        filesContaining(home, canary).filter((f) => !f.endsWith('.docker/config.json')),
      ).toEqual([]);
    }
  });
});
