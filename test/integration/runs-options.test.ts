/**
 * Prefect's docker job variables and Berth's own run options, checked on the container the real
 * dockerd created: HostConfig, labels, networks, the command. The docker CLI is the oracle:
 * the run's copyable `docker create` twin must make the same container settings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { berthOn, projectOf, runFlow } from './runs-setup';
import type { RunBerth } from './runs-setup';

const NETWORKS = ['berth-opt-net-a', 'berth-opt-net-b'];

/** prefect.yaml with every job variable the worker hands to docker-py's containers.create. */
function shapedProject(image: string): string {
  return projectOf({
    'prefect.yaml': `name: shaped
prefect-version: 3.1.0
deployments:
  - name: shaped
    entrypoint: flows/main.py:main
    work_pool:
      name: docker-pool
      job_variables:
        image: ${image}
        image_pull_policy: Never
        env: { GREETING: ahoy }
        command: python3 -c 'import os; print("command ran:", os.environ["GREETING"])'
        mem_limit: 64m
        memswap_limit: 128m
        labels: { prefect.io/team: data, plain: "yes" }
        networks: [${NETWORKS.join(', ')}]
        stream_output: false
`,
    'flows/main.py': 'def main():\n    print("the entrypoint ran instead")\n',
  });
}

/** A deployment with privileged: true, and nothing else of note. */
function privilegedProject(image: string): string {
  return projectOf({
    'prefect.yaml': `deployments:
  - name: privileged
    entrypoint: flows/main.py:main
    work_pool:
      job_variables: { image: ${image}, image_pull_policy: Never, privileged: true }
`,
    'flows/main.py': 'def main():\n    print("privileged ran")\n',
  });
}

const SLEEPER = {
  'berth.yaml': `flows:
  - name: sleeper
    image: berth-test/python:3
    pull_policy: never
    command: [python3, -c, "import time\\nprint('ready', flush=True)\\nwhile True: time.sleep(0.05)"]
`,
};

