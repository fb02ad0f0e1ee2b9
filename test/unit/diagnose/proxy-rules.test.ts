/**
 * The engine's proxy decision (src/diagnose/proxy-rules.ts) against Go's own test table:
 * golang.org/x/net/http/httpproxy proxy_test.go, UseProxyTests with its noProxy list,
 * TestInvalidNoProxy and TestAllNoProxy (each host is asked as host:80, as there). Go is not
 * installed here, so the table is transcribed; the rules it checks are cited in proxy-rules.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  noProxyMatch,
  proxyFor,
  proxyVariable,
  redactProxy,
  withNoProxyHost,
} from '../../../src/diagnose/proxy-rules';

const GO_NO_PROXY =
  'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';

/** [host, whether the proxy is used] — UseProxyTests, in Go's order. */
const USE_PROXY_TESTS: [string, boolean][] = [
  ['localhost', false],
  ['127.0.0.1', false],
  ['127.0.0.2', false],
  ['[::1]', false],
  ['[::2]', true],
  ['192.168.1.1', false],
  ['192.168.1.2', true],
  ['192.168.1.3', false],
  ['192.168.1.4', true],
  ['10.0.0.2', false],
  ['[2001:db8::52:0:1]', false],
  ['[2001:db8::52:0:2]', true],
  ['[2001:db8::52:0:3]', false],
  ['[2002:db8:a::123]', false],
  ['[fe80::424b:c8be:1643:a1b6]', true],
  ['barbaz.net', true],
  ['www.barbaz.net', false],
  ['foobar.com', false],
  ['www.foobar.com', false],
  ['foofoobar.com', true],
  ['baz.com', true],
  ['localhost.net', true],
  ['local.localhost', true],
  ['barbarbaz.net', true],
  ['wildcard.io', true],
  ['nested.wildcard.io', false],
  ['awildcard.io', true],
];

const env = (noProxy: string) => ({ HTTP_PROXY: 'http://proxy.example.org', NO_PROXY: noProxy });

describe('proxyFor follows Go httpproxy', () => {
  it.each(USE_PROXY_TESTS)('UseProxyTests: %s:80 uses the proxy: %s', (host, use) => {
    const decision = proxyFor(env(GO_NO_PROXY), 'http', `${host}:80`);
    expect(decision.proxy !== null).toBe(use);
  });

  it('TestAllNoProxy: "*" spares every host', () => {
    for (const [host] of USE_PROXY_TESTS) {
      expect(proxyFor(env('*'), 'http', `${host}:80`).proxy).toBeNull();
    }
  });

  it('TestInvalidNoProxy: ":1" is ignored, the proxy is used', () => {
    expect(proxyFor(env(':1'), 'http', 'example.com:80').proxy).toBe('http://proxy.example.org');
  });

  it('says which entry spared the host and which variable named the proxy', () => {
    const d = proxyFor(
      { https_proxy: 'http://p:3128', no_proxy: 'a.example, .corp.example' },
      'https',
      'registry.corp.example:5000',
    );
    expect(d).toEqual({
      proxy: null,
      variable: 'https_proxy',
      bypass: { reason: 'no_proxy', variable: 'no_proxy', entry: '.corp.example' },
    });
    // The port of a registry decides an entry with a port; https defaults to 443.
    expect(noProxyMatch('10.1.2.3', '443', '10.1.2.3:5000')).toBeNull();
    expect(noProxyMatch('10.1.2.3', '5000', '10.1.2.3:5000')).toBe('10.1.2.3:5000');
  });

  it('reads upper case first and treats an empty value as unset (getEnvAny)', () => {
    expect(proxyVariable({ HTTPS_PROXY: '', https_proxy: 'http://low:1' }, 'https')).toEqual({
      name: 'https_proxy',
      value: 'http://low:1',
    });
    expect(
      proxyVariable({ HTTPS_PROXY: 'http://up:1', https_proxy: 'http://low:1' }, 'https'),
    ).toEqual({ name: 'HTTPS_PROXY', value: 'http://up:1' });
    // https requests use HTTPS_PROXY only: HTTP_PROXY does not stand in for it.
    expect(proxyFor({ HTTP_PROXY: 'http://p:1' }, 'https', 'r.example').proxy).toBeNull();
  });

  it('redacts credentials wherever a proxy URL appears', () => {
    expect(redactProxy('+ "https-proxy": "http://me:p%40ss@proxy.corp:3128"')).toBe(
      '+ "https-proxy": "http://***@proxy.corp:3128"',
    );
    expect(redactProxy('Environment="HTTPS_PROXY=me:secret@proxy.corp:3128"')).toBe(
      'Environment="HTTPS_PROXY=***@proxy.corp:3128"',
    );
    expect(redactProxy('localhost,.corp,10.0.0.0/8')).toBe('localhost,.corp,10.0.0.0/8');
    const d = proxyFor({ HTTPS_PROXY: 'http://me:secret@proxy.corp:3128' }, 'https', 'r.example');
    expect(d.proxy).toBe('http://***@proxy.corp:3128');
    expect(JSON.stringify(d)).not.toContain('secret');
  });

  it('adds a registry to NO_PROXY by name (no port), once', () => {
    expect(withNoProxyHost('localhost, .corp', '10.0.0.5:5000')).toBe('localhost,.corp,10.0.0.5');
    expect(withNoProxyHost('10.0.0.5', '10.0.0.5:5000')).toBe('10.0.0.5');
    expect(withNoProxyHost('', '[fd00::1]:5000')).toBe('fd00::1');
    // What was added really spares the registry under Go's rules.
    expect(noProxyMatch('10.0.0.5', '5000', withNoProxyHost('', '10.0.0.5:5000'))).toBe('10.0.0.5');
  });
});
