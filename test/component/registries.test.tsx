import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App, BerthProvider } from '../../renderer/src';
import type { Screen, TransportKind } from '../../renderer/src';
import type {
  Candidate,
  Explanation,
  ImportEntry,
  ToolVerdict,
} from '../../src/shared/credentials';
import { BerthError } from '../../src/shared/errors';
import { createFakeClient, fakeCredential, fakeRegistries, loginReport } from './fake-client';
import type { FakeRegistriesOptions } from './fake-client';
import { engineUp } from './fixtures';
import { setUpComponentDom } from './harness';

setUpComponentDom();

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

function setUp(
  options: FakeRegistriesOptions = {},
  {
    transport = 'http',
    screen: initial = 'registries',
  }: { transport?: TransportKind; screen?: Screen } = {},
) {
  const backend = fakeRegistries(options);
  const fake = createFakeClient({ 'engine.status': () => engineUp(), ...backend.handlers });
  render(
    <BerthProvider client={fake.client} initialScreen={initial} transport={transport}>
      <App />
    </BerthProvider>,
  );
  return { fake, backend };
}

const click = (element: HTMLElement) =>
  act(async () => {
    fireEvent.click(element);
  });
const type = (element: HTMLElement, value: string) =>
  act(async () => {
    fireEvent.change(element, { target: { value } });
  });
const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

async function rowFor(host: string, username?: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('cred-row');
  const row = rows.find(
    (r) =>
      within(r).getByTestId('cred-host').textContent === host &&
      (username === undefined || within(r).getByTestId('cred-user').textContent === username),
  );
  if (!row) throw new Error(`No card for ${username ?? ''}@${host}`);
  return row;
}

async function openAddForm() {
  await click(await screen.findByTestId('registries-add'));
  return screen.findByTestId('cred-form');
}

const ghcr = fakeCredential({
  id: 'gh',
  registry: 'ghcr.io',
  username: 'octocat',
  patterns: ['ghcr.io/acme/*'],
  verification: { at: at(-3 * HOUR), ok: true },
});

