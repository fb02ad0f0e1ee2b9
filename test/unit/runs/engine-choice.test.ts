import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineForContext, engineLabel, listEngineChoices } from '../../../src/runs/engine-choice';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

/** A context store laid out as `docker context create` writes it. */
function contextStore(
  contexts: { name: string; host: string; description?: string; tls?: boolean }[],
  current?: string,
): string {
  const config = tempDir('berth-contexts-');
  for (const c of contexts) {
    const id = createHash('sha256').update(c.name).digest('hex');
    mkdirSync(join(config, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(config, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: c.name,
        Metadata: { Description: c.description ?? '' },
        Endpoints: { docker: { Host: c.host, SkipTLSVerify: false } },
      }),
    );
    if (c.tls) {
      const tls = join(config, 'contexts', 'tls', id, 'docker');
      mkdirSync(tls, { recursive: true });
      for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tls, file), 'x');
    }
  }
  if (current)
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: current }));
  return config;
}

const STORE = [
  { name: 'remote', host: 'tcp://10.0.0.5:2376', description: 'build box', tls: true },
  { name: 'colima', host: 'unix:///home/me/.colima/docker.sock' },
  { name: 'pi', host: 'ssh://me@pi.local' },
];

describe('the engines a run may use', () => {
  it('lists default first, then every context by name, with address, TLS and description', () => {
    const config = contextStore(STORE, 'colima');
    const choices = listEngineChoices({ DOCKER_CONFIG: config }, 'linux');
    expect(choices).toEqual([
      {
        name: 'default',
        address: 'unix:///var/run/docker.sock',
        tls: false,
        current: false,
        description: 'The default socket',
      },
      {
        name: 'colima',
        address: 'unix:///home/me/.colima/docker.sock',
        tls: false,
        current: true,
        description: null,
      },
      { name: 'pi', address: 'ssh://me@pi.local', tls: false, current: false, description: null },
      {
        name: 'remote',
        address: 'tcp://10.0.0.5:2376',
        tls: true,
        current: false,
        description: 'build box',
      },
    ]);
  });

  it('makes default the current one when DOCKER_HOST is set, as the docker CLI does', () => {
    const config = contextStore(STORE, 'colima');
    const choices = listEngineChoices(
      { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      'linux',
    );
    expect(choices[0]).toMatchObject({
      name: 'default',
      address: 'tcp://127.0.0.1:2375',
      current: true,
    });
    expect(choices.filter((c) => c.current)).toHaveLength(1);
  });

  it('creates an engine for a named context even when DOCKER_HOST points elsewhere', () => {
    const config = contextStore(STORE);
    const env = { DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///tmp/other.sock' };
    const engine = engineForContext(env, 'remote');
    expect(engine.endpoint).toMatchObject({
      address: 'tcp://10.0.0.5:2376',
      tls: true,
      context: 'remote',
    });
    expect(engineLabel(engine, 'remote')).toBe('remote');
    expect(engineForContext(env, 'default').endpoint.address).toBe('unix:///tmp/other.sock');
  });

  it('refuses a context the store does not have, naming it', () => {
    const config = contextStore(STORE);
    expect(() => engineForContext({ DOCKER_CONFIG: config }, 'nope')).toThrow(
      /no docker context named "nope"/,
    );
  });
});
