import { formatProblem } from '../../../src/shared/flows';
import { HintText } from '../common/HintText';
import { useRuns } from '../state';

/** What discovery could not read, named by file and line. */
export function FolderProblems() {
  const problems = useRuns((s) => s.discovery?.problems);
  if (!problems || problems.length === 0) return null;
  return (
    <section className="folder-problems" aria-labelledby="folder-problems-title">
      <h2 id="folder-problems-title">
        {problems.length === 1 ? 'One problem' : `${problems.length} problems`} in this folder
      </h2>
      <ul data-testid="folder-problems">
        {problems.map((problem) => (
          <li key={formatProblem(problem)} data-testid="folder-problem">
            <span className="mono">{formatProblem(problem)}</span>
            {problem.hint ? (
              <span className="muted">
                {' '}
                <HintText text={problem.hint} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
