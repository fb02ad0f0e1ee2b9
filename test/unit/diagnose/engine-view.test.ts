import { describe, expect, it } from 'vitest';
import {
  engineAllowsPlainHttp,
  engineViewSteps,
  maskProxy,
  proxyApplies,
} from '../../../src/diagnose/engine-view';
import { toRegistryView } from '../../../src/engine/registry-view';

// The shape of `GET /info` from dockerd 20.10 with one insecure registry, a mirror and a proxy.
const info = {
  RegistryConfig: {
    InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
    IndexConfigs: {
      'docker.io': { Name: 'docker.io', Mirrors: ['https://mirror.example.com/'], Secure: true },
      'registry.lan:5000': { Name: 'registry.lan:5000', Mirrors: [], Secure: false },
    },
    Mirrors: ['https://mirror.example.com/'],
  },
  HttpProxy: '',
  HttpsProxy: 'http://xxxxx:xxxxx@proxy.corp:3128',
  NoProxy: 'localhost,.internal.corp,10.0.0.0/8',
};
const view = toRegistryView(info);

describe("the engine's registry settings", () => {
  it('are read from docker info: insecure CIDRs, registries by name, mirrors and proxy', () => {
    expect(view.insecureCidrs).toEqual(['::1/128', '127.0.0.0/8']);
    expect(view.registries).toContainEqual({
      name: 'registry.lan:5000',
      secure: false,
      mirrors: [],
    });
    expect(view.mirrors).toEqual(['https://mirror.example.com/']);
    expect(view.httpsProxy).toContain('proxy.corp');
  });

  it('allow plain HTTP for loopback and for registries listed as insecure, as moby decides', () => {
    expect(engineAllowsPlainHttp(view, '127.0.0.1:5000', ['127.0.0.1'])).toBe(true);
    expect(engineAllowsPlainHttp(view, 'registry.lan:5000', ['192.168.1.9'])).toBe(true);
    expect(engineAllowsPlainHttp(view, '192.168.1.9:5000', ['192.168.1.9'])).toBe(false);
    expect(engineAllowsPlainHttp(view, '[::1]:5000', ['::1'])).toBe(true);
  });

  it('apply the proxy except to loopback and NO_PROXY hosts, domains and CIDRs', () => {
    expect(proxyApplies('ghcr.io', view.noProxy)).toBe(true);
    expect(proxyApplies('127.0.0.1:5000', view.noProxy)).toBe(false);
    expect(proxyApplies('reg.internal.corp', view.noProxy)).toBe(false);
    expect(proxyApplies('10.1.2.3:5000', view.noProxy)).toBe(false);
    expect(proxyApplies('ghcr.io', '*')).toBe(false);
    // An entry with a port spares only that port (Go's ipMatch/domainMatch).
    expect(proxyApplies('reg.lan:5000', 'reg.lan:5001')).toBe(true);
    expect(proxyApplies('reg.lan:5000', 'reg.lan:5000')).toBe(false);
  });

  it('mask credentials in a proxy address', () => {
    expect(maskProxy('http://user:pa55@proxy:3128')).toBe('http://***@proxy:3128');
  });
});

describe("the probe's engine steps", () => {
  const base = {
    view,
    hostname: '192.168.1.9',
    addresses: ['192.168.1.9'],
    berthProxy: null,
    dockerHub: false,
  };

  it('say when the registry serves plain HTTP but the engine will insist on HTTPS', () => {
    const r = engineViewSteps({ ...base, registry: '192.168.1.9:5000', berthPlainHttp: true });
    expect(r.facts.insecureMissing).toBe(true);
    expect(r.steps[0]).toMatchObject({ name: 'engine insecure registries', ok: false });
  });

  it('name a proxy the engine uses and Berth does not, without its credentials', () => {
    const r = engineViewSteps({
      ...base,
      registry: 'ghcr.io',
      hostname: 'ghcr.io',
      berthPlainHttp: false,
    });
    expect(r.facts.engineOnlyProxy).toBe('http://***@proxy.corp:3128');
    expect(r.steps.find((s) => s.name === 'engine proxy')?.detail).toContain('connects directly');
  });

  it('list the Docker Hub mirrors for Docker Hub images only', () => {
    const hub = engineViewSteps({
      ...base,
      registry: 'docker.io',
      hostname: 'registry-1.docker.io',
      berthPlainHttp: false,
      berthProxy: 'http://xxxxx:xxxxx@proxy.corp:3128',
      dockerHub: true,
    });
    expect(hub.steps.map((s) => s.name)).toEqual(['engine proxy', 'engine mirrors']);
    expect(hub.facts.engineOnlyProxy).toBeNull();
  });

  it('from the engine’s own variables: the one that applies, the drop-in that set it, the NO_PROXY entry that spares a registry', () => {
    const proxyOrigin = {
      env: { https_proxy: 'http://me:secret@proxy.corp:3128', NO_PROXY: '.internal.corp' },
      sources: {
        https_proxy: 'drop-in /etc/systemd/system/docker.service.d/http-proxy.conf',
        NO_PROXY: "the docker unit's environment",
      },
    };
    const through = engineViewSteps({
      ...base,
      registry: 'ghcr.io',
      hostname: 'ghcr.io',
      berthPlainHttp: false,
      proxyOrigin,
    });
    const step = through.steps.find((s) => s.name === 'engine proxy');
    expect(step?.detail).toContain(
      'through http://***@proxy.corp:3128: https_proxy, from drop-in /etc/systemd/system/docker.service.d/http-proxy.conf',
    );
    expect(JSON.stringify(through)).not.toContain('secret');
    expect(through.facts.engineOnlyProxy).toBe('http://***@proxy.corp:3128');

    const spared = engineViewSteps({
      ...base,
      registry: 'reg.internal.corp',
      hostname: 'reg.internal.corp',
      berthPlainHttp: false,
      proxyOrigin,
    });
    expect(spared.steps.find((s) => s.name === 'engine proxy')).toMatchObject({ ok: true });
    expect(spared.steps.find((s) => s.name === 'engine proxy')?.detail).toContain(
      'NO_PROXY entry ".internal.corp"',
    );
    expect(spared.facts.engineOnlyProxy).toBeNull();
  });

  it('say when Berth goes through a proxy and the engine has none', () => {
    const r = engineViewSteps({
      ...base,
      registry: 'ghcr.io',
      hostname: 'ghcr.io',
      berthPlainHttp: false,
      berthProxy: 'http://u:p@proxy.corp:3128',
      proxyOrigin: { env: {}, sources: {} },
    });
    expect(r.facts.shellOnlyProxy).toBe('http://***@proxy.corp:3128');
    expect(r.steps.find((s) => s.name === 'engine proxy')).toMatchObject({ ok: false });
    expect(r.steps.find((s) => s.name === 'engine proxy')?.detail).toContain(
      'connects to ghcr.io directly',
    );
  });
});
