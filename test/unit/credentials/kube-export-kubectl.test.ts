/**
 * `creds export` against the real kubectl (Debian's kubernetes-client, offline): the Secret is
 * the one `kubectl create secret docker-registry --dry-run=client -o yaml` makes, byte for byte
 * in its .dockerconfigjson; the service-account patch is applied by `kubectl patch --local`;
 * and kubelet's matching (kube-keyring.ts) gives the same answer for Berth's file and
 * kubectl's. Skipped without kubectl only off CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBerthCore } from '../../../src/host/core';
import { pullSecretEntries } from '../../../src/credentials/kube-secret-keys';
import { kubeletLookup } from '../../../src/credentials/kube-keyring';
import type { KubeUsage } from '../../../src/shared/kube-pull-secret';
import { fakeEngine } from '../host/fake-engine';
import { memoryKeychain } from '../host/memory-keychain';

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
})();

const kubectl = (args: string[]) =>
  execFileSync('kubectl', args, {
    timeout: 20_000,
    // No cluster: a kubeconfig that does not exist keeps kubectl from any real one.
    env: { ...process.env, KUBECONFIG: join(tmpdir(), 'berth-no-kubeconfig') },
  }).toString();

interface SecretDoc {
  apiVersion: string;
  kind: string;
  type: string;
  metadata: Record<string, unknown>;
  data: Record<string, string>;
}
const decoded = (doc: SecretDoc) =>
  Buffer.from(doc.data['.dockerconfigjson'] ?? '', 'base64').toString('utf8');

// Each case runs kubectl five times (about 0.4 s each, far more on a loaded machine).
describe.skipIf(!hasKubectl && !process.env.CI)(
  'creds export against the real kubectl',
  { timeout: 60_000 },
  () => {
    it.each([
      ['ghcr.io', 'octo-bot', 'ghp_plain'],
      ['docker.io', 'hubuser', 'pa:ss:with:colons'],
      ['127.0.0.1:5000', 'alice', 'ünïcødé "quoted" \\ back'],
      ['myreg.azurecr.io', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300)],
      ['quay.io', 'team+robot', 'a<b>&c\u2028'],
    ])(
      '%s: the same Secret as kubectl create secret docker-registry',
      async (registry, user, password) => {
        const home = mkdtempSync(join(tmpdir(), 'berth-kubectl-'));
        const out = mkdtempSync(join(tmpdir(), 'berth-kubectl-out-'));
        const core = createBerthCore({
          engine: fakeEngine(),
          env: { BERTH_HOME: home, HOME: home },
          keychain: memoryKeychain(),
        });
        const saved = await core.dispatch('registries.save', {
          registry,
          username: user,
          secret: password,
          patterns: [],
          verify: false,
        });
        if (!saved.ok) throw new Error(saved.error.message);
        const id = (saved.data as { saved: { id: string } }).saved.id;
        const path = join(out, 'regcred.yaml');
        const result = await core.dispatch('credentials.exportPullSecret', {
          id,
          name: 'regcred',
          namespace: 'flows',
          path,
          confirmed: true,
        });
        if (!result.ok) throw new Error(result.error.message);
        const usage = (result.data as { usage: KubeUsage }).usage;

        // Docker Hub: kubectl's own default server is the key Berth writes.
        const server = registry === 'docker.io' ? [] : [`--docker-server=${registry}`];
        const kubeText = kubectl([
          'create',
          'secret',
          'docker-registry',
          'regcred',
          '-n',
          'flows',
          ...server,
          `--docker-username=${user}`,
          `--docker-password=${password}`,
          '--dry-run=client',
          '-o',
          'yaml',
        ]);
        const kube = parse(kubeText) as SecretDoc;
        const ours = parse(readFileSync(path, 'utf8')) as SecretDoc;
        expect(decoded(ours)).toBe(decoded(kube));
        delete kube.metadata.creationTimestamp;
        expect(ours).toEqual(kube);
        expect(usage.serverKey).toBe(Object.keys(JSON.parse(decoded(kube)).auths)[0]);

        // The service-account patch, applied by kubectl itself to a default account.
        const dir = mkdtempSync(join(tmpdir(), 'berth-kubectl-sa-'));
        writeFileSync(
          join(dir, 'sa.yaml'),
          kubectl([
            'create',
            'serviceaccount',
            'default',
            '-n',
            'flows',
            '--dry-run=client',
            '-o',
            'yaml',
          ]),
        );
        writeFileSync(join(dir, 'patch.yaml'), usage.serviceAccountPatch);
        const patched = JSON.parse(
          kubectl([
            'patch',
            '-f',
            join(dir, 'sa.yaml'),
            '--local',
            '--type=strategic',
            '--patch-file',
            join(dir, 'patch.yaml'),
            '-o',
            'json',
          ]),
        ) as { imagePullSecrets: unknown };
        expect(patched.imagePullSecrets).toEqual([{ name: 'regcred' }]);
        const inline = /-p '([^']*)'/.exec(usage.serviceAccountPatchCommand)?.[1] ?? '';
        expect(JSON.parse(inline)).toEqual({ imagePullSecrets: [{ name: 'regcred' }] });

        // The pod template decodes as a v1 PodTemplate, its spec naming the secret.
        writeFileSync(join(dir, 'pt.yaml'), usage.podTemplate);
        const template = JSON.parse(
          kubectl([
            'patch',
            '-f',
            join(dir, 'pt.yaml'),
            '--local',
            '--type=strategic',
            '-p',
            '{}',
            '-o',
            'json',
          ]),
        ) as {
          kind: string;
          template: { spec: { imagePullSecrets: unknown; containers: unknown[] } };
        };
        expect(template.kind).toBe('PodTemplate');
        expect(template.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);

        // Kubelet reads kubectl's secret and Berth's the same way.
        const image = registry === 'docker.io' ? 'prefecthq/prefect:3' : `${registry}/team/app:1`;
        const fromKubectl = kubeletLookup(
          image,
          await pullSecretEntries(kubeText, 'kubectl'),
          'given',
        );
        const fromBerth = kubeletLookup(
          image,
          await pullSecretEntries(readFileSync(path, 'utf8'), path),
          'given',
        );
        expect(fromBerth).toEqual(fromKubectl);
        expect(fromBerth.tried).toEqual([usage.serverKey]);
        expect(fromBerth.keys[0]?.username).toBe(user);
      },
    );

    it('a strategic patch replaces an account list that already names another secret', () => {
      const dir = mkdtempSync(join(tmpdir(), 'berth-kubectl-sa-'));
      writeFileSync(
        join(dir, 'sa.yaml'),
        'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nimagePullSecrets:\n- name: older\n',
      );
      const patched = JSON.parse(
        kubectl([
          'patch',
          '-f',
          join(dir, 'sa.yaml'),
          '--local',
          '--type=strategic',
          '-p',
          '{"imagePullSecrets":[{"name":"regcred"}]}',
          '-o',
          'json',
        ]),
      ) as { imagePullSecrets: unknown };
      // Why the printed command warns that it replaces the list.
      expect(patched.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    });
  },
);
