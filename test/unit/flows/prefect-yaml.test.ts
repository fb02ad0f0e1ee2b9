/**
 * prefect.yaml deployments read as Prefect 3 reads them: build-step outputs and $ENV filled
 * in, blocks and variables left as written with a reason, job variables applied, and every
 * problem pointing at its line.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { containerSpec } from '../../../src/runs/run-spec';
import { EXAMPLES, HELLO_PY, flowNamed, problemLines, projects } from './project';

const project = projects();

describe('the example Prefect project', () => {
  it('finds both deployments and the bare flow no deployment names', async () => {
    const root = join(EXAMPLES, 'prefect-project');
    const result = await discoverFlows(root, { env: { BERTH_EXAMPLE_GREETING: 'Ahoy' } });
    expect(result.problems).toEqual([]);
    expect(result.flows.map((f) => [f.id, f.line])).toEqual([
      ['prefect-flow:flows/chatty.py:chatty', 15],
      ['prefect-deployment:prefect.yaml:hello-built', 32],
      ['prefect-deployment:prefect.yaml:hello-explicit', 45],
    ]);
  });

  it('takes hello-built’s image from the build step and fills in $ENV, not Prefect variables', async () => {
    const result = await discoverFlows(join(EXAMPLES, 'prefect-project'), {
      env: { BERTH_EXAMPLE_GREETING: 'Ahoy' },
    });
    const flow = flowNamed(result, 'hello-built');
    expect(flow).toMatchObject({
      kind: 'prefect-deployment',
      file: 'prefect.yaml',
      image: 'berth-test/python:3',
      imageFrom: 'build step build_image',
      command: null,
      entrypoint: { path: 'flows/hello.py', function: 'hello' },
      // REGION's value comes from the Prefect API: left out of env, listed in unresolved.
      env: { GREETING: 'Ahoy' },
      volumes: [],
      pullPolicy: 'IF_NOT_PRESENT',
      autoRemove: false,
      networkMode: null,
      workingDir: '/opt/prefect/prefect-project',
    });
    expect(flow.parameters).toEqual([
      { name: 'name', default: 'built', type: 'str', required: false },
      { name: 'count', default: 1, type: 'int', required: false },
      { name: 'shout', default: false, type: 'bool', required: false },
      { name: 'exit_code', default: 0, type: 'int', required: false },
    ]);
    // The push step's block credentials are not used by the flow, so they are not listed.
    expect(flow.unresolved).toEqual([
      {
        template: '{{ prefect.variables.region }}',
        where: 'work_pool.job_variables.env.REGION',
        why: expect.stringContaining('Prefect variable is read from the Prefect API') as string,
      },
    ]);
    expect(flow.warnings).toEqual([
      expect.stringMatching(
        /^pull step set_working_directory \/opt\/prefect\/prefect-project: the opened folder is mounted there/,
      ),
      expect.stringMatching(/built by build step build_image .* from Dockerfile: Berth builds it/),
    ]);
    // The build step's inputs, as prefect deploy would build with them.
    expect(flow.build).toEqual({
      from: 'build step build_image (prefect_docker.deployments.steps.build_docker_image)',
      context: '.',
      dockerfile: 'Dockerfile',
      imageName: 'berth-test/python',
      tag: '3',
      tagUnresolved: null,
      platform: null,
      buildArgs: {},
      pull: true,
      target: null,
    });
  });

  it('applies hello-explicit’s job variables: env, volumes, pull policy, auto_remove', async () => {
    const result = await discoverFlows(join(EXAMPLES, 'prefect-project'));
    const flow = flowNamed(result, 'hello-explicit');
    expect(flow).toMatchObject({
      image: 'berth-test/python:3',
      imageFrom: 'work_pool.job_variables.image',
      env: { GREETING: 'Hi', OUT_DIR: '/data/out', EXTRA_PIP_PACKAGES: 'cowsay==6.1' },
      volumes: [
        { host: 'out', container: '/data/out', readOnly: false },
        { host: 'flows', container: '/data/flows', readOnly: true },
      ],
      pullPolicy: 'NEVER',
      autoRemove: true,
      // Its own empty pull section replaces the top-level set_working_directory.
      workingDir: null,
      unresolved: [],
      warnings: [],
    });
    expect(flow.parameters.map((p) => [p.name, p.default])).toEqual([
      ['name', 'explicit'],
      ['count', 2],
      ['shout', false],
      ['exit_code', 0],
    ]);
  });

  it('leaves an unset $ENV as written, with the reason', async () => {
    const result = await discoverFlows(join(EXAMPLES, 'prefect-project'), { env: {} });
    const flow = flowNamed(result, 'hello-built');
    // Never passed to the container as the literal template: the run asks for it.
    expect(flow.env.GREETING).toBeUndefined();
    expect(flow.unresolved).toContainEqual({
      template: '{{ $BERTH_EXAMPLE_GREETING }}',
      where: 'work_pool.job_variables.env.GREETING',
      why: 'environment variable BERTH_EXAMPLE_GREETING is not set',
    });
  });
});

/** A prefect.yaml with `deployments` below the given build section. */
function withDeployments(deployments: string, extra = ''): Record<string, string> {
  return {
    'flows/hello.py': HELLO_PY,
    'prefect.yaml': `${extra}deployments:\n${deployments}`,
  };
}

