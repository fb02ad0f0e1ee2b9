/**
 * Runs as their platform's worker would run them, on a real dockerd, and reproducible from
 * what the ledger keeps: the example's hello-built (set_working_directory /opt/prefect/…,
 * which failed with FileNotFoundError before the project was mounted there), a Valohai step
 * with a local input file and collected outputs, and the recorded `docker run` line run with
 * the real docker CLI to the same result.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { berthOn, exampleCopy, projectOf, runFlow } from './runs-setup';
import type { RunBerth } from './runs-setup';

const DOCKER_CLI = existsSync('/usr/local/bin/docker') ? '/usr/local/bin/docker' : 'docker';

const VALOHAI = (image: string) => `- step:
    name: count-words
    image: ${image}
    command:
      - echo "repository $VH_REPOSITORY_DIR job $VH_JOB_ID"
      - python3 count.py {parameters}
    parameters:
      - name: Detection Threshold
        type: float
        default: 0.25
      - name: label
        pass-as: '{v}'
        default: words
    inputs:
      - name: text
        default: https://example.com/corpus.txt
- pipeline:
    name: nightly
    nodes: []
    edges: []
`;

const COUNT_PY = `import os, sys
args = sys.argv[1:]
print("argv", args)
inputs = os.environ["VH_INPUTS_DIR"]
path = os.path.join(inputs, "text", "corpus.txt")
with open(path) as f:
    words = len(f.read().split())
out = os.path.join(os.environ["VH_OUTPUTS_DIR"], "count.txt")
with open(out, "w") as f:
    f.write("%s %d\\n" % (args[-1], words))
print("counted", words)
`;

describeWithHarness('reproducible runs on a real dockerd', (h) => {
  let b: RunBerth;
  beforeAll(() => {
    b = berthOn(h);
  });
  afterAll(() => b.core.close());

  it('runs hello-built where set_working_directory puts the code, with the env it asks for', async () => {
    const dir = exampleCopy('prefect-project');
    const ran = await runFlow(b, {
      dir,
      flowId: 'hello-built',
      image: h.pythonImage,
      pullPolicy: 'NEVER',
      parameters: { name: 'wd' },
      env: { GREETING: 'Moi', REGION: 'eu-north-1' },
    });
    expect(ran.entry.result).toBe('success');
    expect(ran.output).toContain('Moi, wd! (1/1)');
    // Written relative to the working dir, which is the mounted project.
    expect(readFileSync(join(dir, 'out', 'wd.txt'), 'utf8')).toBe('Moi, wd!\n');
    // A local image: no registry digest, but its image ID is recorded.
    expect(ran.entry.digest).toBeNull();
    expect(ran.entry.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ran.entry.dockerRun).toContain('-w /opt/prefect/prefect-project');
  });

  it('runs a Valohai step with a picked input file, collects its outputs, and its docker run line reproduces it', async () => {
    const dir = projectOf({ 'valohai.yaml': VALOHAI(h.pythonImage), 'count.py': COUNT_PY });
    spawnSync('git', ['init', '-q', dir]);
    spawnSync('git', ['-C', dir, 'add', '.']);
    spawnSync('git', [
      '-C',
      dir,
      '-c',
      'user.email=t@t',
      '-c',
      'user.name=t',
      'commit',
      '-qm',
      'x',
    ]);
    writeFileSync(join(dir, 'corpus.txt'), 'one two three four\n');
    const ran = await runFlow(b, {
      dir,
      flowId: 'count-words',
      pullPolicy: 'NEVER',
      inputs: { text: ['corpus.txt'] },
    });
    expect(ran.entry.result).toBe('success');
    // pass-as applied, and '--Detection Threshold=0.25' reaches the program as one argument.
    expect(ran.output).toContain("argv ['--Detection Threshold=0.25', 'words']");
    expect(ran.output).toContain(`repository /valohai/repository job ${ran.entry.id}`);
    expect(ran.entry.outputs).toEqual(['count.txt']);
    const outputsDir = ran.entry.outputsDir ?? '';
    expect(readFileSync(join(outputsDir, 'count.txt'), 'utf8')).toBe('words 4\n');
    expect(ran.entry.git).toEqual({
      commit: spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
        encoding: 'utf8',
      }).stdout.trim(),
      dirty: true, // corpus.txt is untracked
    });
    expect(ran.entry.env?.VH_OUTPUTS_DIR).toBe('/valohai/outputs');
    expect(ran.entry.imageId).toMatch(/^sha256:/);

    // The recorded line, run by the docker CLI, does the same: the output file is written again.
    rmSync(join(outputsDir, 'count.txt'));
    const line = ran.entry.dockerRun ?? '';
    expect(line).toContain(ran.entry.imageId ?? 'no image id');
    const again = spawnSync('sh', ['-c', line.replace(/^docker /, `${DOCKER_CLI} `)], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: h.dockerHost },
      timeout: 120_000,
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("argv ['--Detection Threshold=0.25', 'words']");
    expect(readFileSync(join(outputsDir, 'count.txt'), 'utf8')).toBe('words 4\n');
    spawnSync(DOCKER_CLI, ['rm', '-f', `berth-count-words-${ran.entry.id.slice(0, 8)}-again`], {
      env: { ...process.env, DOCKER_HOST: h.dockerHost },
    });
  });

  it('re-runs exactly the image ID that ran', { timeout: 240_000 }, async () => {
    const dir = projectOf({ 'valohai.yaml': VALOHAI(h.pythonImage), 'count.py': COUNT_PY });
    writeFileSync(join(dir, 'corpus.txt'), 'a b\n');
    const first = await runFlow(b, {
      dir,
      flowId: 'count-words',
      pullPolicy: 'NEVER',
      inputs: { text: ['corpus.txt'] },
    });
    const { rerunRequest } = await import('../../src/runs/run-history');
    const request = rerunRequest(first.entry);
    expect(request.imageId).toBe(first.entry.imageId);
    expect(request.image).toBe(first.entry.reference);
    const second = await runFlow(b, { ...request, inputs: { text: ['corpus.txt'] } });
    expect(second.entry.result).toBe('success');
    expect(second.entry.imageId).toBe(first.entry.imageId);
    expect(second.entry.pullPolicy).toBe('NEVER');
  });
});
