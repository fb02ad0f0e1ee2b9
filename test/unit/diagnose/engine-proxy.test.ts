/**
 * The proxy remedies' writers on their own (src/diagnose/engine-proxy.ts, systemd-dropin.ts):
 * the drop-in reads back as systemd reads it (systemd.exec(5) Environment=, systemd.syntax(7)
 * quoting, "%%" for "%"), drop-ins apply in name order, the daemon.json "proxies" edit keeps
 * the user's bytes, and no preview holds a proxy password. systemd itself parses what Berth
 * writes in test/integration/diagnose-proxy.test.ts (systemd-analyze verify).
 */
import { describe, expect, it } from 'vitest';
import {
  PROXY_DROPIN,
  daemonJsonProxies,
  engineProxyOrigin,
  planEngineProxy,
} from '../../../src/diagnose/engine-proxy';
import type { EngineProxyState } from '../../../src/diagnose/engine-proxy';
import type { RunningDaemon } from '../../../src/diagnose/daemon-config';
import {
  dropInEnvironment,
  parseEnvironmentLines,
  renderDropIn,
  splitSystemdWords,
} from '../../../src/diagnose/systemd-dropin';
import { remediesFor } from '../../../src/diagnose/remedies';
import { codeOf } from './error-code';

const FOLDER = '/etc/systemd/system/docker.service.d';

const daemon = (over: Partial<RunningDaemon> = {}): RunningDaemon => ({
  pid: 4242,
  uid: 0,
  args: ['-H', 'fd://'],
  configPath: '/etc/docker/daemon.json',
  systemdUnit: 'docker',
  rootless: false,
  proxyEnv: {},
  ...over,
});

const state = (over: Partial<EngineProxyState> = {}): EngineProxyState => ({
  daemon: daemon(),
  major: 20,
  dropInFolder: FOLDER,
  unit: 'docker',
  dropIns: [],
  configText: null,
  ...over,
});

describe('systemd Environment= as systemd reads it', () => {
  it('splits on spaces, unquotes, decodes C escapes, joins quoted and bare parts', () => {
    expect(splitSystemdWords(`"A=one two" B=x 'C=it\\'s' D="q"r E=tab\\there`)).toEqual([
      'A=one two',
      'B=x',
      "C=it's",
      'D=qr',
      'E=tab\there',
    ]);
  });

  it('applies drop-ins in name order whatever the folder, an empty Environment= resets, unsets come last', () => {
    const env = dropInEnvironment([
      {
        path: '/etc/x/b.conf',
        name: 'b.conf',
        text: '[Service]\nEnvironment=HTTPS_PROXY=http://b:1\n',
      },
      {
        path: '/usr/lib/x/a.conf',
        name: 'a.conf',
        text: '[Service]\nEnvironment="HTTPS_PROXY=http://a:1" NO_PROXY=x\nUnsetEnvironment=NO_PROXY\n',
      },
      {
        path: '/usr/lib/x/b.conf',
        name: 'b.conf',
        text: '[Service]\nEnvironment=HTTPS_PROXY=masked\n',
      },
      {
        path: '/etc/x/c.conf',
        name: 'c.conf',
        text: '[Unit]\nEnvironment=NOT=service\n[Service]\nEnvironment=\nEnvironment=HTTP_PROXY=http://c:1 NO_PROXY=y\n',
      },
    ]);
    // /etc's b.conf masks /usr/lib's; c.conf's reset drops b's HTTPS_PROXY; the unset wins last.
    expect(env.values).toEqual({ HTTP_PROXY: 'http://c:1' });
    expect(env.setBy.HTTP_PROXY).toBe('/etc/x/c.conf');
    expect(env.setBy.NO_PROXY).toBe('/usr/lib/x/a.conf');
  });

  it('writes what it reads back byte for byte: quotes, backslashes and a percent-encoded password', () => {
    const values: [string, string][] = [
      ['HTTPS_PROXY', 'http://me:p%40ss"w\\rd@proxy.corp:3128'],
      ['NO_PROXY', 'localhost, .corp'],
    ];
    const text = renderDropIn({ set: values, unset: ['http_proxy'] }, 'a comment');
    expect(text).toContain('%%40');
    expect(text.startsWith('# a comment\n[Service]\n')).toBe(true);
    const read = parseEnvironmentLines(text);
    expect(read).toEqual([
      { name: 'HTTPS_PROXY', value: values[0]?.[1] },
      { name: 'NO_PROXY', value: values[1]?.[1] },
      { unset: ['http_proxy'] },
    ]);
  });
});

