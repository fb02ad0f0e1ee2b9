/**
 * The Prefect launcher run by a real python3 (the host's here; python3-minimal in the test
 * image later): imports the entrypoint, passes typed parameters, keeps the exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHER_PY, launcherEnv, pythonLiteral } from '../../../src/flows/launcher';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

const FLOW = `try:
    from prefect import flow
except ImportError:
    def flow(*args, **kwargs):
        return args[0] if args and callable(args[0]) else (lambda fn: fn)

@flow(name="hello")
def hello(name: str = "world", count: int = 1, opts: dict = None, exit_code: int = 0):
    for i in range(count):
        print("hello %s %d %r" % (name, i, opts))
    if exit_code:
        raise SystemExit(exit_code)

def broken():
    raise ValueError("boom")
`;

function launch(entrypoint: string, parameters: Record<string, unknown>) {
  const dir = tempDir('berth-launcher-');
  mkdirSync(join(dir, 'flows'));
  writeFileSync(join(dir, 'flows', 'hello.py'), FLOW);
  writeFileSync(join(dir, '.berth-launcher.py'), LAUNCHER_PY);
  return spawnSync('python3', ['.berth-launcher.py'], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...launcherEnv(entrypoint, parameters) },
    encoding: 'utf8',
  });
}

describe('the Prefect launcher', () => {
  it('writes JSON values as Python literals', () => {
    expect(pythonLiteral({ a: [1, null, true, false], 'k"': 'x\ny' })).toBe(
      '{"a": [1, None, True, False], "k\\"": "x\\ny"}',
    );
    expect(() => pythonLiteral(Number.NaN)).toThrow();
  });

  it('calls the function with typed parameters, and exits with its code', () => {
    const r = launch('flows/hello.py:hello', {
      name: 'ünï "q"',
      count: 2,
      opts: { a: [1, null] },
      exit_code: 3,
    });
    expect(r.stdout).toBe(`hello ünï "q" 0 {'a': [1, None]}\nhello ünï "q" 1 {'a': [1, None]}\n`);
    expect(r.status).toBe(3);
  });

  it('exits 0 after a flow that returns, and 1 with a traceback after one that raises', () => {
    expect(launch('flows/hello.py:hello', {}).status).toBe(0);
    const failed = launch('flows/hello.py:broken', {});
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('ValueError: boom');
  });

  it('says which function is missing', () => {
    const r = launch('flows/hello.py:nope', {});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('flows/hello.py has no function nope');
  });
});