describe('Registries: the list', () => {
  it('shows host, user, patterns, the stored secret length and the last test, and marks unverified ones', async () => {
    setUp({
      credentials: [
        ghcr,
        fakeCredential({
          id: 'local',
          registry: '127.0.0.1:5000',
          username: 'ci',
          preset: 'generic',
          secret: { stored: true, length: 12, setAt: at(-5 * HOUR) },
          verification: {
            at: at(-2 * HOUR),
            ok: false,
            failedStep: 'authenticate',
            message: 'Wrong password',
          },
        }),
        fakeCredential({
          id: 'hub',
          registry: 'docker.io',
          username: 'me',
          preset: 'dockerhub',
          verification: null,
        }),
      ],
      warning: {
        code: 'credentials.metadata_unreadable',
        message: 'registries.json could not be read; it was kept aside as registries.json.broken.',
        hint: 'Add the lost credentials again; their secrets are still in the OS keychain.',
      },
    });

    const verified = await rowFor('ghcr.io');
    expect(verified.dataset['unverified']).toBe('false');
    expect(verified.textContent).toContain('ghcr.io/acme/*');
    expect(verified.textContent).toContain('GitHub Container Registry');
    expect(within(verified).getByTestId('cred-secret-summary').textContent).toContain(
      'stored (in the OS keychain)',
    );
    // The secret's length is never shown (issue 15).
    expect(within(verified).getByTestId('cred-secret-summary').textContent).not.toMatch(
      /\d+ characters/,
    );
    expect(within(verified).getByTestId('cred-verification').textContent).toMatch(
      /verified 3 hours ago/,
    );
    expect(within(verified).queryByTestId('cred-unverified')).toBeNull();

    const failed = await rowFor('127.0.0.1:5000');
    expect(within(failed).getByTestId('cred-unverified')).toBeTruthy();
    expect(within(failed).getByTestId('cred-patterns-summary').textContent).toBe(
      'all images on 127.0.0.1:5000',
    );
    expect(within(failed).getByTestId('cred-verification').textContent).toContain(
      'failed at the authenticate step 2 hours ago',
    );

    const never = await rowFor('docker.io');
    expect(within(never).getByTestId('cred-unverified')).toBeTruthy();
    expect(never.textContent).toContain('never tested');

    expect(screen.getByTestId('registries-warning').textContent).toContain('kept aside');
    // No token clock on credentials whose secret does not expire.
    expect(screen.queryAllByTestId('cred-token')).toHaveLength(0);
  });

  it("shows an ECR token's age, and says expired once its 12 hours are up", async () => {
    const ecr = (id: string, issuedHoursAgo: number, registry: string) =>
      fakeCredential({
        id,
        registry,
        username: 'AWS',
        preset: 'ecr',
        secret: { stored: true, length: 2300, setAt: at(-issuedHoursAgo * HOUR) },
        expiresAt: at((12 - issuedHoursAgo) * HOUR + 5 * 60_000),
      });
    setUp({
      credentials: [
        ecr('old', 13, '111111111111.dkr.ecr.eu-west-1.amazonaws.com'),
        ecr('fresh', 1, '222222222222.dkr.ecr.eu-west-1.amazonaws.com'),
        ecr('ending', 11, '333333333333.dkr.ecr.eu-west-1.amazonaws.com'),
      ],
    });

    const old = await rowFor('111111111111.dkr.ecr.eu-west-1.amazonaws.com');
    expect(within(old).getByTestId('cred-expired').textContent).toBe('expired');
    const oldToken = within(old).getByTestId('cred-token');
    expect(oldToken.dataset['state']).toBe('expired');
    expect(oldToken.textContent).toContain('issued 13 hours ago');
    expect(oldToken.textContent).toContain('expired 55 minutes ago');

    const fresh = await rowFor('222222222222.dkr.ecr.eu-west-1.amazonaws.com');
    expect(within(fresh).queryByTestId('cred-expired')).toBeNull();
    expect(within(fresh).queryByTestId('cred-ending')).toBeNull();
    expect(within(fresh).getByTestId('cred-token').textContent).toContain('expires in 11 hours');

    const ending = await rowFor('333333333333.dkr.ecr.eu-west-1.amazonaws.com');
    expect(within(ending).getByTestId('cred-ending').textContent).toBe('expires soon');
    expect(within(ending).getByTestId('cred-token').dataset['state']).toBe('ending');
  });

  it('explains what Berth stores and where when there is nothing yet, and offers add and import', async () => {
    setUp({}, { screen: 'engine' });
    await click(screen.getByTestId('nav-registries'));
    const empty = await screen.findByTestId('registries-empty');
    expect(empty.textContent).toContain('OS keychain');
    expect(empty.textContent).toContain('registries.json');
    await click(within(empty).getByTestId('registries-empty-import'));
    expect(await screen.findByTestId('import-dialog')).toBeTruthy();
  });
});

