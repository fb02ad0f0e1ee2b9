/** docker-py's parse_bytes and shlex.split, as the Prefect docker worker hands values to them. */
import { describe, expect, it } from 'vitest';
import { dockerLabels, parseBytes, shlexSplit } from '../../../src/flows/prefect-container';

describe('parseBytes (docker-py utils.parse_bytes)', () => {
  it('reads units b, k, m, g in either case, a trailing b after a unit, and bare bytes', () => {
    expect(parseBytes('100000b')).toBe(100000);
    expect(parseBytes('1000k')).toBe(1024000);
    expect(parseBytes('128m')).toBe(128 * 1024 ** 2);
    expect(parseBytes('1G')).toBe(1024 ** 3);
    expect(parseBytes('512mb')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('4096')).toBe(4096);
    expect(parseBytes(4096)).toBe(4096);
    expect(parseBytes('-1')).toBe(-1);
  });
  it('refuses what docker-py refuses', () => {
    expect(parseBytes('lots')).toBeNull();
    expect(parseBytes('12t')).toBeNull();
    expect(parseBytes('')).toBeNull();
    expect(parseBytes(true)).toBeNull();
  });
});

describe('shlexSplit (shlex.split, POSIX)', () => {
  it('groups quotes and honours backslashes as shlex does', () => {
    expect(shlexSplit(`python -m pkg.run --name "a b" 'c "d"' e\\ f`)).toEqual([
      'python',
      '-m',
      'pkg.run',
      '--name',
      'a b',
      'c "d"',
      'e f',
    ]);
    expect(shlexSplit(`echo "x\\"y" ''`)).toEqual(['echo', 'x"y', '']);
    expect(shlexSplit('  ')).toEqual([]);
    expect(shlexSplit(`echo 'open`)).toBeNull();
  });
});

describe('dockerLabels', () => {
  it('reverses the namespace of a namespaced label, as the worker does', () => {
    expect(dockerLabels({ 'prefect.io/flow-run-id': 'x', 'a.b.c/d/e': 1, plain: 'p' })).toEqual({
      'io.prefect.flow-run-id': 'x',
      'c.b.a.d/e': '1',
      plain: 'p',
    });
  });
});
