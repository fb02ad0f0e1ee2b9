/**
 * The three verdicts for one image, side by side: what Berth sends, what `docker pull` and
 * `podman pull` in a terminal would send (each tool by its own rules, a failing helper
 * included), and which key of Berth's pull secret kubelet would try. Where a tool differs from
 * Berth, it says what that means for a pull and how to align them.
 */
import type { Candidate, Explanation, ToolVerdict } from '../../../src/shared/credentials';
import type { KubeletMatch } from '../../../src/shared/kube-pull-secret';
import { CopyButton } from '../common/CopyButton';
import { HintText } from '../common/HintText';
import { useRegistries } from '../state';

type Tool = 'docker' | 'podman';

/** The login command of a tool; Docker Hub is docker's default server, named by no argument. */
function loginCommand(tool: Tool, registry: string, username: string): string {
  const server = tool === 'docker' && registry === 'docker.io' ? '' : ` ${registry}`;
  return `${tool} login${server} -u ${username}`;
}

/** What the tool's outcome means next to Berth's choice. */
export function meaningOf(tool: Tool, verdict: ToolVerdict, berth: Candidate | null): string {
  if (verdict.outcome === 'fails') {
    return `\`${tool} pull\` in a terminal fails before it reaches the registry, while Berth ${berth ? `sends ${berth.username}'s login` : 'pulls anonymously'}: fix what ${tool} trips on (below), or pull with Berth.`;
  }
  if (berth && verdict.outcome === 'anonymous') {
    return `\`${tool} pull\` in a terminal goes without a login: for a private image it fails where Berth succeeds.`;
  }
  if (!berth) {
    return `\`${tool} pull\` sends ${verdict.username ?? '?'}'s login, while Berth pulls anonymously: import it so both pull the same way.`;
  }
  return `\`${tool} pull\` logs in as ${verdict.username ?? '?'}, not ${berth.username}: it may see other images, or be refused where Berth is not.`;
}

export function sameAsBerth(verdict: ToolVerdict, berth: Candidate | null): boolean {
  if (verdict.outcome === 'fails') return false;
  if (verdict.outcome === 'anonymous') return berth === null;
  return berth !== null && verdict.username === berth.username;
}

/** What a difference means for a pull in a terminal, and what aligns it with Berth. */
export function Difference({
  tool,
  meaning,
  berth,
  registry,
  testId = `explain-difference-${tool}`,
}: {
  tool: Tool;
  meaning: string;
  berth: Candidate | null;
  registry: string;
  testId?: string;
}) {
  const openExport = useRegistries((s) => s.openExport);
  const openImport = useRegistries((s) => s.openImport);
  const askAlign = useRegistries((s) => s.askAlign);
  return (
    <div className="explain__difference" data-testid={testId}>
      <p>
        <HintText text={meaning} />
      </p>
      <div className="explain__align">
        {berth?.credentialId ? (
          <button
            type="button"
            className="button"
            data-testid={`explain-align-${tool}`}
            onClick={() => askAlign(tool)}
          >
            Write it to {tool === 'docker' ? "docker's config.json" : "podman's auth.json"}
          </button>
        ) : null}
        {berth ? (
          <span className="explain__login">
            <code>{loginCommand(tool, registry, berth.username)}</code>
            <CopyButton
              text={loginCommand(tool, registry, berth.username)}
              label={`the ${tool} login command`}
            />
          </span>
        ) : (
          <button type="button" className="button" onClick={openImport}>
            Import from {tool}
          </button>
        )}
        {berth?.credentialId ? (
          <button
            type="button"
            className="button"
            onClick={() => openExport(berth.credentialId ?? '')}
          >
            Export for Kubernetes
          </button>
        ) : null}
      </div>
    </div>
  );
}

function sends(verdict: ToolVerdict): string {
  if (verdict.outcome === 'fails') return 'fails the pull';
  if (verdict.outcome === 'anonymous') return 'sends nothing (anonymous)';
  const who = verdict.identityToken
    ? `an identity token (${verdict.username ?? '?'})`
    : verdict.username;
  return `sends ${who ?? '?'}${verdict.sourceLabel ? ` · ${verdict.sourceLabel}` : ''}`;
}

function VerdictRow({
  tool,
  label,
  verdict,
  berth,
  registry,
  newer = false,
}: {
  tool: Tool;
  label: string;
  verdict: ToolVerdict;
  berth: Candidate | null;
  registry: string;
  /** A newer release of the tool, where it decides otherwise. */
  newer?: boolean;
}) {
  const same = sameAsBerth(verdict, berth);
  const id = `${tool}${newer ? '-newer' : ''}`;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={`verdict-${id}`}>
        <strong>{sends(verdict)}</strong>{' '}
        {same ? (
          <span className="badge badge--ok">same as Berth</span>
        ) : (
          <span className="badge badge--warn">differs from Berth</span>
        )}
        <br />
        <span className="muted">
          <HintText text={verdict.why} />
        </span>
        {same ? null : (
          <Difference
            tool={tool}
            meaning={meaningOf(tool, verdict, berth)}
            berth={berth}
            registry={registry}
            testId={`explain-difference-${id}`}
          />
        )}
      </dd>
    </>
  );
}

export function ToolVerdicts({
  result,
  tools,
  kubelet,
}: {
  result: Explanation;
  tools: NonNullable<Explanation['tools']>;
  kubelet: KubeletMatch | undefined;
}) {
  const berth = result.chosen;
  const newer = tools.docker.newer;
  return (
    <dl className="facts" data-testid="explain-verdicts">
      <dt>Berth sends</dt>
      <dd data-testid="verdict-berth">
        <strong>
          {berth ? `${berth.username} · ${berth.sourceLabel}` : 'nothing (anonymous)'}
        </strong>
      </dd>
      <VerdictRow
        tool="docker"
        label={`docker would send (${tools.docker.version ?? 'docker CLI'})`}
        verdict={tools.docker}
        berth={berth}
        registry={result.registry}
      />
      {newer ? (
        <VerdictRow
          tool="docker"
          label={`docker would send (${newer.version})`}
          verdict={newer}
          berth={berth}
          registry={result.registry}
          newer
        />
      ) : null}
      <VerdictRow
        tool="podman"
        label="podman would send"
        verdict={tools.podman}
        berth={berth}
        registry={result.registry}
      />
      {kubelet ? (
        <>
          <dt>kubelet would use</dt>
          <dd data-testid="explain-kubelet">
            <HintText text={kubelet.summary} />
            {kubelet.tried.length ? (
              <>
                <br />
                <span className="muted">tries, in order: {kubelet.tried.join(', ')}</span>
              </>
            ) : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