describe('templates', () => {
  it('resolves .image, .image_name and .tag of a build step whose fields use $ENV', async () => {
    const root = project(
      withDeployments(
        `  - name: d
    entrypoint: flows/hello.py:main
    parameters:
      name: "{{ build-image.image_name }} at {{ build-image.tag }}"
    work_pool:
      job_variables:
        image: "{{ build-image.image }}"
`,
        `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: build-image
      image_name: "{{ $REGISTRY }}/team/flows"
      tag: v1
`,
      ),
    );
    const flow = flowNamed(await discoverFlows(root, { env: { REGISTRY: 'reg.local:5000' } }), 'd');
    expect(flow.image).toBe('reg.local:5000/team/flows:v1');
    expect(flow.imageFrom).toBe('build step build-image');
    expect(flow.parameters).toEqual([
      { name: 'name', default: 'reg.local:5000/team/flows at v1', type: 'str', required: false },
    ]);
    expect(flow.unresolved).toEqual([]);
  });

  it('explains why an image from a build step without a tag, or from a block, stays a template; one no step makes is dropped', async () => {
    const root = project(
      withDeployments(
        `  - name: untagged
    entrypoint: flows/hello.py:main
    work_pool: { job_variables: { image: "{{ build-image.image }}" } }
  - name: unknown-step
    entrypoint: flows/hello.py:main
    work_pool: { job_variables: { image: "{{ other.image }}", network_mode: host } }
  - name: from-block
    entrypoint: flows/hello.py:main
    work_pool: { job_variables: { image: "{{ prefect.blocks.secret.image }}", mem_limit: 1g } }
`,
        `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: build-image
      image_name: team/flows
`,
      ),
    );
    const result = await discoverFlows(root);
    expect(result.problems).toEqual([]); // templates are not invalid references
    const untagged = flowNamed(result, 'untagged');
    expect(untagged.image).toBe('{{ build-image.image }}');
    expect(untagged.unresolved).toEqual([
      {
        template: '{{ build-image.image }}',
        where: 'work_pool.job_variables.image',
        why: 'step build-image sets no tag: Prefect tags the image with the time of the build',
      },
    ]);
    // A lone placeholder no step fills is dropped by prefect deploy (templating.apply_values:
    // NotSet keys are removed), so the worker runs its default image: nothing to ask for.
    const unknown = flowNamed(result, 'unknown-step');
    expect(unknown.image).toBe('prefecthq/prefect:3-latest');
    expect(unknown.unresolved).toEqual([]);
    expect(unknown.warnings.join('\n')).toContain(
      "work_pool.job_variables.image is {{ other.image }}, which no build step of this deployment makes (its build step's id is build-image): prefect deploy drops it",
    );
    expect(unknown.networkMode).toBe('host');
    const block = flowNamed(result, 'from-block');
    expect(block.unresolved[0]?.why).toMatch(/^a Prefect block is read from the Prefect API/);
    expect(block.container?.memLimit).toBe(1024 ** 3);
  });

  it('says which input of a build step is missing, and reads a numeric tag', async () => {
    const root = project(
      withDeployments(
        `  - name: d
    entrypoint: flows/hello.py:main
    work_pool: { job_variables: { image: "{{ from-env.image }}" } }
    parameters: { name: "{{ numbered.image }}" }
`,
        `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: from-env
      image_name: "{{ $REGISTRY }}/flows"
      tag: dev
  - prefect_docker.deployments.steps.build_docker_image:
      id: numbered
      image_name: team/flows
      tag: 2
`,
      ),
    );
    const flow = flowNamed(await discoverFlows(root, { env: {} }), 'd');
    expect(flow.unresolved).toEqual([
      {
        template: '{{ from-env.image }}',
        where: 'work_pool.job_variables.image',
        why: 'image_name of step from-env: environment variable REGISTRY is not set',
      },
    ]);
    expect(flow.parameters[0]?.default).toBe('team/flows:2');
  });

  it('uses a deployment’s own build section over the top-level one', async () => {
    const root = project(
      withDeployments(
        `  - name: own
    entrypoint: flows/hello.py:main
    build:
      - prefect_docker.deployments.steps.build_docker_image:
          id: build-image
          image_name: own/image
          tag: "2"
    work_pool: { name: pool, job_variables: { image: "{{ build-image.image }}" } }
  - name: shared
    entrypoint: flows/hello.py:main
    work_pool: { name: pool }
`,
        `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: build-image
      image_name: shared/image
      tag: "1"
`,
      ),
    );
    const result = await discoverFlows(root);
    expect(flowNamed(result, 'own').image).toBe('own/image:2');
    // No job_variables.image: prefect deploy builds shared/image:1 but sets no image job variable
    // (prefect/cli/deploy.py sets it only when its interactive prompt added the build step), so
    // the worker runs Prefect's default image; the warning says how to run the built one.
    const shared = flowNamed(result, 'shared');
    expect(shared.image).toBe('prefecthq/prefect:3-latest');
    expect(shared.imageFrom).toBe('default image');
    expect(shared.build).toBeUndefined();
    expect(shared.warnings[0]).toBe(
      "work_pool.job_variables.image is not set: prefect deploy builds shared/image:1, but the worker runs prefecthq/prefect:3-latest. To run the built image, add image: '{{ build-image.image }}' under work_pool.job_variables.",
    );
  });

  it('reads work pools shared through anchors and << merges', async () => {
    const root = project(
      withDeployments(
        `  - name: merged
    entrypoint: flows/hello.py:main
    work_pool:
      <<: *pool
      job_variables:
        <<: *vars
        image_pull_policy: always
  - name: aliased
    entrypoint: flows/hello.py:main
    work_pool: *pool
`,
        `definitions:
  pools:
    docker: &pool
      name: docker-pool
      job_variables: &vars
        image: python:3.12-slim
        env: { MODE: shared }
`,
      ),
    );
    const result = await discoverFlows(root);
    expect(flowNamed(result, 'merged')).toMatchObject({
      image: 'python:3.12-slim',
      env: { MODE: 'shared' },
      pullPolicy: 'ALWAYS',
    });
    expect(flowNamed(result, 'aliased').image).toBe('python:3.12-slim');
  });
});

