import type { ErrorShape } from '../../../src/shared/errors';
import { ErrorDetails } from '../common/ErrorDetails';
import { HintText } from '../common/HintText';
import { Logo } from './Logo';
import './access-screen.css';

export type AccessProblem = { kind: 'missing-token' } | { kind: 'denied'; error: ErrorShape };

/** Browser mode without a usable token: nothing else can work, so say how to get one. */
export function AccessScreen({ problem }: { problem: AccessProblem }) {
  const wrongToken = problem.kind === 'denied' && problem.error.code === 'host.unauthorized';
  return (
    <main className="access-screen" data-testid="access-screen">
      <div className="access-screen__card">
        <Logo size={40} />
        {problem.kind === 'missing-token' || wrongToken ? (
          <>
            <h1>
              This page needs the link <code>berth serve</code> printed, with its{' '}
              <code>#token=…</code>
            </h1>
            <p>
              {wrongToken ? (
                <HintText text="The token this page has is not the one `berth serve` uses now: it makes a new one every time it starts." />
              ) : (
                'The token keeps other web pages on this machine out of Berth, so the page cannot talk to Berth without it.'
              )}
            </p>
            <div className="what-to-do">
              <h2>What to do</h2>
              <p>
                Run <code>berth serve</code> in a terminal (or look at the one already running) and
                open the whole URL it prints, including the part after <code>#</code>.
              </p>
            </div>
          </>
        ) : (
          <>
            <h1>Berth refused this page</h1>
            <p>{problem.error.message}</p>
            <div className="what-to-do">
              <h2>What to do</h2>
              <p>
                Open the page at <code>http://127.0.0.1:…</code> exactly as <code>berth serve</code>{' '}
                printed it, not through another host name or proxy.
              </p>
            </div>
          </>
        )}
        {problem.kind === 'denied' ? <ErrorDetails error={problem.error} /> : null}
      </div>
    </main>
  );
}