describe('the engine proxy, as dockerd resolves it', () => {
  it('names the drop-in a variable came from, or says dockerd has not taken a changed one', () => {
    const origin = engineProxyOrigin(
      state({
        daemon: daemon({ proxyEnv: { HTTPS_PROXY: 'http://old:1', NO_PROXY: 'a' } }),
        dropIns: [
          {
            path: `${FOLDER}/http-proxy.conf`,
            name: 'http-proxy.conf',
            text: '[Service]\nEnvironment=HTTPS_PROXY=http://new:1 NO_PROXY=a\n',
          },
        ],
      }),
    );
    expect(origin.sources.NO_PROXY).toBe(`drop-in ${FOLDER}/http-proxy.conf`);
    expect(origin.sources.HTTPS_PROXY).toContain('was not restarted');
  });

  it('without the right to read dockerd’s environment: docker info’s values, still tied to their drop-in', () => {
    const origin = engineProxyOrigin(
      state({
        daemon: daemon({ proxyEnv: null }),
        infoEnv: { HTTPS_PROXY: 'http://xxxxx:xxxxx@proxy.corp:3128', NO_PROXY: 'localhost' },
        dropIns: [
          {
            path: `${FOLDER}/http-proxy.conf`,
            name: 'http-proxy.conf',
            text: '[Service]\nEnvironment="HTTPS_PROXY=http://me:secret@proxy.corp:3128"\n',
          },
        ],
      }),
    );
    expect(origin.sources.HTTPS_PROXY).toBe(`drop-in ${FOLDER}/http-proxy.conf`);
    expect(origin.sources.NO_PROXY).toContain('docker info');
  });

  it('on 23+ lets daemon.json "proxies" override the environment, both cases (configureProxyEnv)', () => {
    const origin = engineProxyOrigin(
      state({
        major: 24,
        daemon: daemon({ proxyEnv: { https_proxy: 'http://env:1' } }),
        configText: '{"proxies": {"https-proxy": "http://json:1", "no-proxy": ""}}',
      }),
    );
    expect(origin.env.https_proxy).toBe('http://json:1');
    expect(origin.env.HTTPS_PROXY).toBe('http://json:1');
    // An empty value leaves the environment's (overrideProxyEnv only runs for non-empty ones).
    expect(origin.env.NO_PROXY).toBeUndefined();
    expect(origin.sources.HTTPS_PROXY).toContain('daemon.json');
  });
});