describe('defaults and pull steps', () => {
  it('falls back to Prefect’s default image, with a warning', async () => {
    const root = project(withDeployments('  - name: bare\n    entrypoint: flows/hello.py:main\n'));
    const flow = flowNamed(await discoverFlows(root), 'bare');
    expect(flow.image).toBe('prefecthq/prefect:3-latest');
    expect(flow.imageFrom).toBe('default image');
    expect(flow.pullPolicy).toBe('IF_NOT_PRESENT');
    // No work pool either: non-interactive prefect deploy needs --pool (cli/deploy/_core.py).
    expect(flow.warnings).toEqual([
      'No work_pool.name: prefect deploy stops with "A work pool is required to deploy this flow" unless --pool names one.',
      'No image is set: the flow runs in prefecthq/prefect:3-latest, the image a Docker worker of prefect-version 3 picks (its Python may differ).',
    ]);
  });

  it('says a git_clone pull step is replaced by the opened folder', async () => {
    const root = project(
      withDeployments(
        '  - name: cloned\n    entrypoint: flows/hello.py:main\n',
        `pull:
  - prefect.deployments.steps.git_clone:
      repository: https://github.com/org/repo.git
  - prefect.deployments.steps.pip_install_requirements:
      requirements_file: requirements.txt
`,
      ),
    );
    const flow = flowNamed(await discoverFlows(root), 'cloned');
    expect(flow.workingDir).toBeNull();
    expect(flow.warnings).toContain(
      'pull step git_clone https://github.com/org/repo.git is not run: locally the opened folder is used instead.',
    );
    expect(flow.warnings).toContain(
      'pull step prefect.deployments.steps.pip_install_requirements is not run locally.',
    );
  });

  it('accepts image_pull_policy in any case, and IfPossible as its own policy', async () => {
    const deployment = (name: string, policy: string) =>
      `  - name: ${name}\n    entrypoint: flows/hello.py:main\n    work_pool: { name: pool, job_variables: { image: alpine, image_pull_policy: ${policy} } }\n`;
    const root = project(
      withDeployments(
        deployment('a', 'ALWAYS') +
          deployment('b', 'ifnotpresent') +
          deployment('c', 'Never') +
          deployment('d', 'IfPossible'),
      ),
    );
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => f.pullPolicy)).toEqual([
      'ALWAYS',
      'IF_NOT_PRESENT',
      'NEVER',
      'IF_POSSIBLE',
    ]);
    expect(flowNamed(result, 'd').warnings).toEqual([]);
  });

  it('reads command, mem_limit, memswap_limit, privileged, labels, networks and stream_output as the docker worker does', async () => {
    const root = project(
      withDeployments(`  - name: shaped
    entrypoint: flows/hello.py:main
    work_pool:
      job_variables:
        image: alpine:3
        command: python3 -c 'print("hi there")' --flag
        mem_limit: 512m
        memswap_limit: 1g
        privileged: true
        labels: { prefect.io/team: data, plain: yes-label }
        networks: [net-a, net-b]
        stream_output: false
  - name: bad
    entrypoint: flows/hello.py:main
    work_pool:
      job_variables:
        image: alpine:3
        command: python3 -c 'unclosed
        mem_limit: lots
        networks: [net-a]
        network_mode: host
`),
    );
    const result = await discoverFlows(root);
    const shaped = flowNamed(result, 'shaped');
    expect(shaped.container).toEqual({
      command: ['python3', '-c', 'print("hi there")', '--flag'],
      memLimit: 512 * 1024 ** 2,
      memswapLimit: 1024 ** 3,
      privileged: true,
      // _convert_labels_to_docker_format: prefect.io/team -> io.prefect.team
      labels: { 'io.prefect.team': 'data', plain: 'yes-label' },
      networks: ['net-a', 'net-b'],
      streamOutput: false,
    });
    expect(shaped.warnings.join('\n')).not.toMatch(/not applied/);
    expect(result.problems.map((p) => p.message)).toEqual([
      'work_pool.job_variables.command "python3 -c \'unclosed" has an unclosed quote',
      'work_pool.job_variables.mem_limit "lots" is not a number of bytes',
      'work_pool.job_variables.networks and network_mode are both set',
    ]);
  });

  it('mounts the subfolder a prefect.yaml was deployed from where its set_working_directory says (robfreedy/robs-prefect-examples)', async () => {
    const yaml = [
      'deployments:',
      '  - name: sub',
      '    entrypoint: flow.py:main',
      '    pull:',
      '      - prefect.deployments.steps.set_working_directory:',
      '          directory: /Users/me/examples/sub',
      '',
    ].join('\n');
    const root = project({ 'sub/prefect.yaml': yaml, 'sub/flow.py': HELLO_PY });
    const flow = flowNamed(await discoverFlows(root), 'sub');
    // prefect deploy ran in sub/ (flow.py is found from there): sub/ is the worker's working dir.
    expect(flow).toMatchObject({
      entrypoint: { path: 'sub/flow.py', function: 'main' },
      workingDir: '/Users/me/examples/sub',
      codeDir: 'sub',
    });
    expect(flow.warnings).toContain(
      'pull step set_working_directory /Users/me/examples/sub: sub/ is mounted there, as the worker would find the code there.',
    );
    const spec = containerSpec({
      runId: 'r',
      image: 'python:3.12',
      projectDir: root,
      mountDir: join(root, 'sub'),
      projectMount: '/Users/me/examples/sub',
      workingDir: flow.workingDir,
      entrypoint: { path: 'flow.py', function: 'main', parameters: {} },
      env: {},
      volumes: [],
      autoRemove: false,
      platform: 'linux',
    });
    expect(spec.HostConfig.Binds[0]).toBe(`${join(root, 'sub')}:/Users/me/examples/sub`);
    expect(spec.WorkingDir).toBe('/Users/me/examples/sub');
    // Deployed from the project folder, the project folder is what gets mounted.
    const fromRoot = project({
      'prefect.yaml': yaml.replace('flow.py:main', 'sub/flow.py:main'),
      'sub/flow.py': HELLO_PY,
    });
    expect(flowNamed(await discoverFlows(fromRoot), 'sub').codeDir).toBeUndefined();
  });
});

