/**
 * The fallback for wordings no rule knows (src/diagnose/generic-evidence.ts). Each text below is
 * worded as no rule in message-rules.ts is: the test first proves no rule fires on it, so what
 * decides is the generic evidence (a status code, a reason phrase, a network word) and the host.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage, normalize } from '../../../src/diagnose/classify-message';
import { readGenericEvidence } from '../../../src/diagnose/generic-evidence';
import { MESSAGE_RULES } from '../../../src/diagnose/message-rules';
import { readMessage } from '../../../src/diagnose/read-message';
import type { PullCause } from '../../../src/shared/pull-causes';

function noRuleFires(text: string): boolean {
  const normalized = normalize(text);
  return MESSAGE_RULES.every((rule) => rule.cause === 'unknown' || !rule.pattern.test(normalized));
}

describe('the generic-evidence fallback', () => {
  it.each([
    ['no_credentials', 'pull of registry.corp.example/team/app failed: server replied 401'],
    ['insufficient_scope', 'fetch manifest from registry.corp.example/team/app: HTTP 403'],
    ['repo_not_found', 'skopeo-like: GET registry.corp.example team/app -> status code 404'],
    ['tag_not_found', 'could not pull: tag "9.9" unknown to registry.corp.example/team/app'],
    ['rate_limited', 'pull failed: registry says Too Many Requests, retry in 60s'],
    ['registry_error', 'pull failed: server returned 503 while fetching team/app'],
    ['proxy', 'pull failed: the corporate proxy wants credentials (HTTP 407)'],
    ['tls', 'pull failed: certificate presented by registry.corp.example is not trusted'],
    ['dns', 'pull failed: getaddrinfo for registry.corp.example returned nothing'],
    ['timeout', 'pull failed after 30s: deadline exceeded talking to registry.corp.example'],
    ['unreachable', 'pull failed: ECONNREFUSED 10.0.0.5:5000'],
    ['expired_credentials', 'pull failed: the stored password expired on 2026-11-30'],
    ['platform_mismatch', 'pull failed: architecture arm64 not supported by this image'],
    ['invalid_manifest', 'pull failed: media type application/x-foo is not supported here'],
    ['daemon_down', 'pull failed: the Docker daemon is not running'],
  ] as const)('reads %s from “%s”', (want: PullCause, text) => {
    expect(noRuleFires(text), 'a rule already knows this wording').toBe(true);
    const classification = classifyMessage(text);
    expect(classification.ruleId).toMatch(/^generic-/);
    expect(classification.cause).toBe(want);
    expect(normalize(text)).toContain(classification.evidence);
  });

  it('lets the most specific evidence lead, not the most repeated', () => {
    // A resolver named as failing explains the timeout and the refusal after it.
    expect(
      readGenericEvidence('cannot fetch: lookup reg.corp on 10.0.0.2:53: timeout, refused')?.cause,
    ).toBe('dns');
    // Platform words explain the "not found" containerd ends its platform error with.
    expect(readGenericEvidence('no image for platform linux/s390x: not found')?.cause).toBe(
      'platform_mismatch',
    );
    // A "TLS handshake timeout" is a timeout first.
    expect(readGenericEvidence('pull stalled: TLS handshake timeout')?.cause).toBe('timeout');
  });

  it('takes no evidence from the words of a wrapper: gRPC’s code, distribution’s "unknown:"', () => {
    // "code = Unknown" is the CRI's transport code; the 403 inside is the registry's answer.
    expect(
      readGenericEvidence(
        'Failed to pull image "registry.corp.example/team/app:2": rpc error: code = Unknown desc = pull failed: 403 (permission denied)',
      )?.cause,
    ).toBe('insufficient_scope');
    // "unknown:" is distribution's catch-all code and "name unknown" names the repository.
    expect(
      readGenericEvidence('reading manifest 2 in registry.corp.example/team/ap: name unknown')
        ?.cause,
    ).toBe('repo_not_found');
    expect(
      readGenericEvidence('GET /v2/team/app/manifests/2: unknown: project team was deleted')?.cause,
    ).not.toBe('tag_not_found');
  });

  it("keeps gRPC's NotFound, containerd's ErrNotFound, when the paste is cut before the resolver's words", () => {
    const cut = (code: string) =>
      readGenericEvidence(
        `Failed to pull image "registry.corp.example/team/app:2": rpc error: code = ${code} desc = failed to pull and unpack image "registry.corp.example/team/app:2"`,
      );
    expect(cut('NotFound')?.cause).toBe('repo_not_found');
    expect(cut('NotFound')?.alternatives).toContain('tag_not_found');
    expect(cut('Unknown')).toBeNull();
  });

  it("reads docker-modem's engine 5xx (dockerode, Kitematic) as a wrapper, not the registry's", () => {
    const text =
      '(HTTP code 500) server error - {"message":"Get https://registry-1.docker.io/v2/: EOF"} ';
    expect(readGenericEvidence(normalize(text))?.cause).toBe('unreachable');
  });

  it("reads a status the engine's API returned as a wrapper, so the words inside decide", () => {
    const text =
      'docker.errors.APIError: 500 Server Error for http+docker://localhost/v1.45/images/create?fromImage=team%2Fapp: ("registry said: token has expired")';
    expect(readGenericEvidence(normalize(text))?.cause).toBe('expired_credentials');
  });

  it('lets the host break a "denied" tie, as it does for a rule', () => {
    const denied = (host: string) =>
      `Failed to pull image "${host}/team/app:1.0": the registry answered 403 (access denied)`;
    expect(noRuleFires(denied('registry.corp.example'))).toBe(true);
    // A private registry's refusal wants a login; with one stored, a login that may read it.
    expect(readMessage(denied('registry.corp.example')).cause).toBe('no_credentials');
    expect(
      readMessage(denied('registry.corp.example'), { credentialStored: () => true }).cause,
    ).toBe('insufficient_scope');
    // A library/ name on Docker Hub is public to all: a refusal means there is no such image.
    expect(
      readMessage('Failed to pull image "docker.io/library/nosuchthing:1": HTTP 401').cause,
    ).toBe('repo_not_found');
  });

  it('answers nothing for text without evidence, or for a local unpacking failure', () => {
    expect(readGenericEvidence('The quick brown fox jumps over the lazy dog.')).toBeNull();
    expect(
      readGenericEvidence('failed to register layer: ApplyLayer exit status 1: unexpected EOF'),
    ).toBeNull();
    expect(classifyMessage('something went wrong').cause).toBe('unknown');
  });

  it("reads a permission the operating system denied as local, never as a registry's refusal", () => {
    // EACCES as Go's os errors, Python's OSError and Node print it: no registry was asked.
    for (const text of [
      'open /home/dev/.docker/config.json: permission denied',
      'PermissionError: [Errno 13] Permission denied',
      "Error: EACCES: permission denied, open '/home/dev/.docker/config.json'",
    ])
      expect(readGenericEvidence(normalize(text)), text).toBeNull();
    // Through docker-py's socket transport, it is the engine this user may not reach.
    const traceback =
      'File "docker/transport/unixconn.py", line 43, in connect\nPermissionError: [Errno 13] Permission denied';
    expect(readGenericEvidence(normalize(traceback))?.cause).toBe('daemon_down');
    // A registry's own refusal still reads as one.
    expect(readGenericEvidence('GET /v2/team/app/manifests/1: permission denied')?.cause).toBe(
      'insufficient_scope',
    );
  });

  it('alone, with no rule and no host, reads most of the engines’ own wordings right', () => {
    // A floor, measured on 2026-12-03 (202/307 of source-wordings.tsv's text-only rows): what
    // a wording no rule was written for can expect, before the host breaks its ties. 0.649 on
    // 2026-12-05, when 4 rows only a rule can read were added (GitLab Runner's job token, ECR
    // Public's 403, containerd's two diff-ID checks: their words say "denied", "403" or nothing
    // the fallback knows), the floor set just under it.
    const rows = readFileSync(
      join(__dirname, '..', '..', 'fixtures', 'diagnose', 'source-wordings.tsv'),
      'utf8',
    )
      .split('\n')
      .map((line) => line.split('\t'))
      .filter(
        ([cause, context, text]) =>
          cause && !cause.startsWith('#') && cause !== 'cause' && context === '-' && text,
      );
    const right = rows.filter(
      ([cause, , text]) =>
        (readGenericEvidence(normalize(text ?? ''))?.cause ?? 'unknown') === cause,
    ).length;
    expect(rows.length).toBeGreaterThan(250);
    expect(right / rows.length).toBeGreaterThanOrEqual(0.645);
  });
});
