/**
 * How docker reads a key of `auths` as a host: 20.10 cuts `http://` / `https://` only as
 * written (credentials.ConvertToHostname); docker 28 reads any `scheme://` key as a URL, so a
 * capitalised scheme serves the host too (test/oracle case k10 shows docker 28 sending it).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  convertToHostname,
  convertToHostnameNewer,
  dockerAnswer,
} from '../../../src/credentials/docker-lookup';

describe('docker keys as hosts', () => {
  it('cuts the scheme case-sensitively in 20.10 and as a URL in the current CLI', () => {
    expect(convertToHostname('HTTPS://reg.example:5000')).toBe('HTTPS:');
    expect(convertToHostnameNewer('HTTPS://reg.example:5000')).toBe('reg.example:5000');
    expect(convertToHostnameNewer('https://user@reg.example/v2/')).toBe('reg.example');
    expect(convertToHostnameNewer('reg.example:5000/team')).toBe('reg.example:5000');
  });

  it("gives docker 28's answer beside 20.10's where only the URL reading finds the key", async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-dockerkey-'));
    mkdirSync(join(home, '.docker'));
    const auth = Buffer.from('alice:secret').toString('base64');
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'HTTPS://reg.example:5000': { auth } } }),
    );
    const answer = await dockerAnswer({ HOME: home }, 'reg.example:5000');
    expect(answer.verdict.outcome).toBe('anonymous');
    expect(answer.verdict.newer).toMatchObject({ outcome: 'credential', username: 'alice' });

    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({ auths: { 'https://reg.example:5000': { auth } } }),
    );
    const same = await dockerAnswer({ HOME: home }, 'reg.example:5000');
    expect(same.verdict.outcome).toBe('credential');
    expect(same.verdict.newer).toBeUndefined();
  });

  it('names every login docker may send when several keys stand for the host (Go map order)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-dockerkey-'));
    mkdirSync(join(home, '.docker'));
    const auth = (user: string) => Buffer.from(`${user}:secret`).toString('base64');
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({
        auths: {
          'reg.example:5000/team/sub': { auth: auth('alice') },
          'reg.example:5000/team': { auth: auth('bob') },
        },
      }),
    );
    const answer = await dockerAnswer({ HOME: home }, 'reg.example:5000');
    const said = [answer.verdict.username, ...(answer.verdict.mayInstead ?? [])].sort();
    expect(said).toEqual(['alice', 'bob']);
    expect(answer.problems.map((p) => p.code)).toContain('credentials.ambiguous_auths');

    // An exact key settles it: no randomness, nothing else named.
    writeFileSync(
      join(home, '.docker', 'config.json'),
      JSON.stringify({
        auths: {
          'reg.example:5000': { auth: auth('carol') },
          'reg.example:5000/team': { auth: auth('bob') },
        },
      }),
    );
    const exact = await dockerAnswer({ HOME: home }, 'reg.example:5000');
    expect(exact.verdict.username).toBe('carol');
    expect(exact.verdict.mayInstead).toBeUndefined();
  });
});
