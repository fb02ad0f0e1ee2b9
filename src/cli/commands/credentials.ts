/**
 * login, logout, registries and creds (explain, import, export, test): credentials from the
 * command line. Secrets come in on stdin only (never argv, which `ps` shows) and never go out.
 */
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { CredentialView, LoginReport, ToolVerdict } from '../../shared/credentials';
import { BerthError } from '../../shared/errors';
import { formatRelativeTime } from '../../shared/format';
import { presetIds } from '../../shared/registry-presets';
import type { PresetId } from '../../shared/registry-presets';
import type { CliContext } from '../context';
import type { BerthClient } from '../../shared/client';
import type { Output } from '../output';
import { table } from '../output';
import { cliTools } from '../../host';
import type { KubeletMatch } from '../../shared/kube-pull-secret';

const MAX_SECRET_BYTES = 16 * 1024;

export async function readSecretFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new BerthError(
      'usage.secret_stdin',
      'Pipe the secret into --password-stdin.',
      'e.g. aws ecr get-login-password | berth login <registry> -u AWS --password-stdin',
    );
  }
  let bytes = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_SECRET_BYTES)
      throw new BerthError(
        'usage.secret_too_long',
        `The secret on stdin is longer than ${MAX_SECRET_BYTES} bytes.`,
      );
    chunks.push(chunk);
  }
  // Like docker login: one trailing newline (from echo or a file) is not part of the secret.
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!secret) throw new BerthError('usage.secret_empty', 'No secret arrived on stdin.');
  return secret;
}

function printReport(output: Output, report: LoginReport): void {
  for (const step of report.steps) {
    output.err(
      `${step.ok ? '✓' : '✗'} ${step.name.padEnd(12)} ${String(step.ms).padStart(5)} ms  ${step.detail}`,
    );
  }
}

function failedLogin(report: LoginReport): BerthError {
  const error = report.error;
  return new BerthError(
    error?.code ?? 'credentials.login_failed',
    `Login to ${report.registry} failed at the ${report.failedStep ?? 'unknown'} step: ${error?.message ?? 'no detail'}`,
    error?.hint,
    { failedStep: report.failedStep, steps: report.steps },
  );
}

