/**
 * `berth pull` and `berth ledger` as a user runs them, and pulls that end early: cancelled
 * over the contract, interrupted with Ctrl+C, and cut off by a dockerd killed mid-pull. A slow
 * front on the real registry keeps those pulls in flight long enough to stop them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BerthCore } from '../../src/host/core';
import { Ledger } from '../../src/ledger';
import type { PullEntry } from '../../src/shared/ledger';
import { describeWithHarness } from '../harness/context';
import { startDockerd } from '../harness/dockerd';
import { startPlainFront } from '../harness/impostor-registries';
import { pushRandomImage } from '../harness/registry-seed';
import { BIN, berth } from './berth-cli';
import { berthWith } from './pull-setup';
import type { Login } from './pull-setup';

/** A CLI child whose output is watched as it comes. */
function startCli(args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    check();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves once stderr matches, or fails after `timeoutMs`. */
    stderrMatches: (pattern: RegExp, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${String(pattern)} on stderr:\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        check();
      }),
  };
}

async function pullEntries(home: string): Promise<PullEntry[]> {
  const { entries } = await new Ledger(home).read();
  return entries.filter((e): e is PullEntry => e.kind === 'pull');
}

describeWithHarness('berth pull and the ledger, end to end', (h) => {
  const basic = h.basicRegistry.host;
  const alicePassword = h.users.alice ?? '';
  const alice = (registry: string): Login => ({
    registry,
    username: 'alice',
    secret: alicePassword,
  });
  const stops: (() => Promise<void>)[] = [];
  const cores: BerthCore[] = [];
  let slow = '';

  beforeAll(async () => {
    const access = { url: h.basicRegistry.url, username: 'alice', password: alicePassword };
    // 6 MiB at 256 KiB/s: a pull stays in flight for ~24 s, far longer than any test waits.
    for (const repository of ['team/slow-a', 'team/slow-b', 'team/slow-c']) {
      await pushRandomImage(access, repository, '1', 6 * 1024 * 1024);
    }
    const front = await startPlainFront(h.basicRegistry.url, { blobBytesPerSecond: 256 * 1024 });
    stops.push(front.stop);
    slow = front.host;
  });
  afterAll(async () => {
    for (const core of cores) core.close();
    for (const stop of stops.reverse()) await stop();
  });

  async function home(setup: Parameters<typeof berthWith>[1] = {}) {
    const made = await berthWith(h, setup);
    cores.push(made.core);
    return made;
  }

  it('`berth pull --json` prints the ledger entry and the log, exit 0; a failure its cause, exit 1; bad input exit 2', async () => {
    const { env, home: dir } = await home({ logins: [alice(basic)] });

    const ok = await berth(['pull', `${basic}/team/flows:1`, '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const entry = JSON.parse(ok.stdout) as PullEntry & { log: string[] };
    expect(Object.keys(entry).sort()).toEqual(
      [
        'bytes',
        'cause',
        'credentialSource',
        'digest',
        'durationMs',
        'id',
        'kind',
        'log',
        'message',
        'platform',
        'previousDigest',
        'reference',
        'result',
        'time',
      ].sort(),
    );
    expect(entry).toMatchObject({
      reference: `${basic}/team/flows:1`,
      digest: h.seeded.flowsDigest,
      credentialSource: 'Berth (OS keychain)',
      result: 'success',
    });
    expect(entry.log).toEqual([
      `Pulling image: ${basic}/team/flows:1`,
      `Image digest: ${h.seeded.flowsDigest}`,
    ]);

    const failed = await berth(['pull', `${basic}/team/flows:nope`, '--json'], env);
    expect(failed.code).toBe(1);
    const { error } = JSON.parse(failed.stdout) as {
      error: { code: string; message: string; hint: string; details: Record<string, unknown> };
    };
    expect(error.code).toBe('pull.failed');
    expect(error.message).toContain('manifest for');
    expect(error.details.cause).toBe('tag_not_found');
    expect(error.hint).toContain(`berth tags ${basic}/team/flows`);
    expect(typeof error.details.entryId).toBe('string');

    const human = await berth(['pull', `${basic}/team/flows:nope`], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe(`Pulling image: ${basic}/team/flows:nope\n`);
    expect(human.stderr).toMatch(/^cause: tag_not_found — /m);
    expect(human.stderr).toMatch(/^what to do:$/m);
    expect(human.stderr).toContain(`2. List its tags: berth tags ${basic}/team/flows`);

    expect((await berth(['pull', 'Not/A//Reference', '--json'], env)).code).toBe(2);
    const badPlatform = await berth(['pull', 'busybox', '--platform', 'linux/amd64/v1/x'], env);
    expect(badPlatform.code).toBe(2);
    expect(badPlatform.stderr).toContain('usage.invalid_platform');

    const listed = await berth(['ledger', '--json'], env);
    expect(listed.code).toBe(0);
    const ledger = JSON.parse(listed.stdout) as { entries: PullEntry[]; skipped: number };
    expect(ledger.skipped).toBe(0);
    expect(ledger.entries.map((e) => [e.result, e.cause])).toEqual(
      expect.arrayContaining([
        ['success', null],
        ['failed', 'tag_not_found'],
      ]),
    );
    expect(ledger.entries).toHaveLength(3);
    expect(ledger.entries.map((e) => e.id)).toContain(entry.id);
    expect(ledger.entries.map((e) => e.id)).toContain(error.details.entryId);
    expect((await pullEntries(dir)).length).toBe(3);
    const csv = await berth(['ledger', '--csv'], env);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'id,kind,time,reference,digest,platform,credentialSource,durationMs,bytes,result,cause,message',
    );
    for (const text of [ok.stdout, ok.stderr, failed.stdout, human.stderr, listed.stdout]) {
      expect(text).not.toContain(alicePassword);
    }
  });

  it('cancels a pull in flight through the real engine (pull.cancel), and the ledger says cancelled', async () => {
    const { core } = await home({ logins: [alice(slow)] });
    const reference = `${slow}/team/slow-a:1`;
    let cancelled: Promise<unknown> | undefined;
    const done = new Promise<Record<string, unknown>>((resolve) => {
      core.bus.subscribe((event, payload) => {
        const p = payload as { pullId: string; bytes?: { current: number } };
        if (event === 'pull.progress' && !cancelled && (p.bytes?.current ?? 0) > 0) {
          cancelled = core.dispatch('pull.cancel', { pullId: p.pullId });
        }
        if (event === 'pull.done') resolve(payload as Record<string, unknown>);
      });
    });
    const started = await core.dispatch('pull.start', { reference });
    expect(started.ok).toBe(true);
    const result = await done;
    expect(await cancelled).toEqual({ ok: true, data: { cancelled: true } });
    expect(result).toMatchObject({ reference, result: 'cancelled', digest: null });
    expect(result.cause).toBeUndefined();
    const { entries } = await core.ledger.read();
    expect(entries).toMatchObject([{ reference, result: 'cancelled', cause: null, digest: null }]);
    // The engine really stopped: the image never arrived.
    await expect(core.engine.inspectImage(reference)).rejects.toMatchObject({
      code: 'engine.not_found',
    });
  });

  it('Ctrl+C cancels `berth pull`: exit 130, recorded as cancelled', async () => {
    const { env, home: dir } = await home({ logins: [alice(slow)] });
    const cli = startCli(['pull', `${slow}/team/slow-b:1`], env);
    await cli.stderrMatches(/: Downloading/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    expect(cli.output().stderr).toMatch(/cancelled/);
    expect(await pullEntries(dir)).toMatchObject([{ result: 'cancelled', cause: null }]);
  });

  it('reports a dockerd killed mid-pull within 2 s, and the ledger records the failure', async () => {
    // A private daemon: the shared one must outlive this test.
    const daemon = await startDockerd();
    stops.push(daemon.stop);
    const { env, home: dir } = await home({
      logins: [alice(slow)],
      dockerHost: daemon.dockerHost,
    });
    const reference = `${slow}/team/slow-c:1`;
    const cli = startCli(['pull', reference], env);
    await cli.stderrMatches(/: Downloading/);
    const killedAt = performance.now();
    daemon.kill();
    await cli.stderrMatches(/^error: /m, 5_000);
    const reportedMs = performance.now() - killedAt;
    const code = await cli.exited;
    const exitedMs = performance.now() - killedAt;
    console.log(
      `dockerd killed mid-pull: berth pull reported it after ${reportedMs.toFixed(0)} ms, exited after ${exitedMs.toFixed(0)} ms`,
    );
    expect(reportedMs).toBeLessThan(2_000);
    expect(exitedMs).toBeLessThan(2_000);
    expect(code).toBe(1);
    expect(cli.output().stderr).toMatch(/cause: daemon_down/);
    expect(await pullEntries(dir)).toMatchObject([
      { reference, result: 'failed', cause: 'daemon_down', digest: null },
    ]);
  });
});