describe('problems, each with its line', () => {
  it('names a missing entrypoint file and a missing function, and still lists the flows', async () => {
    const root = project(
      withDeployments(`  - name: gone
    entrypoint: flows/missing.py:main
  - name: typo
    entrypoint: flows/hello.py:mian
  - name: fine
    entrypoint: flows/hello.py:main
`),
    );
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'prefect.yaml:3: entrypoint flows/missing.py:main — flows/missing.py does not exist',
      'prefect.yaml:5: entrypoint flows/hello.py:mian — flows/hello.py has no function mian',
    ]);
    expect(result.flows.map((f) => f.name)).toEqual(['gone', 'typo', 'fine']);
  });

  it('refuses volumes outside the project, bad pull policies and invalid images', async () => {
    const root = project(
      withDeployments(`  - name: bad
    entrypoint: flows/hello.py:main
    work_pool:
      job_variables:
        image: Team/Flows:latest
        image_pull_policy: sometimes
        volumes:
          - ./data:/data
          - ../secrets:/secrets:ro
          - /etc:/host-etc
          - cache:/cache
  - name: good
    entrypoint: flows/hello.py:main
    work_pool: { job_variables: { image: "python:3.12" } }
`),
    );
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'prefect.yaml:6: image "Team/Flows:latest" is not a valid reference: repository name must be lowercase',
      'prefect.yaml:7: image pull policy "sometimes" is not one of Always, IfNotPresent, IfPossible, Never',
      'prefect.yaml:10: volume "../secrets:/secrets:ro": ../secrets is outside the project folder',
      'prefect.yaml:11: volume "/etc:/host-etc": /etc is outside the project folder',
    ]);
    const bad = flowNamed(result, 'bad');
    expect(bad.volumes).toEqual([{ host: 'data', container: '/data', readOnly: false }]);
    expect(bad.warnings).toContain('named volume cache is not mounted locally.');
    expect(flowNamed(result, 'good').image).toBe('python:3.12');
  });

  it('points at the anchor when the bad value comes through an alias or a merge', async () => {
    const root = project(
      withDeployments(
        `  - name: aliased
    entrypoint: flows/hello.py:main
    work_pool: *pool
  - name: merged
    entrypoint: flows/hello.py:main
    work_pool:
      <<: *pool
      name: other
`,
        'definitions:\n  pool: &pool\n    job_variables:\n      image: "bad image"\n',
      ),
    );
    expect(problemLines(await discoverFlows(root))).toEqual([
      'prefect.yaml:4: image "bad image" is not a valid reference: invalid reference format',
      'prefect.yaml:4: image "bad image" is not a valid reference: invalid reference format',
    ]);
  });

  it('skips deployments without a name or a well-formed entrypoint, saying where', async () => {
    const root = project(
      withDeployments(`  - entrypoint: flows/hello.py:main
  - name: no-function
    entrypoint: flows/hello.py
  - name: ok
    entrypoint: flows/hello.py:main
`),
    );
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'prefect.yaml:2: deployment 1 has no name: prefect deploy skips it',
      'prefect.yaml:4: deployment no-function: entrypoint "flows/hello.py" is neither path/to/file.py:function nor a module path (package.module.function)',
    ]);
    expect(result.flows.map((f) => f.name)).toEqual(['ok']);
  });

  it('warns about deployment parameters the function does not take', async () => {
    const root = project(
      withDeployments(
        '  - name: d\n    entrypoint: flows/hello.py:main\n    parameters: { name: x, nope: 1 }\n',
      ),
    );
    const flow = flowNamed(await discoverFlows(root), 'd');
    expect(flow.parameters).toEqual([{ name: 'name', default: 'x', type: 'str', required: false }]);
    expect(flow.warnings).toContain('parameters.nope is not a parameter of main: it is left out.');
  });
});