describeWithHarness('run options and Prefect job variables on a real dockerd', (h) => {
  let b: RunBerth;
  let docker: Docker;
  const dockerEnv = () => ({ ...process.env, DOCKER_HOST: h.dockerHost });

  /** The container a run created, found by Berth's run-id label. */
  async function containerOf(runId: string): Promise<Docker.ContainerInspectInfo> {
    const [found] = await docker.listContainers({
      all: true,
      filters: { label: [`berth.run-id=${runId}`] },
    });
    if (!found) throw new Error(`no container for run ${runId}`);
    return docker.getContainer(found.Id).inspect();
  }

  beforeAll(async () => {
    b = berthOn(h, { graceSeconds: 4 });
    docker = new Docker({ socketPath: h.socketPath });
    // Subnets given, not picked from dockerd's default pools: dockerd skips a pool that a host
    // route overlaps, and bridges left behind by killed daemons on a reused machine had taken
    // all 31 (seen in CI: "network berth-opt-net-b not found"). 198.18.0.0/15 is reserved for
    // benchmarks (RFC 2544) and rarely routed.
    for (const [i, name] of NETWORKS.entries()) {
      // One left by an earlier run on the same daemon is as good.
      const there = await docker
        .getNetwork(name)
        .inspect()
        .then(
          () => true,
          () => false,
        );
      if (!there) {
        await docker.createNetwork({
          Name: name,
          CheckDuplicate: true,
          IPAM: { Config: [{ Subnet: `198.18.${200 + i}.0/24` }] },
        });
      }
    }
  });
  afterAll(async () => {
    b.core.close();
    // Removed with the containers on them, so no bridge outlives the daemon.
    for (const name of NETWORKS) {
      const network = docker.getNetwork(name);
      const info = (await network.inspect().catch(() => undefined)) as
        { Containers?: Record<string, unknown> } | undefined;
      for (const id of Object.keys(info?.Containers ?? {})) {
        await docker.getContainer(id).remove({ force: true });
      }
      if (info) await network.remove();
    }
  });

  it('applies command, env, mem_limit, memswap_limit, privileged, labels, networks and stream_output as the worker does, and the docker run line makes the same container', async () => {
    const dir = shapedProject(h.pythonImage);
    const ran = await runFlow(b, { dir, flowId: 'prefect-deployment:prefect.yaml:shaped' });
    expect(ran.error).toBeUndefined();
    expect(ran.entry.result).toBe('success');
    // stream_output: false: nothing reached the caller, the log has it all.
    expect(ran.output).not.toContain('command ran');
    expect(readFileSync(ran.entry.logFile ?? '', 'utf8')).toContain('command ran: ahoy');
    expect(ran.notes.join('\n')).toContain('stream_output is false');

    const made = await containerOf(ran.entry.id);
    expect(made.Config.Cmd).toEqual([
      'python3',
      '-c',
      'import os; print("command ran:", os.environ["GREETING"])',
    ]);
    expect(made.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(made.HostConfig.MemorySwap).toBe(128 * 1024 * 1024);
    expect(made.Config.Labels).toMatchObject({ 'io.prefect.team': 'data', plain: 'yes' });
    expect(made.HostConfig.NetworkMode).toBe(NETWORKS[0]);
    expect(Object.keys(made.NetworkSettings.Networks).sort()).toEqual(NETWORKS);

    // The oracle: the docker CLI given the run's own line creates the same settings.
    const line = ran.entry.dockerRun ?? '';
    expect(line).toContain('--memory 67108864b');
    // docker create …, docker network connect … for the second network, docker start -a.
    expect(line).toMatch(
      /^docker create .* && docker network connect berth-opt-net-b \S+ && docker start -a \S+$/,
    );
    const withoutStart = line.replace(/ && docker start -a \S+$/, '').replaceAll('-again', '-cli');
    execFileSync('sh', ['-c', withoutStart], { env: dockerEnv(), encoding: 'utf8' });
    const created = `berth-shaped-${ran.entry.id.slice(0, 8)}-cli`;
    const twin = await docker.getContainer(created).inspect();
    for (const key of ['Memory', 'MemorySwap', 'Privileged', 'NetworkMode', 'Init'] as const) {
      expect(twin.HostConfig[key], key).toEqual(made.HostConfig[key]);
    }
    expect(twin.Config.Cmd).toEqual(made.Config.Cmd);
    expect(twin.Config.Labels).toEqual(made.Config.Labels);
    expect(Object.keys(twin.NetworkSettings.Networks).sort()).toEqual(NETWORKS);
    await docker.getContainer(created).remove({ force: true });
  }, 180_000);

  it('runs privileged: true as docker run --privileged does on this engine', async () => {
    // Where the engine itself may not grant every capability (a nested, unprivileged dockerd),
    // the docker CLI decides what must happen.
    const cli = spawnSync('docker', ['run', '--rm', '--privileged', h.pythonImage, 'true'], {
      env: dockerEnv(),
      encoding: 'utf8',
    });
    const ran = await runFlow(b, { dir: privilegedProject(h.pythonImage), flowId: 'privileged' });
    if (cli.status === 0) {
      expect(ran.entry.result).toBe('success');
      expect((await containerOf(ran.entry.id)).HostConfig.Privileged).toBe(true);
    } else {
      // e.g. "unable to start container process: unable to apply caps: operation not permitted"
      const engineSaid = /unable to start container process: ([^:\n]+: [^:\n.]+)/.exec(
        cli.stderr,
      )?.[1];
      expect(engineSaid, cli.stderr).toBeTruthy();
      expect(ran.entry.result).toBe('failed');
      expect(ran.error?.message).toContain(engineSaid);
    }
    expect(ran.entry.dockerRun).toContain(' --privileged ');
  }, 180_000);

  it('gives --memory and --network over the flow’s own, and says where the engine has no GPUs (as the docker CLI finds too)', async () => {
    const ran = await runFlow(b, {
      dir: projectOf({
        'berth.yaml': `flows:\n  - name: plain\n    image: ${h.pythonImage}\n    pull_policy: never\n    command: [python3, -c, "print('plain ran')"]\n`,
      }),
      flowId: 'plain',
      memory: '32m',
      network: 'none',
      gpus: 'all',
    });
    expect(ran.entry.result, ran.notes.join('\n')).toBe('success');
    expect(ran.output).toContain('plain ran');
    const made = await containerOf(ran.entry.id);
    expect(made.HostConfig.Memory).toBe(32 * 1024 * 1024);
    expect(made.HostConfig.NetworkMode).toBe('none');
    expect(Object.keys(made.NetworkSettings.Networks)).toEqual(['none']);
    expect(made.HostConfig.DeviceRequests ?? []).toEqual([]);
    expect(ran.entry.gpus).toEqual({ requested: 'all', applied: false });
    expect(ran.notes.join('\n')).toMatch(
      /GPUs: this engine has no GPU runtime \(its runtimes: [^)]*runc[^)]*\), so the run goes on without GPUs/,
    );
    // The engine's own answer to --gpus, through the docker CLI.
    const cli = spawnSync('docker', ['run', '--rm', '--gpus', 'all', h.pythonImage, 'true'], {
      env: dockerEnv(),
      encoding: 'utf8',
    });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/could not select device driver/);
  }, 150_000);

  it('refuses a bad --memory and --gpus before anything runs', async () => {
    const dir = shapedProject(h.pythonImage);
    await expect(runFlow(b, { dir, flowId: 'shaped', memory: '1k' })).rejects.toMatchObject({
      code: 'run.invalid_memory',
    });
    await expect(runFlow(b, { dir, flowId: 'shaped', gpus: 'many' })).rejects.toMatchObject({
      code: 'run.invalid_gpus',
    });
  });

  it('with --init, Cancel stops a Python PID 1 at once; without it the engine waits out the grace period', async () => {
    const cancelAfterReady = async (init: boolean) => {
      const cancel = new AbortController();
      let asked = 0;
      const ran = await runFlow(
        b,
        { dir: projectOf(SLEEPER), flowId: 'sleeper', init },
        {
          signal: cancel.signal,
          onOutput: (chunk) => {
            if (chunk.includes('ready') && !cancel.signal.aborted) {
              asked = Date.now();
              cancel.abort();
            }
          },
        },
      );
      return { ran, stoppedMs: Date.now() - asked };
    };
    const withInit = await cancelAfterReady(true);
    expect(withInit.ran.entry.result).toBe('cancelled');
    expect(withInit.ran.entry.exitCode).toBe(143); // docker-init passed SIGTERM on
    expect(withInit.stoppedMs).toBeLessThan(3_000);
    expect((await containerOf(withInit.ran.entry.id)).HostConfig.Init).toBe(true);
    expect(withInit.ran.entry.dockerRun).toContain(' --init ');

    const without = await cancelAfterReady(false);
    expect(without.ran.entry.exitCode).toBe(137); // PID 1 ignores SIGTERM: killed after 4 s
    expect(without.stoppedMs).toBeGreaterThanOrEqual(4_000);
  }, 180_000);

  it('IF_POSSIBLE pulls when the registry answers, and runs the local copy when it does not, the ledger saying which', async () => {
    const answering = `${h.basicRegistry.host}/team/flows:1`;
    const dir = projectOf({
      'berth.yaml': `flows:\n  - name: listed\n    image: ${answering}\n    command: [ls, /opt/flows]\n`,
    });
    const pulled = await runFlow(b, { dir, flowId: 'listed', pullPolicy: 'IF_POSSIBLE' });
    expect(pulled.entry).toMatchObject({
      result: 'success',
      pullPolicy: 'IF_POSSIBLE',
      imageSource: 'pulled',
      pullError: null,
    });

    // Only on this engine: the registry has no such repository.
    const localOnly = `${h.basicRegistry.host}/team/local-only:1`;
    await docker.getImage(h.pythonImage).tag({
      repo: `${h.basicRegistry.host}/team/local-only`,
      tag: '1',
    });
    const fallback = await runFlow(b, {
      dir: projectOf({
        'berth.yaml': `flows:\n  - name: once\n    image: ${localOnly}\n    command: [python3, -c, "print('local copy ran')"]\n`,
      }),
      flowId: 'once',
      pullPolicy: 'IF_POSSIBLE',
    });
    expect(fallback.entry.result).toBe('success');
    expect(fallback.output).toContain('local copy ran');
    expect(fallback.entry.imageSource).toBe('local-after-failed-pull');
    expect(fallback.entry.pullError).toBeTruthy();
    expect(fallback.notes.join('\n')).toContain(
      "using the engine's local copy, as IF_POSSIBLE allows",
    );
    const ledger = (await b.core.ledger.read()).entries;
    expect(
      ledger.some((e) => e.kind === 'pull' && e.reference === localOnly && e.result !== 'success'),
    ).toBe(true);
  }, 180_000);
});
