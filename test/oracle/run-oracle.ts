/**
 * The oracle runner (issue 12): for each configuration, the real docker CLI 20.10, podman 4.3.1
 * and skopeo 1.9.3 are run against registries that log who authenticated; then `berth creds
 * explain --json` must name the same user for each tool, and `berth pull` (what it hands the
 * engine) and `berth tags` (Berth's own registry client, by the registry's log) must send
 * exactly the credential explain names as Berth's choice.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BIN } from '../integration/berth-cli';
import type { CaseContext, OracleCase } from './cases';
import { existsSync } from 'node:fs';
import { DOCKER_CLI, DOCKER_CLI_NEW } from './global-setup';
import { outcomeFromLog, outcomeFromRegistryAuth, run, startDockerProxy } from './observe';
import type { DockerProxy, Outcome } from './observe';
import { createSandbox } from './sandbox';
import { oracleServices } from './services';
import { ORACLE_USERS } from './users';

const services = oracleServices();
type Tool = 'docker' | 'podman' | 'skopeo';
const TOOLS: Tool[] = ['docker', 'podman', 'skopeo'];
/** The newer docker CLI's repositories end in -cli28 (authFor matches by substring). */
const NEW_CLI = existsSync(DOCKER_CLI_NEW) ? DOCKER_CLI_NEW : null;

interface ToolVerdictJson {
  outcome: 'credential' | 'anonymous' | 'fails';
  username: string | null;
  identityToken: boolean;
  mayInstead?: string[];
}
interface ExplanationJson {
  chosen: { username: string; identityToken?: boolean } | null;
  tools: {
    docker: ToolVerdictJson & { version?: string; newer?: ToolVerdictJson & { version: string } };
    podman: ToolVerdictJson;
    skopeo: ToolVerdictJson;
  };
}

/** Identity tokens in the cases belong to users who appear in no other form. */
const TOKEN_USERS = new Set(['ivan', 'judy']);
const normalize = (outcome: Outcome) => {
  const user = outcome.replace(/\+token$/, '');
  return TOKEN_USERS.has(user) ? 'token' : outcome;
};
const berthSays = (v: ToolVerdictJson): Outcome =>
  v.outcome !== 'credential' ? v.outcome : v.identityToken ? 'token' : (v.username ?? '?');

