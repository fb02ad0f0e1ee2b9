import { describe, expect, it } from 'vitest';
import { plaintextRemoteEngine } from '../../../src/pull/plaintext-engine';
import type { EngineEndpoint } from '../../../src/shared/contract';

const endpoint = (address: string, kind: EngineEndpoint['kind'], tls = false): EngineEndpoint => ({
  kind,
  address,
  source: 'DOCKER_HOST',
  tls,
});

describe('which engines a password would reach in clear text', () => {
  it.each<[string, EngineEndpoint['kind'], boolean, boolean]>([
    ['tcp://10.0.0.5:2375', 'tcp', false, true],
    ['tcp://build-box.corp.example:2375', 'tcp', false, true],
    ['tcp://[2001:db8::5]:2375', 'tcp', false, true],
    ['tcp://10.0.0.5:2376', 'tcp', true, false],
    ['tcp://127.0.0.1:2375', 'tcp', false, false],
    ['tcp://127.1.2.3:2375', 'tcp', false, false],
    ['tcp://localhost:2375', 'tcp', false, false],
    ['tcp://[::1]:2375', 'tcp', false, false],
    ['unix:///var/run/docker.sock', 'unix', false, false],
    ['ssh://me@10.0.0.5', 'ssh', false, false],
    ['npipe:////./pipe/docker_engine', 'npipe', false, false],
  ])('%s (%s, tls %s): plain remote %s', (address, kind, tls, expected) => {
    expect(plaintextRemoteEngine(endpoint(address, kind, tls))).toBe(expected ? address : null);
  });
});