function describeCredential(c: CredentialView): string[] {
  const verified = c.verification
    ? `${c.verification.ok ? 'ok' : `failed at ${c.verification.failedStep ?? '?'}`} ${formatRelativeTime(c.verification.at)}`
    : 'unverified';
  const expiry = c.expiresAt
    ? Date.parse(c.expiresAt) < Date.now()
      ? ' (expired)'
      : ` (expires ${formatRelativeTime(c.expiresAt)})`
    : '';
  return [
    c.registry,
    c.username,
    c.patterns.join(',') || `${c.registry}/*`,
    `${c.secret.length} chars${expiry}`,
    verified,
  ];
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** The stored credentials of a registry (one username, when given); none is an error. */
async function storedFor(
  client: BerthClient,
  registry: string,
  username: string | undefined,
): Promise<CredentialView[]> {
  const { credentials } = await client.invoke('registries.list', {});
  const host = registry.trim().toLowerCase();
  const matching = credentials.filter(
    (c) => c.registry === host && (!username || c.username === username),
  );
  if (matching.length === 0) {
    throw new BerthError(
      'credentials.not_found',
      `No stored credential for ${registry}${username ? ` and ${username}` : ''}.`,
      'See `berth registries`.',
    );
  }
  return matching;
}

/** Exactly one stored credential of a registry. */
async function oneStoredFor(
  client: BerthClient,
  registry: string,
  username: string | undefined,
): Promise<CredentialView> {
  const matching = await storedFor(client, registry, username);
  if (matching.length > 1) {
    throw new BerthError(
      'usage.ambiguous',
      `${registry} has ${matching.length} credentials.`,
      'Pick one with -u.',
    );
  }
  return matching[0] as CredentialView;
}

function printKubelet(output: Output, match: KubeletMatch): void {
  output.out(`  kubelet would use:    ${match.summary}`);
  for (const k of match.keys)
    output.out(
      `    ${k.order ? `${k.order}.` : '-'} ${k.key}${k.username ? ` (${k.username})` : ''}: ${k.note}`,
    );
}

/** login, logout, registries and `creds` (explain, import, export, test). */
export function registerCredentialCommands(program: Command, context: CliContext): void {
  registerLogin(program, context);
  registerLogout(program, context);
  registerRegistries(program, context);
  const creds = program
    .command('creds')
    .description('Explain, import, export and test credentials');
  registerExplain(creds, context);
  registerImport(creds, context);
  registerExport(creds, context);
  registerTest(creds, context);
}

/** `berth login <registry>`: the secret from stdin, stored after a real login test. */
function registerLogin(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('Store a registry credential in the OS keychain, after a real login test')
    .argument('<registry>', 'e.g. ghcr.io, docker.io, 127.0.0.1:5000')
    .requiredOption(
      '-u, --username <user>',
      'the username (AWS for ECR, oauth2accesstoken or _json_key for GCP)',
    )
    .option('--password-stdin', 'read the secret from stdin')
    .option(
      '--pattern <glob...>',
      'images this credential serves, e.g. ghcr.io/org/* (default: all on the registry)',
    )
    .option('--preset <preset>', `one of ${presetIds.join(', ')}`)
    .option('--sample <image>', 'an image to check pull access with (scopes the token)')
    .option('--no-verify', 'store without testing the login (marked unverified)')
    .option('--json', 'print JSON')
    .action(
      async (
        registry: string,
        options: {
          username: string;
          passwordStdin?: boolean;
          pattern?: string[];
          preset?: string;
          sample?: string;
          verify: boolean;
          json?: boolean;
        },
      ) =>
        context.run(options, async (output) => {
          if (!options.passwordStdin) {
            throw new BerthError(
              'usage.secret_stdin',
              'Give the secret on stdin with --password-stdin.',
              `e.g. echo "$TOKEN" | berth login ${registry} -u ${options.username} --password-stdin`,
            );
          }
          if (options.preset && !(presetIds as readonly string[]).includes(options.preset)) {
            throw new BerthError(
              'usage.bad_preset',
              `Unknown preset "${options.preset}".`,
              `Use one of ${presetIds.join(', ')}.`,
            );
          }
          const secret = await readSecretFromStdin();
          const result = await context.client().invoke('registries.save', {
            registry,
            username: options.username,
            secret,
            patterns: options.pattern ?? [],
            ...(options.preset ? { preset: options.preset as PresetId } : {}),
            verify: options.verify,
            ...(options.sample ? { sampleImage: options.sample } : {}),
          });
          if (result.report && !output.json) printReport(output, result.report);
          if (!result.saved) throw failedLogin(result.report as LoginReport);
          if (output.json) return output.out(JSON.stringify(result, null, 2));
          output.out(
            `Stored ${result.saved.username}@${result.saved.registry} in the OS keychain${result.report ? ' (login verified)' : ' (not verified)'}.`,
          );
        }),
    );
}

/** `berth logout <registry>`: the stored credential(s), from the keychain too. */
function registerLogout(program: Command, context: CliContext): void {
  program
    .command('logout')
    .description('Remove the stored credential(s) of a registry, from the keychain too')
    .argument('<registry>')
    .option('-u, --username <user>', 'only this username')
    .option('--json', 'print JSON')
    .action(async (registry: string, options: { username?: string; json?: boolean }) =>
      context.run(options, async (output) => {
        const matching = await storedFor(context.client(), registry, options.username);
        for (const c of matching) await context.client().invoke('registries.remove', { id: c.id });
        const removed = matching.map((c) => `${c.username}@${c.registry}`);
        output.out(
          output.json ? JSON.stringify({ removed }, null, 2) : `Removed ${removed.join(', ')}.`,
        );
      }),
    );
}

/** `berth registries`: the stored credentials, never their secrets. */
function registerRegistries(program: Command, context: CliContext): void {
  program
    .command('registries')
    .description('List stored credentials (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const list = await context.client().invoke('registries.list', {});
        if (output.json) return output.out(JSON.stringify(list, null, 2));
        if (list.warning) output.err(`warning: ${list.warning.message}`);
        if (list.credentials.length === 0)
          return output.out(
            'No stored credentials. Add one with `berth login` or `berth creds import`.',
          );
        output.out(
          table(
            ['REGISTRY', 'USERNAME', 'PATTERNS', 'SECRET', 'VERIFIED'],
            list.credentials.map(describeCredential),
          ),
        );
      }),
    );
}