export interface CaseResult {
  id: string;
  title: string;
  real: Partial<Record<Tool | 'docker-28' | 'berth-pull' | 'berth-tags', Outcome>>;
  berth: Partial<Record<Tool | 'docker-28' | 'berth-choice', Outcome>>;
}
export function oracleSuite(name: string, cases: OracleCase[]): void {
  const results: CaseResult[] = [];

  describe.skipIf(!services)(name, () => {
    if (!services) return;
    const x: CaseContext = {
      R: `127.0.0.1:${services.basic.port}`,
      L: `localhost:${services.basic.port}`,
      T: `127.0.0.1:${services.token.port}`,
    };
    let proxy: DockerProxy;
    const proxyDir = join(
      process.env.TMPDIR ?? '/tmp',
      // No ':' in the socket path: DOCKER_HOST=unix://… would not parse.
      `berth-oracle-${name.replace(/[^a-z]/g, '').slice(0, 8)}-${process.pid}`,
    );

    beforeAll(async () => {
      mkdirSync(proxyDir, { recursive: true });
      proxy = await startDockerProxy(join(proxyDir, 'docker.sock'), services.socketPath);
    });
    afterAll(async () => {
      await proxy.stop();
      const summary = summarize(results);
      console.log(`${name}\n${summary.text}`);
      if (process.env.BERTH_ORACLE_REPORT) {
        writeFileSync(
          `${process.env.BERTH_ORACLE_REPORT}.${name.replace(/[^a-z]/g, '').slice(0, 8)}.json`,
          JSON.stringify({ summary, results }, null, 2),
        );
      }
    });

    const imageFor = (c: OracleCase, who: string) => {
      const repo = `${c.namespace ?? 'oracle'}/${c.id}-${who}`;
      const target = c.target ?? 'basic';
      const host =
        target === 'hub'
          ? 'docker.io'
          : target === 'token'
            ? x.T
            : target === 'basic-localhost'
              ? x.L
              : x.R;
      return {
        repo,
        image: `${host}/${repo}:latest`,
        log: target === 'token' ? services.token.log : services.basic.log,
      };
    };

    for (const c of cases) {
      it.concurrent(`${c.id}: ${c.title}`, async ({ expect }) => {
        const sandbox = createSandbox({
          files: c.files(x),
          ...(c.env ? { env: c.env } : {}),
          ...(c.helpers ? { helpers: c.helpers(x) } : {}),
          ...(c.runtimeDirMissing ? { runtimeDirMissing: true } : {}),
        });
        const hub = c.target === 'hub';
        const berthEnv = {
          ...sandbox.env,
          DBUS_SESSION_BUS_ADDRESS: services.keyringBus,
          DOCKER_HOST: `unix://${services.socketPath}`,
        };
        try {
          for (const login of c.berthLogins?.(x) ?? []) {
            const args = [
              'login',
              login.registry,
              '-u',
              login.user,
              '--password-stdin',
              '--no-verify',
            ];
            for (const p of login.patterns) args.push('--pattern', p);
            const stored = await runWithStdin(
              process.execPath,
              [BIN, ...args],
              berthEnv,
              ORACLE_USERS[login.user],
            );
            expect(stored.code, stored.stderr).toBe(0);
          }
          const real: CaseResult['real'] = {};
          const docker = async () => {
            const { image } = imageFor(c, 'docker');
            const ran = await run(DOCKER_CLI, ['pull', image], {
              ...sandbox.env,
              DOCKER_HOST: `unix://${proxy.socketPath}`,
            });
            debug(c.id, 'docker', ran);
            const sent = proxy.authFor(`${c.id}-docker`);
            real.docker = sent === undefined ? 'fails' : normalize(outcomeFromRegistryAuth(sent));
          };
          const dockerNew = async () => {
            if (!NEW_CLI) return;
            const { image } = imageFor(c, 'cli28');
            const ran = await run(NEW_CLI, ['pull', image], {
              ...sandbox.env,
              DOCKER_HOST: `unix://${proxy.socketPath}`,
            });
            debug(c.id, 'docker 28', ran);
            const sent = proxy.authFor(`${c.id}-cli28`);
            real['docker-28'] =
              sent === undefined ? 'fails' : normalize(outcomeFromRegistryAuth(sent));
          };
          const containersTool = async (tool: 'podman' | 'skopeo') => {
            if (hub) {
              const ran = await run(tool, ['login', '--get-login', 'docker.io'], sandbox.env);
              real[tool] =
                ran.code === 0
                  ? normalize(ran.stdout.trim())
                  : /not logged in/i.test(ran.stderr)
                    ? 'anonymous'
                    : 'fails';
              return;
            }
            const { image, repo, log } = imageFor(c, tool);
            const args =
              tool === 'podman'
                ? ['pull', '--tls-verify=false', image]
                : ['inspect', '--tls-verify=false', `docker://${image}`];
            debug(c.id, tool, await run(tool, args, sandbox.env));
            await settleLog();
            real[tool] = normalize(outcomeFromLog(log, repo));
          };
          const explained = async (): Promise<ExplanationJson> => {
            const { image } = imageFor(c, 'berth');
            const ran = await run(
              process.execPath,
              [BIN, 'creds', 'explain', '--json', image],
              berthEnv,
            );
            expect(ran.code, ran.stderr).toBe(0);
            return JSON.parse(ran.stdout) as ExplanationJson;
          };
          const [explanation] = await Promise.all([
            explained(),
            docker(),
            dockerNew(),
            containersTool('podman'),
            containersTool('skopeo'),
          ]);
          const berth: CaseResult['berth'] = {
            docker: berthSays(explanation.tools.docker),
            podman: berthSays(explanation.tools.podman),
            skopeo: berthSays(explanation.tools.skopeo),
            // Where docker 28 acts otherwise, explain says so in `newer`; else 20.10's answer holds.
            'docker-28': berthSays(explanation.tools.docker.newer ?? explanation.tools.docker),
            'berth-choice': explanation.chosen
              ? explanation.chosen.identityToken
                ? 'token'
                : explanation.chosen.username
              : 'anonymous',
          };
          if (!hub) {
            // Berth's pull: what it hands the engine (recorded by the proxy, which forwards it).
            const { image } = imageFor(c, 'berth');
            const proxied = { ...berthEnv, DOCKER_HOST: `unix://${proxy.socketPath}` };
            debug(
              c.id,
              'berth pull',
              await run(process.execPath, [BIN, 'pull', '--json', image], proxied),
            );
            const sent = proxy.authFor(`${c.id}-berth`);
            real['berth-pull'] =
              sent === undefined ? 'fails' : normalize(outcomeFromRegistryAuth(sent));
            // Berth's own registry client (tags, manifest, probe): what the registry logged.
            const tags = imageFor(c, 'tags');
            const listed = await run(
              process.execPath,
              [BIN, 'tags', '--json', tags.image.replace(/:latest$/, '')],
              berthEnv,
            );
            debug(c.id, 'berth tags', listed);
            await settleLog();
            real['berth-tags'] = normalize(outcomeFromLog(tags.log, tags.repo));
          }
          results.push({ id: c.id, title: c.title, real, berth });
          // Where Berth says docker picks at random among several logins (Go map order), the
          // real answer must be one of those it names.
          const mayInstead = (v: ToolVerdictJson | undefined) => v?.mayInstead ?? [];
          const agrees = (
            said: Outcome | undefined,
            also: string[],
            actual: Outcome | undefined,
          ) => (actual !== undefined && also.includes(actual) ? actual : said);
          const dockerV = explanation.tools.docker;
          berth.docker = agrees(berth.docker, mayInstead(dockerV), real.docker);
          berth['docker-28'] = agrees(
            berth['docker-28'],
            mayInstead(dockerV.newer ?? dockerV),
            real['docker-28'],
          );
          for (const tool of TOOLS) expect.soft(berth[tool], `${c.id} ${tool}`).toBe(real[tool]);
          if (real['docker-28'] !== undefined)
            expect.soft(berth['docker-28'], `${c.id} docker 28`).toBe(real['docker-28']);
          if (!hub) {
            expect.soft(real['berth-pull'], `${c.id} berth pull`).toBe(berth['berth-choice']);
            expect.soft(real['berth-tags'], `${c.id} berth tags`).toBe(berth['berth-choice']);
          }
        } finally {
          sandbox.remove();
        }
      });
    }
  });
}

