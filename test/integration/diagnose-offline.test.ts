/**
 * A machine with no network, and one whose resolver is dead, seen by the live probe (issue 13:
 * "offline", and every probe step mapping to its own cause). Each case runs in a fresh network
 * namespace (`unshare -n`, root): loopback down is a laptop with no network at all; loopback up
 * with nothing else is a machine with no route out; a resolv.conf bind-mounted in its own mount
 * namespace points the resolver at a port where nothing listens.
 *
 * skopeo is the oracle: containers/image dials as the engines do (Go's net), in the same
 * namespace, and what it prints is read by the Doctor's message rules. The live probe, which
 * sees the failure itself, must name the same cause.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { BIN } from './berth-cli';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
if (!isRoot && !process.env.CI) console.warn('SKIPPED: a network namespace needs root');

interface Namespace {
  /** Bring loopback up (a machine with no route out, rather than no network at all). */
  loopback: boolean;
  /** A resolv.conf to bind over /etc/resolv.conf inside the namespace. */
  resolvConf?: string;
  /** A hosts file to bind over /etc/hosts (a name that resolves without DNS). */
  hosts?: string;
}

/** Runs argv in a new network (and mount) namespace; resolves with its exit code and output. */
async function inNamespace(
  ns: Namespace,
  argv: string[],
): Promise<{ code: number; out: string; err: string }> {
  const script = [
    'set -e',
    ns.loopback ? 'ip link set lo up' : ':',
    ns.resolvConf ? 'mount --bind "$RESOLV" /etc/resolv.conf' : ':',
    ns.hosts ? 'mount --bind "$HOSTS" /etc/hosts' : ':',
    'exec "$@"',
  ].join('; ');
  const home = mkdtempSync(join(tmpdir(), 'berth-offline-'));
  try {
    const { stdout, stderr } = await run(
      'unshare',
      ['-n', '-m', 'sh', '-c', script, 'sh', ...argv],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          BERTH_HOME: home,
          RESOLV: ns.resolvConf ?? '',
          HOSTS: ns.hosts ?? '',
        },
        timeout: 60_000,
      },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof x.code === 'number' ? x.code : -1,
      out: x.stdout ?? '',
      err: x.stderr ?? '',
    };
  }
}

/** What skopeo says in that namespace, and the Doctor's reading of it (offline, no probe). */
async function skopeoSays(
  ns: Namespace,
  image: string,
): Promise<{ text: string; reading: Diagnosis }> {
  const s = await inNamespace(ns, ['skopeo', 'inspect', '--retry-times', '0', `docker://${image}`]);
  expect(s.code).not.toBe(0);
  const text = s.err.trim();
  const read = await inNamespace({ loopback: false }, [
    process.execPath,
    BIN,
    'doctor',
    '--message',
    text,
    '--json',
  ]);
  return { text, reading: JSON.parse(read.out) as Diagnosis };
}

/** The live probe, run in that namespace. */
async function probe(ns: Namespace, image: string): Promise<Diagnosis> {
  const p = await inNamespace(ns, [process.execPath, BIN, 'doctor', image, '--json']);
  expect(p.out, p.err).toContain('"cause"');
  return JSON.parse(p.out) as Diagnosis;
}

const stepOf = (d: Diagnosis, name: string) => d.steps.find((s) => s.name === name);

/** skopeo's words in that namespace, read as `cause`; then the live probe, which must agree. */
async function bothSay(
  ns: Namespace,
  image: string,
  said: RegExp,
  cause: Diagnosis['cause'],
): Promise<{ oracle: Diagnosis; live: Diagnosis }> {
  const oracle = await skopeoSays(ns, image);
  expect(oracle.text).toMatch(said);
  expect(oracle.reading.cause).toBe(cause);
  const live = await probe(ns, image);
  expect(live.cause).toBe(oracle.reading.cause);
  return { oracle: oracle.reading, live };
}

/** A file in a temp folder of its own, to bind over one in /etc. */
function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-netns-')), name);
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!isRoot && !process.env.CI)(
  'a machine with no network, and a dead resolver',
  () => {
    it('no network at all: skopeo cannot reach the resolver; the probe says offline, not "fix your DNS"', async () => {
      const { live } = await bothSay(
        { loopback: false },
        'docker.io/library/alpine:latest',
        /dial udp .*:53: connect: network is unreachable/,
        'offline',
      );
      const dns = stepOf(live, 'dns');
      expect(dns?.ok).toBe(false);
      expect(dns?.detail).toMatch(/no route to the DNS server/);
      expect(live.fix[0]).toMatch(/^This machine cannot reach docker\.io/);
      // Nothing after DNS could run: no TCP step, no registry step.
      expect(stepOf(live, 'tcp')).toBeUndefined();
    });

    it('a resolver that refuses: skopeo names it; the probe says dns and names the server it asked', async () => {
      // Port 53 on loopback, where nothing listens in a fresh namespace: the query is refused.
      const resolvConf = tempFile('resolv.conf', 'nameserver 127.0.0.1\n');
      const { live } = await bothSay(
        { loopback: true, resolvConf },
        'docker.io/library/alpine:latest',
        /lookup registry-1\.docker\.io on 127\.0\.0\.1:53/,
        'dns',
      );
      expect(stepOf(live, 'dns')?.detail).toContain('DNS server 127.0.0.1:53');
    });

    it('no route to a private registry’s address: both read a network not connected (unreachable), with the address to check', async () => {
      // TEST-NET-3 (RFC 5737): an address that needs no lookup and has no route in the namespace.
      const { oracle, live } = await bothSay(
        { loopback: true },
        '203.0.113.7:5000/team/app:1.0',
        /dial tcp 203\.0\.113\.7:5000: connect: network is unreachable/,
        'unreachable',
      );
      expect(oracle.fix.join('\n')).toContain('ip route get 203.0.113.7');
      expect(stepOf(live, 'tcp')?.detail).toMatch(/ENETUNREACH \(no route to 203\.0\.113\.7\)/);
      expect(live.fix).toEqual(oracle.fix);
    });

    it('no route to a public registry’s address: both read no network (offline)', async () => {
      // Docker Hub's name resolves (from /etc/hosts) to an address the namespace has no route to:
      // DNS works, the packet has nowhere to go.
      const hosts = tempFile('hosts', '127.0.0.1 localhost\n203.0.113.7 registry-1.docker.io\n');
      const { live } = await bothSay(
        { loopback: true, hosts },
        'docker.io/library/alpine:latest',
        /dial tcp 203\.0\.113\.7:443: connect: network is unreachable/,
        'offline',
      );
      expect(stepOf(live, 'dns')?.detail).toContain('203.0.113.7');
      expect(stepOf(live, 'tcp')?.ok).toBe(false);
    });
  },
);
