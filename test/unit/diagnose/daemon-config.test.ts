/**
 * The daemon.json edit on its own (src/diagnose/daemon-config.ts): the user's bytes are kept
 * around the one change, and files dockerd itself would refuse are left alone. That dockerd
 * accepts what Berth writes is checked against a real dockerd in
 * test/integration/diagnose-daemon-json.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  flagValues,
  planDaemonEdit,
  reloadableOriginal,
} from '../../../src/diagnose/daemon-config';
import { codeOf } from './error-code';

describe('planDaemonEdit', () => {
  it('appends to an existing list in the file’s own indentation, every other byte kept', () => {
    const before = '{\n\t"insecure-registries": ["a:5000"],\n\t"debug": true\n}\n';
    const plan = planDaemonEdit('/etc/docker/daemon.json', before, 'insecure-registries', 'b:5000');
    expect(JSON.parse(plan.after)).toEqual({
      'insecure-registries': ['a:5000', 'b:5000'],
      debug: true,
    });
    expect(plan.after.endsWith('\t"debug": true\n}\n')).toBe(true);
    expect(plan.diff.filter((l) => l.startsWith('+')).join('\n')).toContain('b:5000');
  });

  it('keeps CRLF line ends', () => {
    const before = '{\r\n  "debug": true\r\n}\r\n';
    const plan = planDaemonEdit('d.json', before, 'registry-mirrors', 'https://m.example');
    expect(plan.after).not.toMatch(/[^\r]\n/);
    expect(JSON.parse(plan.after)['registry-mirrors']).toEqual(['https://m.example']);
  });

  it('makes a file where there is none, and says so in the diff', () => {
    const plan = planDaemonEdit('d.json', null, 'registry-mirrors', 'https://m.example');
    expect(plan.before).toBeNull();
    expect(JSON.parse(plan.after)).toEqual({ 'registry-mirrors': ['https://m.example'] });
  });

  it('changes nothing when the value is there already', () => {
    const before = '{"registry-mirrors": ["https://m.example"]}';
    const plan = planDaemonEdit('d.json', before, 'registry-mirrors', 'https://m.example');
    expect(plan.unchanged).toBe(true);
    expect(plan.after).toBe(before);
  });

  it('leaves alone files dockerd (encoding/json) would refuse, and lists that are not lists', () => {
    for (const text of ['{"debug": true,}', '{"debug": true} // note', '[]', 'not json']) {
      expect(codeOf(() => planDaemonEdit('d.json', text, 'insecure-registries', 'x:1'))).toBe(
        'fix.daemon_json_invalid',
      );
    }
    expect(
      codeOf(() =>
        planDaemonEdit('d.json', '{"insecure-registries": "x"}', 'insecure-registries', 'y:1'),
      ),
    ).toBe('fix.daemon_json_invalid');
  });

  it('refuses a list dockerd also takes as a flag, in either flag spelling', () => {
    for (const args of [['--insecure-registry', 'a:1'], ['--insecure-registry=a:1']]) {
      expect(codeOf(() => planDaemonEdit('d.json', '{}', 'insecure-registries', 'b:1', args))).toBe(
        'fix.daemon_flag_conflict',
      );
    }
    expect(
      codeOf(() =>
        planDaemonEdit('d.json', '{}', 'registry-mirrors', 'https://m', [
          '--insecure-registry=a:1',
        ]),
      ),
    ).toBe('no error');
  });
});

describe('reloadableOriginal', () => {
  it('sets the list to [] when the original has none (a reload leaves a list the file does not set)', () => {
    const text = reloadableOriginal('{\n    "debug": false\n}\n', 'insecure-registries');
    expect(JSON.parse(text)).toEqual({ debug: false, 'insecure-registries': [] });
    expect(reloadableOriginal(null, 'registry-mirrors')).toContain('"registry-mirrors": []');
  });

  it('is the original itself when it sets the list', () => {
    const original = '{"registry-mirrors": ["https://a"]}';
    expect(reloadableOriginal(original, 'registry-mirrors')).toBe(original);
  });
});

describe('flagValues', () => {
  it('reads Go flag spellings', () => {
    expect(
      flagValues(['-H', 'unix:///a.sock', '--host=fd://', '--debug'], ['-H', '--host']),
    ).toEqual(['unix:///a.sock', 'fd://']);
  });
});