describe('what prefect deploy refuses or ignores', () => {
  it('skips the whole file as Prefect 3.4.19+ does when a schedule does not validate, and only warns for an older pinned Prefect', async () => {
    // datopian/preflow (`schedule: []`) and wonkothesanest/prefect_data_getters (Airflow's
    // catchup in a schedule): PrefectYamlModel.model_validate fails, prefect deploy skips the file.
    const deployments =
      '  - name: listed\n    entrypoint: flows/hello.py:main\n    work_pool: { name: pool }\n    schedule: []\n' +
      '  - name: airflowish\n    entrypoint: flows/hello.py:main\n    work_pool: { name: pool }\n    schedules:\n      - cron: "0 * * * *"\n        catchup: false\n';
    const current = await discoverFlows(project(withDeployments(deployments)));
    expect(current.flows.filter((f) => f.kind === 'prefect-deployment')).toEqual([]);
    expect(current.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [5, 'schedule must be a mapping such as {cron'],
      [10, 'schedules item 1 has keys Prefect does not accept'],
    ]);
    expect(current.problems[0]?.message).toContain('Prefect 3.4.19 and later skip this whole file');

    const older = await discoverFlows(
      project(withDeployments(deployments, 'prefect-version: "3.0.10"\n')),
    );
    expect(older.flows.map((f) => f.name)).toEqual(['listed', 'airflowish']);
    expect(older.flows[0]?.warnings[0]).toMatch(
      /^Prefect 3\.4\.19 and later would skip this whole file \(line 6: schedule must be a mapping/,
    );
  });

  it('refuses a number where Prefect wants text, and accepts the shapes a schedule may take', async () => {
    const numbered = await discoverFlows(
      project(
        withDeployments(
          '  - name: v\n    entrypoint: flows/hello.py:main\n    version: 1.0\n    work_pool: { name: pool }\n',
        ),
      ),
    );
    expect(numbered.problems[0]?.message).toMatch(/^version must be text, not the number 1/);
    const fine = await discoverFlows(
      project(
        withDeployments(
          '  - name: ok\n    entrypoint: flows/hello.py:main\n    work_pool: { name: pool }\n    schedule: {}\n    schedules:\n      - { interval: 600, timezone: UTC }\n      - { rrule: "FREQ=DAILY" }\n      - { schedule: { cron: "0 0 * * *" }, active: false }\n',
        ),
      ),
    );
    expect(fine.problems).toEqual([]);
    expect(fine.flows.map((f) => f.name)).toEqual(['ok']);
  });

  it('names a step with keys beside its name, which Prefect refuses (SteffRhes/prefect_experiments)', async () => {
    const root = project(
      withDeployments(
        '  - name: built\n    entrypoint: flows/hello.py:main\n    work_pool: { name: pool }\n',
        `build:
  - prefect.deployments.steps.run_shell_script:
    id: shell
    script: echo 111
`,
      ),
    );
    const result = await discoverFlows(root);
    expect(result.problems.map((p) => p.message)).toEqual([
      'deployment built: build step 1 (line 2) has id, script beside prefect.deployments.steps.run_shell_script: Prefect refuses it ("Step has unexpected additional keys"), so prefect deploy fails',
    ]);
  });

  it('warns about deployment keys Prefect drops (pguyard-esurv/prefect-scratch job_configuration)', async () => {
    const root = project(
      withDeployments(
        '  - name: rpa\n    entrypoint: flows/hello.py:main\n    work_pool: { name: docker-pool }\n    job_configuration:\n      image: rpa1-worker:latest\n',
      ),
    );
    const flow = flowNamed(await discoverFlows(root), 'rpa');
    expect(flow.image).toBe('prefecthq/prefect:3-latest');
    expect(flow.warnings).toContain(
      'deployment key job_configuration is not one Prefect reads: it is ignored.',
    );
  });
});
