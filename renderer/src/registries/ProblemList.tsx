import type { ErrorShape } from '../../../src/shared/errors';
import { HintText } from '../common/HintText';

/** Problems that did not stop the whole answer (a missing credential helper): what, and what to do. */
export function ProblemList({
  problems,
  testId,
}: {
  problems: readonly ErrorShape[];
  testId: string;
}) {
  if (problems.length === 0) return null;
  return (
    <ul className="problem-list" data-testid={testId}>
      {problems.map((problem, index) => (
        <li key={`${problem.code}-${index}`}>
          <p>{problem.message}</p>
          {problem.hint ? (
            <p className="muted">
              <HintText text={problem.hint} />
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