/** `berth creds explain <image>`: which credential each tool would send, and why. */
function registerExplain(creds: Command, context: CliContext): void {
  creds
    .command('explain')
    .description('Which credential Berth would use for an image, from which source, and why')
    .argument('<image>')
    .option(
      '--pull-secret <file>',
      'a Kubernetes pull secret (Secret YAML or .dockerconfigjson): which entry kubelet would use',
    )
    .option('--json', 'print JSON')
    .action(async (image: string, options: { json?: boolean; pullSecret?: string }) =>
      context.run(options, async (output) => {
        const keys = options.pullSecret
          ? await (await cliTools()).readPullSecretEntries(options.pullSecret)
          : undefined;
        const e = await context.client().invoke('credentials.explain', { reference: image });
        const kubelet = await context.client().invoke('credentials.kubeletMatch', {
          reference: image,
          ...(keys ? { keys } : {}),
        });
        const transport = await context.client().invoke('registry.transport', { reference: image });
        if (output.json) return output.out(JSON.stringify({ ...e, kubelet, transport }, null, 2));
        output.out(
          `${e.image}\n  uses: ${e.chosen ? `${e.chosen.username} from ${e.chosen.sourceLabel}` : 'no credential (anonymous)'}\n  why:  ${e.reason}`,
        );
        if (e.conflict.length > 1)
          output.out(
            `  conflict: ${e.conflict.map((c) => `${c.username} (${c.pattern ?? ''})`).join(' vs ')}`,
          );
        for (const c of e.candidates) output.out(`  - ${c.sourceLabel}: ${c.username} — ${c.note}`);
        const tools = e.tools ?? null;
        if (tools) {
          // Each tool by its own rules: docker CLI 20.10 (and where a newer CLI differs), podman
          // 4.3, skopeo 1.9.
          const rows: [string, ToolVerdict][] = [
            [tools.docker.version ?? 'docker CLI', tools.docker],
            ...(tools.docker.newer
              ? [[tools.docker.newer.version, tools.docker.newer] as [string, ToolVerdict]]
              : []),
            ['podman', tools.podman],
            ['skopeo', tools.skopeo],
          ];
          for (const [name, v] of rows) {
            const does =
              v.outcome === 'fails'
                ? 'fails the pull'
                : v.outcome === 'anonymous'
                  ? 'sends nothing'
                  : `sends ${v.identityToken ? 'an identity token' : v.username} (${v.sourceLabel ?? ''})`;
            output.out(`  ${`${name}:`.padEnd(18)}${does}\n${' '.repeat(20)}${v.why}`);
          }
        } else {
          output.out(
            `  docker CLI would use: ${e.otherTools.docker ? `${e.otherTools.docker.username} (${e.otherTools.docker.sourceLabel})` : 'nothing'}`,
          );
          output.out(
            `  podman would use:     ${e.otherTools.podman ? `${e.otherTools.podman.username} (${e.otherTools.podman.sourceLabel})` : 'nothing'}`,
          );
        }
        printKubelet(output, kubelet);
        output.out(`  connection:           ${transport.summary}`);
        for (const p of e.problems)
          output.err(`  problem: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`);
      }),
    );
}

/** `berth creds import`: docker's and podman's logins, shown first, stored on a yes. */
function registerImport(creds: Command, context: CliContext): void {
  creds
    .command('import')
    .description(
      'Import from ~/.docker/config.json (and its helpers) and podman auth.json; shows each entry first',
    )
    .option('--from <source>', 'docker, podman or all', 'all')
    .option('--yes', 'store every entry shown without asking')
    .option('--json', 'print JSON')
    .action(async (options: { from: string; yes?: boolean; json?: boolean }) =>
      context.run(options, async (output) => {
        if (!['docker', 'podman', 'all'].includes(options.from)) {
          throw new BerthError(
            'usage.bad_source',
            `Unknown source "${options.from}".`,
            'Use docker, podman or all.',
          );
        }
        const from = options.from as 'docker' | 'podman' | 'all';
        const scan = await context.client().invoke('credentials.importScan', { from });
        if (!output.json) {
          if (scan.entries.length) {
            output.err(
              table(
                ['REGISTRY', 'USERNAME', 'FROM', 'SECRET'],
                scan.entries.map((e) => [
                  e.registry,
                  e.username,
                  e.sourceLabel,
                  `${e.secretLength} chars${e.existingId ? ' (updates stored)' : ''}`,
                ]),
              ),
            );
          } else output.err('Nothing to import.');
          for (const p of scan.problems)
            output.err(`problem: ${p.message}${p.hint ? `\n  what to do: ${p.hint}` : ''}`);
        }
        const go =
          scan.entries.length > 0 &&
          (options.yes ||
            (!output.json &&
              (await confirm(
                `Store these ${scan.entries.length} in the OS keychain? Nothing is deleted from the sources.`,
              ))));
        if (!go) {
          if (output.json)
            return output.out(JSON.stringify({ ...scan, imported: [], stored: false }, null, 2));
          if (scan.entries.length)
            output.err('Nothing stored. Re-run with --yes to store the entries shown.');
          return;
        }
        const applied = await context.client().invoke('credentials.importApply', {
          from,
          keys: scan.entries.map((e) => e.key),
        });
        if (output.json)
          return output.out(
            JSON.stringify(
              {
                ...scan,
                imported: applied.imported,
                problems: [...scan.problems, ...applied.problems],
                stored: true,
              },
              null,
              2,
            ),
          );
        output.out(
          `Imported ${applied.imported.length}: ${applied.imported.map((c) => `${c.username}@${c.registry}`).join(', ')}`,
        );
        for (const p of applied.problems) output.err(`problem: ${p.message}`);
      }),
    );
}

