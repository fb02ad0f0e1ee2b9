import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Candidate, Explanation, ToolVerdict } from '../../../src/shared/credentials';
import type { KubeletMatch } from '../../../src/shared/kube-pull-secret';
import { HintText } from '../common/HintText';
import { Spinner } from '../common/Spinner';
import { useRegistries } from '../state';
import { AlignDialog } from './AlignDialog';
import { ProblemList } from './ProblemList';
import { Difference, ToolVerdicts, meaningOf } from './ToolVerdicts';

function sameCandidate(a: Candidate | null, b: Candidate | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.source === b.source &&
    a.registry === b.registry &&
    a.username === b.username &&
    a.credentialId === b.credentialId
  );
}

function CandidateLine({ candidate }: { candidate: Candidate }) {
  return (
    <>
      <strong>{candidate.sourceLabel}</strong> · <code>{candidate.username}</code>
      {candidate.pattern ? (
        <>
          {' '}
          · pattern <code>{candidate.pattern}</code>
        </>
      ) : null}
    </>
  );
}

function OtherTool({
  tool,
  label,
  candidate,
  berth,
  registry,
}: {
  tool: 'docker' | 'podman';
  label: string;
  candidate: Candidate | null;
  berth: Candidate | null;
  registry: string;
}) {
  const differs = !sameCandidate(candidate, berth);
  const verdict: ToolVerdict = {
    outcome: candidate ? 'credential' : 'anonymous',
    username: candidate?.username ?? null,
    identityToken: false,
    sourceLabel: candidate?.sourceLabel ?? null,
    why: '',
  };
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {candidate ? <CandidateLine candidate={candidate} /> : <span>anonymous (no login)</span>}
        {differs ? (
          <>
            <span className="badge badge--warn">differs from Berth</span>
            <Difference
              tool={tool}
              meaning={meaningOf(tool, verdict, berth)}
              berth={berth}
              registry={registry}
            />
          </>
        ) : (
          <span className="badge badge--ok">same as Berth</span>
        )}
      </dd>
    </>
  );
}

function ExplanationView({
  result,
  kubelet,
}: {
  result: Explanation;
  kubelet: KubeletMatch | undefined;
}) {
  const { chosen, conflict } = result;
  return (
    <div className="explain__result" data-testid="explain-result">
      <p>
        <code data-testid="explain-image">{result.image}</code> is pulled from{' '}
        <code>{result.registry}</code>.
      </p>
      <div className="explain__chosen" data-testid="explain-chosen" data-chosen={chosen !== null}>
        <p className="explain__chosen-title">
          {chosen ? (
            <>
              Berth would use <CandidateLine candidate={chosen} />
            </>
          ) : (
            <>Berth would pull anonymously.</>
          )}
        </p>
        <p className="muted">
          <HintText text={result.reason} />
        </p>
      </div>
      {conflict.length ? (
        <div
          className="notice notice--warn explain__conflict"
          role="alert"
          data-testid="explain-conflict"
        >
          <p>
            <strong>Conflict:</strong> {conflict.length} Berth credentials tie for the most specific
            pattern. Make one pattern more specific, or remove one.
          </p>
          <ul>
            {conflict.map((c) => (
              <li key={`${c.credentialId ?? c.username}-${c.pattern ?? ''}`}>
                <CandidateLine candidate={c} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h3>Every candidate</h3>
      {result.candidates.length === 0 ? (
        <p className="muted">No credential anywhere names {result.registry}.</p>
      ) : (
        <ul className="explain__candidates" data-testid="explain-candidates">
          {result.candidates.map((c, index) => {
            const isChosen = sameCandidate(c, chosen);
            return (
              <li
                key={`${c.source}-${c.credentialId ?? c.username}-${index}`}
                data-chosen={isChosen}
              >
                <span
                  className={`login-mark login-mark--${isChosen ? 'ok' : 'idle'}`}
                  aria-hidden="true"
                >
                  {isChosen ? '✓' : '·'}
                </span>
                <span>
                  <CandidateLine candidate={c} />
                  {isChosen ? <span className="badge badge--ok">chosen</span> : null}
                  <br />
                  <span className="muted">{c.note}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <h3>Berth, docker, podman and kubelet, for the same image</h3>
      {result.tools ? (
        <ToolVerdicts result={result} tools={result.tools} kubelet={kubelet} />
      ) : (
        <dl className="facts" data-testid="explain-other-tools">
          <OtherTool
            tool="docker"
            label="docker CLI"
            candidate={result.otherTools.docker}
            berth={chosen}
            registry={result.registry}
          />
          <OtherTool
            tool="podman"
            label="podman"
            candidate={result.otherTools.podman}
            berth={chosen}
            registry={result.registry}
          />
        </dl>
      )}
      {result.problems.length ? (
        <>
          <h3>Could not read everything</h3>
          <ProblemList problems={result.problems} testId="explain-problems" />
        </>
      ) : null}
    </div>
  );
}

/** "Which credential would Berth send for this image, and why?" */
export function ExplainPanel() {
  const explain = useRegistries((s) => s.explain);
  const run = useRegistries((s) => s.runExplain);
  const [reference, setReference] = useState('');
  const titleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(reference);
  };

  return (
    <section className="explain" aria-labelledby={titleId} data-testid="explain-panel">
      <h2 id={titleId}>Which credential?</h2>
      <p className="muted">
        Type any image reference: Berth shows the credential it would send, where it comes from, and
        why, next to what Docker and Podman would use.
      </p>
      <form className="explain__form" onSubmit={submit}>
        <input
          className="input mono"
          data-testid="explain-input"
          aria-label="Image reference"
          placeholder="ghcr.io/org/app:1.2, nginx, 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api"
          value={reference}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setReference(e.target.value)}
        />
        <button
          type="submit"
          className="button button--primary"
          data-testid="explain-run"
          disabled={explain.busy || !reference.trim()}
        >
          {explain.busy ? <Spinner /> : null}
          Explain
        </button>
      </form>
      {explain.error ? (
        <p className="notice notice--warn explain__error" role="alert" data-testid="explain-error">
          {explain.error.message}{' '}
          {explain.error.hint ? <HintText text={explain.error.hint} /> : null}
        </p>
      ) : null}
      {explain.aligned ? (
        <p className="notice notice--ok" role="status" data-testid="explain-aligned">
          {explain.aligned}
        </p>
      ) : null}
      {explain.result ? (
        <ExplanationView result={explain.result} kubelet={explain.kubelet} />
      ) : null}
      <AlignDialog />
    </section>
  );
}
