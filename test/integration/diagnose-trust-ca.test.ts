/**
 * The "trust this registry's CA" remedy against the real services (issue 13, point 5): a
 * docker-registry on an address the engine does not treat as insecure (not loopback), serving a
 * certificate from a private CA. The real dockerd refuses the pull (x509); `berth doctor` says
 * `tls` and offers the remedy with the fingerprint openssl prints for the CA; `berth fix` writes
 * /etc/docker/certs.d/<host>/ca.crt; the same `docker pull` then succeeds and Berth's own probe
 * reads healthy; undo removes the file and docker refuses again. Without root, the fix writes
 * nothing there and prints the sudo command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { engineFacingAddress } from '../harness/addresses';
import { describeWithHarness } from '../harness/context';
import { pushBusybox } from '../harness/push-image';
import { shortTempDir } from '../harness/processes';
import { makePrivateCa, startTlsRegistry } from '../harness/tls-registry';
import type { PrivateCa, TlsRegistry } from '../harness/tls-registry';
import { berth, BIN } from './berth-cli';

describeWithHarness('remedy: trust the CA a registry presents, in the engine’s certs.d', (h) => {
  const dir = shortTempDir('bca-');
  const home = join(dir.path, 'home');
  let ca: PrivateCa;
  let registry: TlsRegistry;
  let image: string;
  let caFile: string;
  const env = () => ({
    DOCKER_HOST: h.dockerHost,
    HOME: home,
    BERTH_HOME: home,
    DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
  });
  const docker = (...args: string[]) =>
    spawnSync('docker', ['--host', h.dockerHost, ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'ca'));
    mkdirSync(home);
    const address = engineFacingAddress();
    ca = makePrivateCa(join(dir.path, 'ca'), [address]);
    // The full chain, as most servers send it: leaf, then the private CA.
    const chain = join(dir.path, 'ca', 'fullchain.cert');
    writeFileSync(chain, readFileSync(ca.serverCert, 'utf8') + readFileSync(ca.caCert, 'utf8'));
    registry = await startTlsRegistry(ca, false, address, chain);
    image = `${registry.host}/team/ca:1`;
    caFile = `/etc/docker/certs.d/${registry.host}/ca.crt`;
    expect(existsSync(caFile)).toBe(false);
    pushBusybox(h.dockerHost, image);
  });
  afterAll(async () => {
    if (existsSync(caFile)) execFileSync('rm', ['-rf', `/etc/docker/certs.d/${registry.host}`]);
    docker('image', 'rm', image);
    await registry?.stop();
    dir.remove();
  });

  it('docker refuses, the doctor offers the CA by its fingerprint, the fix makes the pull work, undo takes it back', async () => {
    const refused = docker('pull', image);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/x509|certificate/);

    const doctor = await berth(['doctor', image, '--json'], env());
    const d = JSON.parse(doctor.stdout) as Diagnosis;
    expect(d.cause).toBe('tls');
    const remedy = d.remedies?.find((r) => r.kind === 'trust-ca');
    // openssl is the oracle for the fingerprint the preview names.
    const fingerprint = execFileSync(
      'openssl',
      ['x509', '-noout', '-fingerprint', '-sha256', '-in', ca.caCert],
      { encoding: 'utf8' },
    )
      .trim()
      .replace(/^.*Fingerprint=/, '');
    expect(remedy?.changes.join('\n')).toContain(fingerprint);
    expect(remedy?.changes.join('\n')).toContain(caFile);
    expect(remedy?.changes.join('\n')).toContain('the self-signed certificate');

    const fixed = await berth(['fix', remedy?.id ?? '', '--yes', '--json'], env());
    expect(fixed.code, fixed.stderr).toBe(0);
    const outcome = JSON.parse(fixed.stdout) as { applied: boolean; undo: string };
    expect(outcome.applied).toBe(true);
    // What was written is the CA itself, byte for byte the PEM openssl made.
    expect(readFileSync(caFile, 'utf8').trim()).toBe(readFileSync(ca.caCert, 'utf8').trim());

    const pulled = docker('pull', image);
    expect(pulled.status, pulled.stderr).toBe(0);
    const healthy = JSON.parse(
      (await berth(['doctor', image, '--json'], env())).stdout,
    ) as Diagnosis;
    expect(healthy.summary).toMatch(/^Healthy/);
    expect(healthy.steps.filter((step) => !step.ok)).toEqual([]);
    expect(healthy.steps.find((step) => step.name === 'connection')?.detail).toContain(caFile);

    const undone = await berth(['fix', outcome.undo, '--yes', '--json'], env());
    expect(undone.code, undone.stderr).toBe(0);
    expect(existsSync(caFile)).toBe(false);
    expect(existsSync(`/etc/docker/certs.d/${registry.host}`)).toBe(false);
    docker('image', 'rm', image);
    expect(docker('pull', image).status).not.toBe(0);
  });

  it('without root it writes nothing in certs.d and says the sudo command that would', async () => {
    const doctor = await berth(['doctor', image, '--json'], env());
    const remedy = (JSON.parse(doctor.stdout) as Diagnosis).remedies?.find(
      (r) => r.kind === 'trust-ca',
    );
    const nobodyHome = join(dir.path, 'nobody');
    mkdirSync(nobodyHome);
    chmodSync(nobodyHome, 0o777);
    chmodSync(dir.path, 0o755);
    const run = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        BIN,
        'fix',
        remedy?.id ?? '',
        '--yes',
        '--json',
      ],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: nobodyHome, BERTH_HOME: nobodyHome },
      },
    );
    expect(run.status).not.toBe(0);
    const error = JSON.parse(run.stdout || run.stderr) as {
      error: { code: string; message: string; hint: string };
    };
    expect(error.error.code).toBe('fix.needs_root');
    expect(error.error.hint).toContain(`sudo install -D -m 0644 ${nobodyHome}/certificates/`);
    expect(error.error.hint).toContain(caFile);
    expect(existsSync(caFile)).toBe(false);
  });
});