/** `berth creds export <registry>`: a Kubernetes imagePullSecret YAML, on a confirm. */
function registerExport(creds: Command, context: CliContext): void {
  creds
    .command('export')
    .description(
      'Write a stored credential as a Kubernetes imagePullSecret YAML (it contains the secret)',
    )
    .argument('<registry>')
    .requiredOption('-o, --output <file>', 'the file to write (created owner-readable only)')
    .option('-u, --username <user>', 'when the registry has several credentials')
    .option('--name <name>', 'the Secret name', 'berth-pull-secret')
    .option('--namespace <ns>', 'the Secret namespace')
    .option('--image <image>', 'an image the secret must serve: checked as kubelet matches it')
    .option('--yes', 'confirm: the file will hold the secret')
    .option('--json', 'print JSON')
    .action(
      async (
        registry: string,
        options: {
          output: string;
          username?: string;
          name: string;
          namespace?: string;
          image?: string;
          yes?: boolean;
          json?: boolean;
        },
      ) =>
        context.run(options, async (output) => {
          const chosen = await oneStoredFor(context.client(), registry, options.username);
          const confirmed =
            options.yes ||
            (!output.json &&
              (await confirm(
                `Write the secret of ${chosen.username}@${chosen.registry} to ${options.output}?`,
              )));
          if (!confirmed)
            throw new BerthError(
              'usage.not_confirmed',
              'Not exported: the file would contain the secret, so Berth asks first.',
              'Re-run with --yes to confirm.',
            );
          const result = await context.client().invoke('credentials.exportPullSecret', {
            id: chosen.id,
            name: options.name,
            ...(options.namespace ? { namespace: options.namespace } : {}),
            path: options.output,
            ...(options.image ? { image: options.image } : {}),
            confirmed: true,
          });
          if (output.json) return output.out(JSON.stringify(result, null, 2));
          output.out(
            `Wrote ${result.bytes} bytes to ${result.path ?? ''} (a new file, mode 600). Apply with: kubectl apply -f ${result.path ?? ''}`,
          );
          if (result.kubelet) printKubelet(output, result.kubelet);
          if (result.usage) {
            output.out(`\nAttach it (the two ways Flyte's docs name):`);
            output.out(
              `  1. the namespace's default service account:\n     ${result.usage.serviceAccountPatchCommand}`,
            );
            output.out(
              `  2. a default PodTemplate (flytepropeller's default-pod-template-name):\n${result.usage.podTemplate.replace(/^/gm, '     ')}`,
            );
          }
        }),
    );
}

/** `berth creds test <registry>`: the login handshake of a stored credential, step by step. */
function registerTest(creds: Command, context: CliContext): void {
  creds
    .command('test')
    .description('Run the login handshake with a stored credential, step by step')
    .argument('<registry>')
    .option('-u, --username <user>', 'when the registry has several credentials')
    .option('--sample <image>', 'an image to check pull access with')
    .option('--json', 'print JSON')
    .action(
      async (registry: string, options: { username?: string; sample?: string; json?: boolean }) =>
        context.run(options, async (output) => {
          const chosen = await oneStoredFor(context.client(), registry, options.username);
          const report = await context.client().invoke('registries.test', {
            id: chosen.id,
            ...(options.sample ? { sampleImage: options.sample } : {}),
          });
          if (output.json) {
            output.out(JSON.stringify(report, null, 2));
            if (!report.ok) process.exitCode = 1;
            return;
          }
          printReport(output, report);
          if (!report.ok) throw failedLogin(report);
          output.out(`Login to ${report.registry} works.`);
        }),
    );
}