describe('Registries: the add / edit form', () => {
  it('switches guidance, secret label, docs link and examples with the preset, filling only what the preset fixes', async () => {
    setUp();
    await openAddForm();
    const guidance = () => screen.getByTestId('cred-guidance');
    expect(guidance().dataset['preset']).toBe('generic');
    expect(screen.queryByTestId('cred-docs')).toBeNull();

    await type(screen.getByTestId('cred-preset'), 'ghcr');
    expect(guidance().textContent).toContain('read:packages');
    expect(screen.getByTestId('cred-guidance-secret').textContent).toBe(
      'Personal access token (classic)',
    );
    expect(screen.getByLabelText('Personal access token (classic)')).toBe(input('cred-secret'));
    expect(screen.getByTestId('cred-docs').getAttribute('href')).toContain('docs.github.com');
    expect(input('cred-registry').value).toBe('ghcr.io');
    expect(screen.getByTestId('cred-form').textContent).toContain('ghcr.io/myorg/*');

    // ghcr.io came from the preset, so ECR clears it; ECR's username is AWS.
    await type(screen.getByTestId('cred-preset'), 'ecr');
    expect(input('cred-registry').value).toBe('');
    expect(input('cred-registry').placeholder).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(input('cred-username').value).toBe('AWS');
    // With no host yet, the patterns' empty state reads as a sentence, not a placeholder.
    expect(screen.getByTestId('cred-patterns-all').textContent).toBe(
      'All images on the registry above, once it is filled in.',
    );
    expect(guidance().textContent).toContain('aws ecr get-login-password');
    expect(guidance().textContent).toContain('expires after 12 h');

    await type(screen.getByTestId('cred-preset'), 'gar');
    expect(input('cred-username').value).toBe('oauth2accesstoken');
    expect(input('cred-secret').tagName).toBe('INPUT');
    expect(input('cred-secret').type).toBe('password');
    await click(screen.getByRole('button', { name: '_json_key' }));
    expect(input('cred-username').value).toBe('_json_key');
    expect(screen.getByTestId('cred-secret').tagName).toBe('TEXTAREA');

    // What the user typed is theirs: a preset change keeps it.
    await type(input('cred-username'), 'svc-reader');
    await type(input('cred-registry'), 'europe-docker.pkg.dev');
    await type(screen.getByTestId('cred-preset'), 'jfrog');
    expect(input('cred-username').value).toBe('svc-reader');
    expect(input('cred-registry').value).toBe('europe-docker.pkg.dev');
  });

  it('tests a draft and shows each login step, with the failed one highlighted, its message and what to do', async () => {
    const { fake } = setUp({
      login: (registry) =>
        loginReport(registry, 'token', {
          code: 'registry.insufficient_scope',
          message: 'Your GHCR token lacks read:packages.',
          hint: 'Create a classic token with `read:packages` and update the credential.',
        }),
    });
    await openAddForm();
    await type(screen.getByTestId('cred-preset'), 'ghcr');
    await type(input('cred-username'), 'octocat');
    await type(input('cred-secret'), 'ghp_typed_by_the_user');
    await type(input('cred-sample'), 'ghcr.io/acme/app:1');
    await click(screen.getByTestId('cred-test'));

    const steps = await screen.findByTestId('login-steps');
    expect(fake.callsTo('registries.test')).toEqual([
      {
        draft: { registry: 'ghcr.io', username: 'octocat', secret: 'ghp_typed_by_the_user' },
        sampleImage: 'ghcr.io/acme/app:1',
      },
    ]);
    expect(steps.dataset['ok']).toBe('false');
    expect(steps.textContent).toContain('failed at the token step');

    const token = within(steps).getByTestId('login-step-token');
    expect(token.dataset['failed']).toBe('true');
    expect(token.className).toContain('login-step--failed');
    expect(token.textContent).toContain('✗');
    expect(token.textContent).toContain('Your GHCR token lacks read:packages.');
    expect(within(token).getByText('read:packages', { selector: 'code' })).toBeTruthy();

    for (const name of ['ping', 'challenge']) {
      const row = within(steps).getByTestId(`login-step-${name}`);
      expect(row.dataset['failed']).toBe('false');
      expect(row.textContent).toContain('✓');
    }
    expect(within(steps).getByTestId('login-step-challenge').textContent).toContain('15 ms');
    // The steps after the failure never ran.
    expect(within(steps).queryByTestId('login-step-authenticate')).toBeNull();
    // A test stores nothing.
    expect(fake.callsTo('registries.save')).toEqual([]);
  });

  it('stores nothing when a verified save fails, and Save without verifying stores it marked unverified', async () => {
    const { fake } = setUp({ login: (registry) => loginReport(registry, 'authenticate') });
    await openAddForm();
    await type(input('cred-registry'), '127.0.0.1:5000');
    await type(input('cred-username'), 'ci');
    await type(input('cred-secret'), 'pw-typed');
    await click(screen.getByTestId('cred-pattern-add'));
    await type(screen.getByLabelText('Pattern 1'), '127.0.0.1:5000/team/*');

    await click(screen.getByTestId('cred-save'));
    expect(await screen.findByTestId('cred-not-saved')).toBeTruthy();
    expect(screen.getByTestId('login-step-authenticate').dataset['failed']).toBe('true');
    expect(screen.queryAllByTestId('cred-row')).toHaveLength(0);

    await click(screen.getByTestId('cred-save-unverified'));
    expect(fake.callsTo('registries.save')).toEqual([
      {
        registry: '127.0.0.1:5000',
        username: 'ci',
        secret: 'pw-typed',
        patterns: ['127.0.0.1:5000/team/*'],
        preset: 'generic',
        verify: true,
      },
      {
        registry: '127.0.0.1:5000',
        username: 'ci',
        secret: 'pw-typed',
        patterns: ['127.0.0.1:5000/team/*'],
        preset: 'generic',
        verify: false,
      },
    ]);
    const row = await rowFor('127.0.0.1:5000');
    expect(row.dataset['unverified']).toBe('true');
    expect(within(row).getByTestId('cred-unverified')).toBeTruthy();
    expect(row.textContent).toContain('never tested');
    expect(screen.queryByTestId('cred-form')).toBeNull();
    expect(screen.getByTestId('registries-notice').textContent).toContain('not verified');
  });

  it('never prefills the secret on edit, keeps the stored one when left empty, and no reply carries a secret', async () => {
    const { fake, backend } = setUp({ credentials: [ghcr] });
    backend.keychain.set('gh', 'ghp_the_stored_secret');

    await click(within(await rowFor('ghcr.io')).getByTestId('cred-edit'));
    const secret = input('cred-secret');
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    expect(screen.getByTestId('cred-form').textContent).toContain(
      'Leave empty to keep the stored secret (set',
    );
    expect(input('cred-registry').value).toBe('ghcr.io');
    expect(input('cred-username').value).toBe('octocat');
    expect(screen.getByLabelText('Pattern 1')).toHaveProperty('value', 'ghcr.io/acme/*');

    // Without a new secret, Test login checks the stored credential by id.
    await click(screen.getByTestId('cred-test'));
    expect(fake.callsTo('registries.test')).toEqual([{ id: 'gh' }]);
    await screen.findByTestId('login-steps');

    await click(screen.getByTestId('cred-save'));
    const [saved] = fake.callsTo('registries.save');
    expect(saved).toMatchObject({
      id: 'gh',
      registry: 'ghcr.io',
      username: 'octocat',
      verify: true,
    });
    expect(saved).not.toHaveProperty('secret');
    await screen.findByTestId('registries-notice');

    // Every `secret` that came back is the description (stored, length, set at), never a value.
    const secrets: unknown[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'secret') secrets.push(inner);
          walk(inner);
        }
    };
    fake.replies.forEach((reply) => walk(reply.response));
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      expect(typeof s).toBe('object');
      expect(Object.keys(s as object).sort()).toEqual(['length', 'setAt', 'stored']);
    }
    expect(JSON.stringify(fake.replies)).not.toContain('ghp_the_stored_secret');
    expect(document.body.textContent).not.toContain('ghp_the_stored_secret');
  });

  it("shows the contract's validation errors next to the field they are about", async () => {
    const { fake } = setUp();
    await openAddForm();
    // Checked against the contract before sending: nothing leaves.
    await type(input('cred-registry'), 'https://ghcr.io');
    await type(input('cred-username'), 'octocat');
    await type(input('cred-secret'), 'x');
    await click(screen.getByTestId('cred-save-unverified'));
    expect(fake.callsTo('registries.save')).toEqual([]);
    expect(input('cred-registry').getAttribute('aria-invalid')).toBe('true');
    const registryError = input('cred-registry').getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(registryError.split(' ').at(-1) ?? '')?.textContent).toContain(
      'without https://',
    );

    // The host's refusal (request.invalid with issues) lands on the field too.
    fake.handlers['registries.save'] = () => {
      throw new BerthError('request.invalid', 'Invalid request for registries.save', undefined, {
        issues: [{ path: ['patterns', '0'], message: 'Too long for a pattern' }],
      });
    };
    await type(input('cred-registry'), 'ghcr.io');
    await click(screen.getByTestId('cred-pattern-add'));
    await type(screen.getByLabelText('Pattern 1'), 'ghcr.io/acme/*');
    await click(screen.getByTestId('cred-save-unverified'));
    expect(fake.callsTo('registries.save')).toHaveLength(1);
    expect(within(screen.getByTestId('cred-patterns')).getByRole('alert').textContent).toBe(
      'Too long for a pattern',
    );
    expect(input('cred-registry').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByTestId('cred-form-error')).toBeNull();
  });
});