describe('planEngineProxy', () => {
  const shell = { HTTPS_PROXY: 'http://me:secret@proxy.corp:3128', NO_PROXY: 'localhost' };

  it('below 23 under systemd: Berth’s own drop-in, sorted after http-proxy.conf, then daemon-reload and restart', () => {
    const plan = planEngineProxy(state(), 'use', 'r.example:5000', shell);
    expect(plan.target).toBe('drop-in');
    expect(plan.path).toBe(`${FOLDER}/${PROXY_DROPIN}`);
    expect(PROXY_DROPIN > 'http-proxy.conf').toBe(true);
    expect(plan.before).toBeNull();
    expect(
      dropInEnvironment([{ path: plan.path ?? '', name: PROXY_DROPIN, text: plan.after ?? '' }])
        .values,
    ).toEqual({
      HTTPS_PROXY: shell.HTTPS_PROXY,
      NO_PROXY: 'localhost',
    });
    // sudo only when Berth is not root itself.
    expect(plan.restart).toMatch(
      /^(sudo )?systemctl daemon-reload && (sudo )?systemctl restart docker$/,
    );
    // The file holds the secret (it must); the preview never does.
    expect(plan.after).toContain('secret');
    expect(plan.diff.join('\n')).not.toContain('secret');
    expect(plan.diff.join('\n')).toContain('http://***@proxy.corp:3128');
  });

  it('bypass adds the registry to the NO_PROXY the engine has; remove unsets both cases', () => {
    const s = state({
      daemon: daemon({ proxyEnv: { HTTPS_PROXY: 'http://dead:9', NO_PROXY: 'localhost' } }),
    });
    const bypass = planEngineProxy(s, 'bypass', '10.1.2.3:5000', {});
    expect(
      dropInEnvironment([{ path: 'p', name: PROXY_DROPIN, text: bypass.after ?? '' }]).values,
    ).toEqual({
      NO_PROXY: 'localhost,10.1.2.3',
    });
    const remove = planEngineProxy(s, 'remove', '', {});
    expect(remove.after).toContain(
      'UnsetEnvironment=HTTP_PROXY http_proxy HTTPS_PROXY https_proxy',
    );
  });

  it('a second remedy edits Berth’s drop-in, keeping what the first set', () => {
    const first = planEngineProxy(state(), 'use', 'r.example', shell);
    const second = planEngineProxy(
      state({
        daemon: daemon({ proxyEnv: { HTTPS_PROXY: shell.HTTPS_PROXY, NO_PROXY: 'localhost' } }),
        dropIns: [{ path: first.path ?? '', name: PROXY_DROPIN, text: first.after ?? '' }],
      }),
      'bypass',
      'r.example',
      shell,
    );
    expect(second.before).toBe(first.after);
    expect(
      dropInEnvironment([{ path: 'p', name: PROXY_DROPIN, text: second.after ?? '' }]).values,
    ).toEqual({
      HTTPS_PROXY: shell.HTTPS_PROXY,
      NO_PROXY: 'localhost,r.example',
    });
  });

  it('refuses when a drop-in systemd applies later would override it', () => {
    const later = {
      path: `${FOLDER}/zzz-mine.conf`,
      name: 'zzz-mine.conf',
      text: '[Service]\nEnvironment=NO_PROXY=x\n',
    };
    expect(
      codeOf(() => planEngineProxy(state({ dropIns: [later] }), 'bypass', 'r.example', {})),
    ).toBe('fix.proxy_dropin_overridden');
  });

  it('23+: daemon.json "proxies", in place and in the file’s indentation; restart (not reload)', () => {
    const before = '{\n    "debug": true\n}\n';
    const plan = planEngineProxy(
      state({ major: 25, configText: before }),
      'use',
      'r.example',
      shell,
    );
    expect(plan.target).toBe('daemon-json');
    expect(daemonJsonProxies(plan.after, 'daemon.json')).toEqual({
      https: shell.HTTPS_PROXY,
      no: 'localhost',
    });
    expect(
      plan.after?.startsWith('{\n    "debug": true,\n    "proxies": {\n        "https-proxy"'),
    ).toBe(true);
    expect(plan.restart).toMatch(/^(sudo )?systemctl restart docker$/);
    expect(plan.diff.join('\n')).not.toContain('secret');
  });

  it('23+: a proxy flag on the command line makes "proxies" in daemon.json a start failure: refused', () => {
    const s = state({ major: 25, daemon: daemon({ args: ['--https-proxy=http://x:1'] }) });
    expect(codeOf(() => planEngineProxy(s, 'bypass', 'r.example', {}))).toBe(
      'fix.daemon_flag_conflict',
    );
  });

  it('23+: remove takes "proxies" out of daemon.json; a proxy only in the environment goes through the drop-in', () => {
    const withJson = planEngineProxy(
      state({ major: 25, configText: '{"proxies": {"https-proxy": "http://p:1"}, "debug": true}' }),
      'remove',
      '',
      {},
    );
    expect(withJson.target).toBe('daemon-json');
    expect(JSON.parse(withJson.after ?? '')).toEqual({ debug: true });
    const envOnly = planEngineProxy(
      state({ major: 25, daemon: daemon({ proxyEnv: { HTTPS_PROXY: 'http://p:1' } }) }),
      'remove',
      '',
      {},
    );
    expect(envOnly.target).toBe('drop-in');
  });

  it('a hand-started dockerd: no file, the command line to restart it with, the secret by reference', () => {
    const s = state({
      dropInFolder: null,
      unit: null,
      daemon: daemon({ systemdUnit: null, args: ['-H', 'unix:///x.sock'] }),
    });
    const plan = planEngineProxy(s, 'use', 'r.example', shell);
    expect(plan.target).toBe('command');
    expect(plan.path).toBeNull();
    expect(plan.restart).toContain('HTTPS_PROXY="$HTTPS_PROXY"');
    expect(plan.restart).toContain("dockerd '-H' 'unix:///x.sock'");
    expect(plan.restart).not.toContain('secret');
    // A bypass keeps the proxy the engine has (sudo starts from a clean environment), masked.
    const kept = planEngineProxy(
      state({
        dropInFolder: null,
        unit: null,
        daemon: daemon({
          systemdUnit: null,
          proxyEnv: { HTTPS_PROXY: 'http://eng:pw@p.corp:1', NO_PROXY: 'localhost' },
        }),
      }),
      'bypass',
      'r.example',
      {},
    );
    expect(kept.restart).toContain(
      "env HTTPS_PROXY='http://***@p.corp:1' NO_PROXY='localhost,r.example' dockerd",
    );
    expect(kept.restart).toContain('*** stands for');
    expect(kept.restart).not.toContain('pw@');
    const removed = planEngineProxy(
      state({ dropInFolder: null, unit: null, daemon: daemon({ systemdUnit: null }) }),
      'remove',
      '',
      {},
    );
    expect(removed.restart).toContain(
      'env -u HTTP_PROXY -u http_proxy -u HTTPS_PROXY -u https_proxy dockerd',
    );
  });

  it('"use" without a proxy in Berth’s environment is refused', () => {
    expect(codeOf(() => planEngineProxy(state(), 'use', 'r.example', {}))).toBe(
      'fix.no_shell_proxy',
    );
  });
});

