/**
 * Where `credentials.exportPullSecret` may write (issue 12, point 7). Real files and a real
 * browser-mode host on loopback; the keychain is the in-memory one because the subject is the
 * file, not the keychain (the real keychain's export runs in leak-canary.test.ts).
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBerthCore } from '../../../src/host/core';
import type { BerthCore } from '../../../src/host/core';
import { startWebHost } from '../../../src/host/web-host';
import type { WebHost } from '../../../src/host/web-host';
import type { Result } from '../../../src/shared/contract';
import { fakeEngine } from './fake-engine';
import { memoryKeychain } from './memory-keychain';

const SECRET = 'export-canary-secret-7431';
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

async function coreWithCredential(
  chooseSavePath?: (name: string) => Promise<string | null>,
): Promise<{ core: BerthCore; id: string; home: string }> {
  const home = temp('berth-export-home-');
  const core = createBerthCore({
    engine: fakeEngine(),
    env: { BERTH_HOME: home, HOME: home },
    keychain: memoryKeychain(),
    ...(chooseSavePath ? { chooseSavePath } : {}),
  });
  const saved = await core.dispatch('registries.save', {
    registry: 'ghcr.io',
    username: 'alice',
    secret: SECRET,
    patterns: [],
    verify: false,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const id = (saved.data as { saved: { id: string } }).saved.id;
  return { core, id, home };
}

const errorCode = (result: Result) => (result.ok ? 'ok' : result.error.code);

describe('exporting a pull secret from the CLI or browser mode: only a new file', () => {
  let core: BerthCore;
  let id: string;
  let home: string;
  beforeAll(async () => ({ core, id, home } = await coreWithCredential()));

  const exportTo = (path: string, extra: Record<string, unknown> = {}) =>
    core.dispatch('credentials.exportPullSecret', { id, path, confirmed: true, ...extra });

  it('creates a new file, owner-only from the start', async () => {
    const path = join(temp('berth-export-'), 'ps.yaml');
    const result = await exportTo(path);
    expect(errorCode(result)).toBe('ok');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('.dockerconfigjson');
  });

  it('refuses an existing file, and leaves its content and mode alone', async () => {
    const path = join(temp('berth-export-'), 'notes.txt');
    writeFileSync(path, 'precious notes\n', { mode: 0o644 });
    const result = await exportTo(path);
    expect(errorCode(result)).toBe('credentials.export_exists');
    expect(readFileSync(path, 'utf8')).toBe('precious notes\n');
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('never follows a symlink planted at the path', async () => {
    const dir = temp('berth-export-');
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'victim\n', { mode: 0o644 });
    symlinkSync(target, join(dir, 'link.yaml'));
    const dangling = join(dir, 'dangling.yaml');
    symlinkSync(join(dir, 'created-through-link.yaml'), dangling);
    expect(errorCode(await exportTo(join(dir, 'link.yaml')))).toBe('credentials.export_exists');
    expect(errorCode(await exportTo(dangling))).toBe('credentials.export_exists');
    expect(readFileSync(target, 'utf8')).toBe('victim\n');
    expect(existsSync(join(dir, 'created-through-link.yaml'))).toBe(false);
  });

  it('refuses BERTH_HOME, also through a symlinked folder', async () => {
    expect(errorCode(await exportTo(join(home, 'ps.yaml')))).toBe(
      'credentials.export_path_protected',
    );
    const elsewhere = temp('berth-export-');
    symlinkSync(home, join(elsewhere, 'innocent'));
    expect(errorCode(await exportTo(join(elsewhere, 'innocent', 'ps.yaml')))).toBe(
      'credentials.export_path_protected',
    );
    expect(existsSync(join(home, 'ps.yaml'))).toBe(false);
  });

  it('refuses a relative path and a missing folder, each by name', async () => {
    expect(errorCode(await exportTo('ps.yaml'))).toBe('credentials.export_path_relative');
    expect(errorCode(await exportTo('/nonexistent-berth-dir/ps.yaml'))).toBe(
      'credentials.export_folder_missing',
    );
  });

  it('refuses an image kubelet would not serve with this secret, before writing', async () => {
    const path = join(temp('berth-export-'), 'ps.yaml');
    const result = await exportTo(path, { image: 'quay.io/team/app:1' });
    expect(errorCode(result)).toBe('credentials.export_no_match');
    expect(existsSync(path)).toBe(false);
  });

  it('says how to attach it, and what kubelet matches for the image', async () => {
    const path = join(temp('berth-export-'), 'ps.yaml');
    const result = await exportTo(path, { image: 'ghcr.io/team/app:1', namespace: 'flows' });
    if (!result.ok) throw new Error(result.error.message);
    const data = result.data as {
      usage: { serviceAccountPatchCommand: string; podTemplate: string };
      kubelet: { tried: string[] };
    };
    expect(data.kubelet.tried).toEqual(['ghcr.io']);
    expect(data.usage.serviceAccountPatchCommand).toContain('-n flows');
    expect(JSON.stringify(data)).not.toContain(SECRET);
  });
});

describe('exporting in browser mode: never into the folder it serves', () => {
  let host: WebHost;
  let rendererDir: string;
  let id: string;
  beforeAll(async () => {
    const made = await coreWithCredential();
    id = made.id;
    rendererDir = temp('berth-export-renderer-');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Berth</title>');
    host = await startWebHost({ core: made.core, rendererDir });
  });
  afterAll(() => host.close());

  const send = (path: string, method: string, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path,
          method,
          headers: {
            host: `127.0.0.1:${host.port}`,
            'content-type': 'application/json',
            ...(method === 'POST' ? { authorization: `Bearer ${host.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('refuses the served folder, so the secret cannot be fetched without the token', async () => {
    const reply = await send(
      '/api/invoke/credentials.exportPullSecret',
      'POST',
      JSON.stringify({ id, path: join(rendererDir, 'assets', 'ps.yaml'), confirmed: true }),
    );
    expect((JSON.parse(reply.body) as Result).ok).toBe(false);
    expect(reply.body).toContain('credentials.export_path_protected');
    expect(existsSync(join(rendererDir, 'assets', 'ps.yaml'))).toBe(false);
    const fetched = await send('/assets/ps.yaml', 'GET');
    expect(fetched.body).not.toContain('dockerconfigjson');
  });
});

describe('exporting in the app: only the save dialog decides', () => {
  it('refuses a path sent by the renderer', async () => {
    const { core, id } = await coreWithCredential(() => Promise.resolve(null));
    const path = join(temp('berth-export-'), 'ps.yaml');
    const result = await core.dispatch('credentials.exportPullSecret', {
      id,
      path,
      confirmed: true,
    });
    expect(errorCode(result)).toBe('credentials.export_path_not_allowed');
    expect(existsSync(path)).toBe(false);
  });

  it('replaces the file the user chose without writing through a symlink there', async () => {
    const dir = temp('berth-export-');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'victim\n', { mode: 0o644 });
    const chosen = join(dir, 'chosen.yaml');
    symlinkSync(victim, chosen);
    const { core, id } = await coreWithCredential(() => Promise.resolve(chosen));
    const result = await core.dispatch('credentials.exportPullSecret', { id, confirmed: true });
    expect(errorCode(result)).toBe('ok');
    expect(readFileSync(victim, 'utf8')).toBe('victim\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(lstatSync(chosen).isSymbolicLink()).toBe(false);
    expect(statSync(chosen).mode & 0o777).toBe(0o600);
    expect((parse(readFileSync(chosen, 'utf8')) as { kind: string }).kind).toBe('Secret');
    expect(() => readlinkSync(chosen)).toThrow();
  });
});
