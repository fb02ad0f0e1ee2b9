import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiscoveryResult } from '../../src/shared/flows';
import type { RecentProject } from '../../src/shared/runs';
import { describeWithHarness } from '../harness/context';
import { berth as cli } from './berth-cli';
import { EXAMPLES, berthOn, exampleCopy } from './runs-setup';
import type { RunBerth } from './runs-setup';

describeWithHarness('project folders and their flows', (h) => {
  let b: RunBerth;
  beforeAll(() => {
    b = berthOn(h);
  });
  afterAll(() => b.core.close());

  it('discovers the flows of each example project over the contract, and remembers the folders newest first', async () => {
    const names: Record<string, string[]> = {};
    for (const project of ['prefect-project', 'valohai-project', 'berth-project']) {
      const result = await b.core.dispatch('flows.discover', { dir: join(EXAMPLES, project) });
      if (!result.ok) throw new Error(result.error.message);
      const discovery = result.data as DiscoveryResult;
      expect(discovery.problems).toEqual([]);
      names[project] = discovery.flows.map((f) => f.name).sort();
    }
    expect(names).toEqual({
      'prefect-project': ['chatty', 'hello-built', 'hello-explicit'],
      'valohai-project': ['report', 'train'],
      'berth-project': ['python-count', 'shell-hello'],
    });
    const recent = await b.core.dispatch('projects.recent', {});
    if (!recent.ok) throw new Error(recent.error.message);
    const projects = (recent.data as { projects: RecentProject[] }).projects;
    expect(projects.slice(0, 3).map((p) => p.path)).toEqual(
      ['berth-project', 'valohai-project', 'prefect-project'].map((p) => join(EXAMPLES, p)),
    );
    expect(projects.every((p) => p.exists)).toBe(true);
  });

  it('pushes flows.changed with the new discovery after a flow file is edited', async () => {
    const dir = exampleCopy('berth-project');
    const opened = await b.core.dispatch('flows.discover', { dir });
    expect(opened.ok).toBe(true);
    const changed = new Promise<DiscoveryResult>((resolve) => {
      const off = b.core.bus.subscribe((name, payload) => {
        if (name === 'flows.changed') {
          off();
          resolve(payload as DiscoveryResult);
        }
      });
    });
    writeFileSync(
      join(dir, 'berth.yaml'),
      'flows:\n  - name: added\n    image: berth-test/python:3\n    command: [python3, count.py]\n',
    );
    const discovery = await changed;
    expect(discovery.root).toBe(dir);
    expect(discovery.flows.map((f) => f.name)).toEqual(['added']);
  });

  it('answers the folder picker in browser mode with not_supported and a hint to type the path', async () => {
    const chosen = await b.core.dispatch('projects.choose', {});
    expect(chosen).toMatchObject({
      ok: false,
      error: {
        code: 'projects.not_supported',
        hint: expect.stringMatching(/type the path/i) as unknown,
      },
    });
  });

  it('`berth flows` names each flow and each problem by file and line', async () => {
    const dir = exampleCopy('berth-project');
    writeFileSync(
      join(dir, 'berth.yaml'),
      'flows:\n  - name: ok\n    image: berth-test/python:3\n    command: [ls]\n  - name: broken\n    command: [ls]\n',
    );
    const listed = await cli(['flows', dir], {});
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^ok\s+berth\s+berth-test\/python:3\s+IF_NOT_PRESENT\s+berth\.yaml:2/m,
    );
    expect(listed.stderr).toMatch(/berth\.yaml:5: .*broken.*image/);
    const json = await cli(['flows', join(EXAMPLES, 'valohai-project'), '--json'], {});
    const discovery = JSON.parse(json.stdout) as DiscoveryResult;
    expect(discovery.flows.find((f) => f.name === 'train')).toMatchObject({
      kind: 'valohai-step',
      file: 'valohai.yaml',
      line: 3,
    });
  });
});