describe('the engine-proxy remedies offered', () => {
  const ctx = (proxy: { engine: string | null; shell: string | null }) => ({
    host: '10.1.2.3:5000',
    image: '10.1.2.3:5000/team/app:1',
    username: null,
    proxy: { ...proxy, previews: { bypass: ['/x/zz-berth-proxy.conf (new file):'] } },
  });
  const ids = (cause: Parameters<typeof remediesFor>[0], c: ReturnType<typeof ctx>) =>
    remediesFor(cause, c)
      .filter((r) => r.kind === 'engine-proxy')
      .map((r) => r.id);

  it('a proxy the engine has: bypass it for the registry, or remove it; the preview is the host’s plan', () => {
    const c = ctx({ engine: 'http://127.0.0.1:9', shell: null });
    expect(ids('proxy', c)).toEqual(['engine-proxy:bypass:10.1.2.3%3A5000', 'engine-proxy:remove']);
    expect(ids('timeout', c)).toHaveLength(2);
    const bypass = remediesFor('proxy', c).find((r) => r.id.startsWith('engine-proxy:bypass'));
    expect(bypass?.changes).toContain('/x/zz-berth-proxy.conf (new file):');
    expect(bypass?.title).toBe("Connect to 10.1.2.3 without the engine's proxy");
  });

  it('Berth has a proxy the engine lacks: use it; causes a proxy cannot explain get none', () => {
    const c = ctx({ engine: null, shell: 'http://***@proxy.corp:3128' });
    expect(ids('unreachable', c)).toEqual(['engine-proxy:use']);
    expect(ids('repo_not_found', c)).toEqual([]);
    expect(ids('proxy', ctx({ engine: 'http://p:1', shell: 'http://p:1' }))).not.toContain(
      'engine-proxy:use',
    );
  });
});