/** BERTH_ORACLE_DEBUG=1 prints what every tool said. */
function debug(
  id: string,
  tool: string,
  ran: { code: number; stdout: string; stderr: string; ms: number },
) {
  if (!process.env.BERTH_ORACLE_DEBUG) return;
  console.log(
    `[${id} ${tool}] exit ${ran.code} in ${ran.ms} ms\n${ran.stdout.slice(-600)}\n${ran.stderr.slice(-600)}`,
  );
}

/** The registry writes its log a moment after it answers. */
const settleLog = () => new Promise((resolve) => setTimeout(resolve, 300));

function runWithStdin(command: string, args: string[], env: Record<string, string>, input: string) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    import('node:child_process')
      .then(({ spawn }) => {
        const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
        child.stdin.end(input);
      })
      .catch(() => resolve({ code: -1, stderr: 'spawn failed' }));
  });
}

export function summarize(all: CaseResult[]): {
  text: string;
  perTool: Record<string, { configurations: number; agree: number }>;
} {
  const perTool: Record<string, { configurations: number; agree: number }> = {};
  const add = (name: string, agree: boolean) => {
    const t = (perTool[name] ??= { configurations: 0, agree: 0 });
    t.configurations += 1;
    if (agree) t.agree += 1;
  };
  const compared = [...TOOLS, 'docker-28' as const];
  for (const r of all) {
    for (const tool of compared)
      if (r.real[tool] !== undefined) add(tool, r.real[tool] === r.berth[tool]);
    if (r.real['berth-pull'] !== undefined)
      add('berth pull = explain', r.real['berth-pull'] === r.berth['berth-choice']);
  }
  const lines = Object.entries(perTool).map(
    ([tool, t]) => `  ${tool}: ${t.agree}/${t.configurations} agree`,
  );
  const differ = all.flatMap((r) =>
    [...compared, 'berth-pull' as const]
      .filter(
        (tool) =>
          r.real[tool] !== undefined &&
          r.real[tool] !== (tool === 'berth-pull' ? r.berth['berth-choice'] : r.berth[tool]),
      )
      .map(
        (tool) =>
          `  ${r.id} ${tool}: real ${r.real[tool]}, berth ${tool === 'berth-pull' ? r.berth['berth-choice'] : r.berth[tool]}`,
      ),
  );
  // Where the two docker CLIs themselves disagree: the configurations a version decides.
  const versions = all
    .filter((r) => r.real['docker-28'] !== undefined && r.real['docker-28'] !== r.real.docker)
    .map((r) => `  ${r.id}: docker 20.10 ${r.real.docker}, docker 28 ${r.real['docker-28']}`);
  return {
    perTool,
    text: `oracle: ${all.length} configurations\n${lines.join('\n')}${differ.length ? `\ndisagreements:\n${differ.join('\n')}` : ''}${versions.length ? `\ndocker 20.10 and 28 differ:\n${versions.join('\n')}` : ''}`,
  };
}