describe('Registries: remove, explain, import, export', () => {
  it('asks before removing, says the secret leaves the OS keychain, then drops the card', async () => {
    const { fake } = setUp({ credentials: [ghcr] });
    await click(within(await rowFor('ghcr.io')).getByTestId('cred-remove'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('deletes the secret from the OS keychain');
    expect(fake.callsTo('registries.remove')).toEqual([]);
    await click(within(dialog).getByTestId('confirm-ok'));
    expect(fake.callsTo('registries.remove')).toEqual([{ id: 'gh' }]);
    expect(await screen.findByTestId('registries-empty')).toBeTruthy();
  });

  it('shows the chosen credential, why, a conflict between tied patterns, every candidate and the other tools', async () => {
    const candidate = (overrides: Partial<Candidate>): Candidate => ({
      source: 'berth',
      sourceLabel: 'Berth',
      registry: 'ghcr.io',
      username: 'alice',
      pattern: 'ghcr.io/acme/*',
      specificity: 13,
      credentialId: 'a',
      note: 'Matches ghcr.io/acme/*',
      ...overrides,
    });
    const alice = candidate({});
    const bob = candidate({ username: 'bob', credentialId: 'b', note: 'Ties with alice' });
    const docker = candidate({
      source: 'docker-auths',
      sourceLabel: '~/.docker/config.json (auths)',
      username: 'octo-docker',
      pattern: null,
      specificity: null,
      credentialId: null,
      note: 'Docker would send this',
    });
    const explanation: Explanation = {
      image: 'ghcr.io/acme/app:1',
      registry: 'ghcr.io',
      candidates: [alice, bob, docker],
      chosen: alice,
      reason: 'The most specific pattern wins; alice and bob tie, the newest is used.',
      conflict: [alice, bob],
      otherTools: { docker, podman: null },
      problems: [
        {
          code: 'credentials.helper_missing',
          message: 'docker-credential-desktop not found on PATH',
          hint: 'Install Docker Desktop, or remove `credsStore` from ~/.docker/config.json.',
        },
      ],
    };
    const { fake } = setUp({ explain: () => explanation });

    await type(await screen.findByTestId('explain-input'), ' ghcr.io/acme/app:1 ');
    await click(screen.getByTestId('explain-run'));
    expect(fake.callsTo('credentials.explain')).toEqual([{ reference: 'ghcr.io/acme/app:1' }]);

    const chosen = await screen.findByTestId('explain-chosen');
    expect(chosen.textContent).toContain('Berth would use Berth · alice · pattern ghcr.io/acme/*');
    expect(chosen.textContent).toContain('alice and bob tie');
    const conflict = screen.getByTestId('explain-conflict');
    expect(conflict.textContent).toContain('2 Berth credentials tie');
    expect(conflict.textContent).toContain('bob');

    const candidates = within(screen.getByTestId('explain-candidates')).getAllByRole('listitem');
    expect(candidates).toHaveLength(3);
    expect(candidates.map((li) => li.dataset['chosen'])).toEqual(['true', 'false', 'false']);
    expect(candidates[1]?.textContent).toContain('Ties with alice');

    const tools = screen.getByTestId('explain-other-tools').textContent ?? '';
    expect(tools).toMatch(/docker CLI~\/\.docker\/config\.json \(auths\) · octo-docker/);
    expect(tools).toContain('differs from Berth');
    expect(tools).toMatch(/podmananonymous/);
    // A difference says what it means for a terminal pull, and how to align it.
    expect(screen.getByTestId('explain-difference-podman').textContent).toContain(
      '`podman pull` in a terminal goes without a login'.replace(/`/g, ''),
    );
    expect(screen.getByTestId('explain-difference-podman').textContent).toContain(
      'podman login ghcr.io -u alice',
    );
    expect(screen.getByTestId('explain-difference-docker').textContent).toContain(
      'logs in as octo-docker, not alice',
    );
    expect(screen.getByTestId('explain-candidates').textContent).not.toContain('specificity');
    const problems = screen.getByTestId('explain-problems');
    expect(problems.textContent).toContain('docker-credential-desktop not found on PATH');
    expect(within(problems).getByText('credsStore', { selector: 'code' })).toBeTruthy();
  });

  it("shows the three verdicts (Berth, docker by version, podman) and kubelet's key, and what each difference means", async () => {
    const berth: Candidate = {
      source: 'berth',
      sourceLabel: 'Berth',
      registry: 'registry.corp:5000',
      username: 'alice',
      pattern: 'registry.corp:5000/*',
      specificity: 20,
      credentialId: 'a',
      note: 'Matches registry.corp:5000/*',
    };
    const verdict = (overrides: Partial<ToolVerdict>): ToolVerdict => ({
      outcome: 'credential',
      username: 'alice',
      identityToken: false,
      sourceLabel: '~/.dockercfg (auths)',
      why: 'docker reads "registry.corp:5000" in the auths of ~/.dockercfg',
      ...overrides,
    });
    const explanation: Explanation = {
      image: 'registry.corp:5000/team/app:1',
      registry: 'registry.corp:5000',
      candidates: [berth],
      chosen: berth,
      reason: 'The only match.',
      conflict: [],
      otherTools: { docker: null, podman: null },
      tools: {
        docker: verdict({
          version: 'docker CLI 20.10',
          newer: {
            ...verdict({
              outcome: 'anonymous',
              username: null,
              sourceLabel: null,
              why: 'docker CLI 23+ (checked: 28) no longer reads ~/.dockercfg (docker/cli#2504)',
            }),
            version: 'docker CLI 23+',
          },
        }),
        podman: verdict({
          outcome: 'fails',
          username: null,
          sourceLabel: null,
          why: 'podman runs `docker-credential-gone` (credHelpers in auth.json), which is missing, and fails the pull.',
        }),
        skopeo: verdict({ outcome: 'fails', username: null, sourceLabel: null, why: 'as podman' }),
      },
      problems: [],
    };
    const { fake } = setUp({
      explain: () => explanation,
      kubeletMatch: (reference) => ({
        repository: reference.replace(/:1$/, ''),
        keys: [],
        tried: ['registry.corp:5000/team', 'registry.corp:5000'],
        viaDefaultRegistry: false,
        from: 'berth-export',
        summary: "Berth's export writes the key registry.corp:5000, which kubelet matches.",
      }),
    });

    await type(await screen.findByTestId('explain-input'), 'registry.corp:5000/team/app:1');
    await click(screen.getByTestId('explain-run'));
    expect(fake.callsTo('credentials.kubeletMatch')).toEqual([
      { reference: 'registry.corp:5000/team/app:1' },
    ]);
    expect((await screen.findByTestId('verdict-berth')).textContent).toBe('alice · Berth');
    const docker = screen.getByTestId('verdict-docker');
    expect(docker.textContent).toContain('sends alice · ~/.dockercfg (auths)');
    expect(docker.textContent).toContain('same as Berth');
    expect(screen.getByTestId('explain-verdicts').textContent).toContain(
      'docker would send (docker CLI 20.10)',
    );
    // docker 23+ reads another file: the same config, another answer, and what that means.
    const newer = screen.getByTestId('verdict-docker-newer');
    expect(newer.textContent).toContain('sends nothing (anonymous)');
    expect(newer.textContent).toContain('differs from Berth');
    expect(screen.getByTestId('explain-difference-docker-newer').textContent).toContain(
      'docker login registry.corp:5000 -u alice',
    );
    expect(screen.getByTestId('explain-verdicts').textContent).toContain(
      'docker would send (docker CLI 23+)',
    );
    const podman = screen.getByTestId('verdict-podman');
    expect(podman.textContent).toContain('fails the pull');
    expect(screen.getByTestId('explain-difference-podman').textContent).toContain(
      "podman pull in a terminal fails before it reaches the registry, while Berth sends alice's login",
    );
    expect(within(podman).getByText('docker-credential-gone', { selector: 'code' })).toBeTruthy();
    const kubelet = screen.getByTestId('explain-kubelet');
    expect(kubelet.textContent).toContain('which kubelet matches');
    expect(kubelet.textContent).toContain(
      'tries, in order: registry.corp:5000/team, registry.corp:5000',
    );
  });

  it("writes Berth's login into docker's config.json when asked, and shows docker's verdict as it is then", async () => {
    const berth: Candidate = {
      source: 'berth',
      sourceLabel: 'Berth (OS keychain)',
      registry: 'registry.corp:5000',
      username: 'alice',
      pattern: null,
      specificity: null,
      credentialId: 'a',
      note: 'Pattern registry.corp:5000/* covers this image',
    };
    const docker = (outcome: ToolVerdict['outcome']): ToolVerdict => ({
      outcome,
      username: outcome === 'credential' ? 'alice' : null,
      identityToken: false,
      sourceLabel: outcome === 'credential' ? '~/.docker/config.json (auths)' : null,
      why:
        outcome === 'credential'
          ? 'docker reads its auths'
          : 'docker has no entry for the registry',
    });
    const explanation = (dockerOutcome: ToolVerdict['outcome']): Explanation => ({
      image: 'registry.corp:5000/team/app:1',
      registry: 'registry.corp:5000',
      candidates: [berth],
      chosen: berth,
      reason: 'The only match.',
      conflict: [],
      otherTools: { docker: null, podman: null },
      tools: {
        docker: docker(dockerOutcome),
        podman: docker('credential'),
        skopeo: docker('credential'),
      },
      problems: [],
    });
    const { fake } = setUp({ explain: () => explanation('anonymous') });
    let refuse = true;
    fake.handlers['credentials.align'] = () => {
      if (refuse) {
        throw new BerthError(
          'credentials.align_not_read',
          "docker would still not send alice's login: docker-credential-corp decides.",
          'Run `docker login registry.corp:5000` so its helper stores it.',
        );
      }
      return {
        path: '/home/me/.docker/config.json',
        key: 'registry.corp:5000',
        backup: '/home/me/.docker/config.json.berth-backup-1',
        explanation: explanation('credential'),
      };
    };

    await type(await screen.findByTestId('explain-input'), 'registry.corp:5000/team/app:1');
    await click(screen.getByTestId('explain-run'));
    const difference = await screen.findByTestId('explain-difference-docker');
    expect(difference.textContent).toContain('fails where Berth succeeds');
    expect(difference.textContent).toContain('docker login registry.corp:5000 -u alice');
    await click(within(difference).getByTestId('explain-align-docker'));
    // Asked first: the file will hold the secret.
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('The file will hold the secret');
    expect(fake.callsTo('credentials.align')).toEqual([]);
    await click(within(dialog).getByTestId('confirm-ok'));
    expect(fake.callsTo('credentials.align')).toEqual([
      { reference: 'registry.corp:5000/team/app:1', tool: 'docker', confirmed: true },
    ]);
    // Refused: the dialog says why and what to do instead.
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('docker-credential-corp');
    refuse = false;
    await click(within(screen.getByTestId('confirm-dialog')).getByTestId('confirm-ok'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.getByTestId('explain-aligned').textContent).toContain(
      'docker now sends the same login as Berth: written to /home/me/.docker/config.json',
    );
    expect(screen.getByTestId('verdict-docker').textContent).toContain('same as Berth');
    expect(screen.queryByTestId('explain-difference-docker')).toBeNull();
  });

  it('imports only the ticked entries after a scan, and lists what could not be read with what to do', async () => {
    const entry = (overrides: Partial<ImportEntry> & { key: string }): ImportEntry => ({
      registry: 'ghcr.io',
      username: 'octocat',
      source: 'docker-auths',
      sourceLabel: '~/.docker/config.json (auths)',
      secretLength: 40,
      identityToken: false,
      existingId: null,
      ...overrides,
    });
    const { fake } = setUp({
      credentials: [
        fakeCredential({ id: 'quay', registry: 'quay.io', username: 'robot', preset: 'generic' }),
      ],
      scan: {
        entries: [
          entry({ key: 'docker:ghcr.io:octocat' }),
          entry({
            key: 'podman:quay.io:robot',
            registry: 'quay.io',
            username: 'robot',
            source: 'podman-auth',
            sourceLabel: 'podman auth.json',
            identityToken: true,
            existingId: 'quay',
          }),
          entry({
            key: 'docker:registry.example.com:me',
            registry: 'registry.example.com',
            username: 'me',
          }),
        ],
        problems: [
          {
            code: 'credentials.helper_missing',
            message: 'docker-credential-desktop not found on PATH',
            hint: 'Install Docker Desktop, or remove `credsStore` from ~/.docker/config.json.',
          },
        ],
      },
    });

    await click(await screen.findByTestId('import-open'));
    const dialog = screen.getByTestId('import-dialog');
    expect(dialog.textContent).toContain('Import never deletes or changes anything');
    await click(within(dialog).getByTestId('import-source-docker'));
    await click(within(dialog).getByTestId('import-source-all'));
    await click(within(dialog).getByTestId('import-scan'));
    expect(fake.callsTo('credentials.importScan')).toEqual([{ from: 'all' }]);

    const rows = await within(dialog).findAllByTestId('import-entry');
    expect(rows).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByTestId('import-updates').textContent).toBe(
      'updates existing',
    );
    expect(rows[1]?.textContent).toContain('identity token');
    expect(rows[0]?.textContent).toContain('password or token');
    expect(rows[0]?.textContent).not.toMatch(/\d+ characters/);
    const problems = within(dialog).getByTestId('import-problems');
    expect(problems.textContent).toContain('docker-credential-desktop not found on PATH');
    expect(within(problems).getByText('credsStore', { selector: 'code' })).toBeTruthy();

    const apply = within(dialog).getByTestId('import-apply') as HTMLButtonElement;
    expect(apply.textContent).toBe('Import 3');
    await click(within(dialog).getByLabelText('Select all'));
    expect(apply.textContent).toBe('Import 0');
    expect(apply.disabled).toBe(true);
    expect(fake.callsTo('credentials.importApply')).toEqual([]);

    await click(within(rows[0] as HTMLElement).getByTestId('import-check'));
    await click(within(rows[2] as HTMLElement).getByTestId('import-check'));
    expect(apply.textContent).toBe('Import 2');
    await click(within(rows[2] as HTMLElement).getByTestId('import-check'));
    await click(apply);
    expect(fake.callsTo('credentials.importApply')).toEqual([
      { from: 'all', keys: ['docker:ghcr.io:octocat'] },
    ]);
    expect((await within(dialog).findByTestId('import-done')).textContent).toContain(
      'Imported 1 credential',
    );
    await click(within(dialog).getByRole('button', { name: 'Close' }));
    const imported = await rowFor('ghcr.io', 'octocat');
    expect(imported.textContent).toContain('~/.docker/config.json (auths)');
  });

  it('exports a pull secret only after an explicit confirmation, sending confirmed: true and the path in browser mode', async () => {
    const { fake, backend } = setUp({ credentials: [ghcr] });
    await click(within(await rowFor('ghcr.io')).getByTestId('export-open'));
    const dialog = screen.getByTestId('export-dialog');
    expect(within(dialog).getByTestId('export-warning').textContent).toContain(
      'The file will contain the secret',
    );
    const apply = within(dialog).getByTestId('export-apply') as HTMLButtonElement;
    expect((within(dialog).getByTestId('export-name') as HTMLInputElement).value).toBe(
      'berth-pull-secret',
    );
    await type(within(dialog).getByTestId('export-namespace'), 'ci');
    await type(within(dialog).getByTestId('export-path'), '/tmp/pull.yaml');
    expect(apply.disabled).toBe(true);
    await click(apply);
    expect(fake.callsTo('credentials.exportPullSecret')).toEqual([]);

    await click(within(dialog).getByTestId('export-confirm'));
    expect(apply.disabled).toBe(false);
    // A name Kubernetes would refuse is caught by the contract before anything is written.
    await type(within(dialog).getByTestId('export-name'), 'Pull_Secret');
    await click(apply);
    expect(fake.callsTo('credentials.exportPullSecret')).toEqual([]);
    expect(dialog.textContent).toContain('A Kubernetes name');

    // The host's refusal of a path shows under the path field.
    fake.handlers['credentials.exportPullSecret'] = () => {
      throw new BerthError(
        'credentials.export_path_relative',
        '"pull.yaml" is not a full path.',
        'Give a full path, e.g. /home/me/pull-secret.yaml.',
      );
    };
    await type(within(dialog).getByTestId('export-name'), 'acme-pull');
    await click(apply);
    const pathField = within(dialog).getByTestId('export-path').closest('.cred-field');
    expect(pathField?.textContent).toContain('is not a full path');
    expect(within(dialog).queryByTestId('export-error')).toBeNull();

    fake.handlers['credentials.exportPullSecret'] =
      backend.handlers['credentials.exportPullSecret'];
    fake.calls.length = 0;
    await click(apply);
    expect(fake.callsTo('credentials.exportPullSecret')).toEqual([
      { id: 'gh', name: 'acme-pull', namespace: 'ci', path: '/tmp/pull.yaml', confirmed: true },
    ]);
    const result = await within(dialog).findByTestId('export-result');
    expect(result.textContent).toContain('Wrote /tmp/pull.yaml (412 B)');
    expect(result.textContent).toContain('kubectl apply -f /tmp/pull.yaml');
  });

  it('leaves the file path to the save dialog in the app', async () => {
    const { fake } = setUp({ credentials: [ghcr] }, { transport: 'ipc' });
    await click(within(await rowFor('ghcr.io')).getByTestId('export-open'));
    const dialog = screen.getByTestId('export-dialog');
    expect(within(dialog).queryByTestId('export-path')).toBeNull();
    expect(dialog.textContent).toContain('Berth asks where to save the file');
    await click(within(dialog).getByTestId('export-confirm'));
    await click(within(dialog).getByTestId('export-apply'));
    expect(fake.callsTo('credentials.exportPullSecret')).toEqual([
      { id: 'gh', name: 'berth-pull-secret', confirmed: true },
    ]);
  });
});
