import { describe, expect, it } from 'vitest';
import {
  LAUNCHER_PATH,
  PROJECT_MOUNT,
  containerSpec,
  rewritePrefectApiUrl,
} from '../../../src/runs/run-spec';
import type { RunRequest } from '../../../src/runs/run-spec';

const base: RunRequest = {
  runId: 'run-1',
  image: 'prefecthq/prefect:3-latest',
  projectDir: '/home/me/proj',
  env: {},
  volumes: [],
  autoRemove: false,
  platform: 'linux',
};

describe('the container of a flow run', () => {
  it('runs a Prefect entrypoint through the launcher, with the project mounted and labelled', () => {
    const spec = containerSpec({
      ...base,
      entrypoint: { path: 'flows/hello.py', function: 'hello', parameters: { n: 2 } },
    });
    expect(spec.Cmd).toEqual(['python3', LAUNCHER_PATH]);
    expect(spec.Env).toContain('BERTH_ENTRYPOINT=flows/hello.py:hello');
    expect(spec.Env.find((e) => e.startsWith('BERTH_PARAMETERS='))).toBe(
      `BERTH_PARAMETERS=${Buffer.from('{"n": 2}').toString('base64')}`,
    );
    expect(spec.HostConfig.Binds).toEqual([`/home/me/proj:${PROJECT_MOUNT}`]);
    expect(spec.WorkingDir).toBe(PROJECT_MOUNT);
    expect(spec.Labels['berth.run-id']).toBe('run-1');
    expect(spec.files[0]?.content).toContain('importlib.util');
  });

  it('keeps a given command, volumes inside the project, auto-remove and the network mode', () => {
    const spec = containerSpec({
      ...base,
      command: ['python3', 'train.py'],
      volumes: [{ host: 'data', container: '/data', readOnly: true }],
      autoRemove: true,
      networkMode: 'host',
    });
    expect(spec.Cmd).toEqual(['python3', 'train.py']);
    expect(spec.HostConfig).toMatchObject({
      Binds: [`/home/me/proj:${PROJECT_MOUNT}`, '/home/me/proj/data:/data:ro'],
      AutoRemove: true,
      NetworkMode: 'host',
    });
  });

  it('refuses a volume outside the project before anything runs', () => {
    expect(() =>
      containerSpec({
        ...base,
        command: ['true'],
        volumes: [{ host: '../../etc', container: '/x', readOnly: false }],
      }),
    ).toThrow(/outside the project/);
  });

  it('passes EXTRA_PIP_PACKAGES through with a hint', () => {
    const spec = containerSpec({
      ...base,
      command: ['true'],
      env: { EXTRA_PIP_PACKAGES: 'pandas==2.2' },
    });
    expect(spec.Env).toContain('EXTRA_PIP_PACKAGES=pandas==2.2');
    expect(spec.notes.join(' ')).toContain('pip-install');
  });

  it('rewrites a localhost PREFECT_API_URL as Prefect’s Docker worker does', () => {
    const linux = rewritePrefectApiUrl({ PREFECT_API_URL: 'http://127.0.0.1:4200/api' }, 'linux');
    expect(linux.env.PREFECT_API_URL).toBe('http://host.docker.internal:4200/api');
    expect(linux.extraHosts).toEqual(['host.docker.internal:host-gateway']);
    expect(
      rewritePrefectApiUrl({ PREFECT_API_URL: 'http://localhost:4200/api' }, 'darwin').extraHosts,
    ).toEqual([]);
    const remote = rewritePrefectApiUrl(
      { PREFECT_API_URL: 'https://api.prefect.cloud/api/accounts/x' },
      'linux',
    );
    expect(remote.note).toBeNull();
    expect(remote.env.PREFECT_API_URL).toBe('https://api.prefect.cloud/api/accounts/x');
  });
});
