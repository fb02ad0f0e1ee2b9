import { describe, expect, it } from 'vitest';
import { csvField, filterEntries, toCsv } from '../../../src/shared/ledger-export';
import type { PullEntry } from '../../../src/shared/ledger';

const entry = (overrides: Partial<PullEntry>): PullEntry => ({
  id: 'e',
  kind: 'pull',
  time: '2026-03-01T10:00:00.000Z',
  reference: '127.0.0.1:5000/team/flows:1',
  digest: `sha256:${'a'.repeat(64)}`,
  platform: 'linux/amd64',
  credentialSource: 'Berth (OS keychain)',
  durationMs: 10,
  bytes: 20,
  result: 'success',
  cause: null,
  message: null,
  ...overrides,
});

const entries = [
  entry({ id: 'flows' }),
  entry({
    id: 'nginx',
    reference: 'docker.io/library/nginx:latest',
    credentialSource: 'anonymous',
    result: 'failed',
    digest: null,
    cause: 'pull.failed',
    message: 'toomanyrequests: You have reached your pull rate limit',
  }),
  entry({ id: 'app', reference: 'ghcr.io/org/app:2', result: 'cancelled', digest: null }),
];

describe('filtering the ledger', () => {
  it('matches text in the reference, source, cause or message, ignoring case', () => {
    const ids = (text: string) => filterEntries(entries, { text }).map((e) => e.id);
    expect(ids('NGINX')).toEqual(['nginx']);
    expect(ids('rate limit')).toEqual(['nginx']);
    expect(ids('keychain')).toEqual(['flows', 'app']);
    expect(ids('sha256:aaaa')).toEqual(['flows']);
    expect(ids('  ')).toEqual(['flows', 'nginx', 'app']);
  });

  it('filters by result, alone or with text', () => {
    expect(filterEntries(entries, { result: 'cancelled' }).map((e) => e.id)).toEqual(['app']);
    expect(filterEntries(entries, { result: 'success', text: 'nginx' })).toEqual([]);
  });
});

describe('CSV export', () => {
  it('quotes only fields with a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('writes a header and one CRLF-terminated record per entry', () => {
    const csv = toCsv([
      entry({ id: 'x', message: 'denied: "team/flows", try again,\nlater', result: 'failed' }),
    ]);
    expect(csv).toBe(
      'id,kind,time,reference,digest,platform,credentialSource,durationMs,bytes,result,cause,message\r\n' +
        `x,pull,2026-03-01T10:00:00.000Z,127.0.0.1:5000/team/flows:1,sha256:${'a'.repeat(64)},linux/amd64,Berth (OS keychain),10,20,failed,,` +
        '"denied: ""team/flows"", try again,\nlater"\r\n',
    );
  });

  it('writes only the header for no entries', () => {
    expect(toCsv([]).split('\r\n')).toHaveLength(2);
  });
});
