import { FolderIcon } from '../common/icons';
import { RelativeTime } from '../common/RelativeTime';
import { useRuns } from '../state';

/** No project open: what goes here, the button that fills it, and the recent folders. */
export function ProjectStart({ onOpen }: { onOpen: () => void }) {
  const recent = useRuns((s) => s.recent);
  const recentError = useRuns((s) => s.recentError);
  const open = useRuns((s) => s.open);
  const discovering = useRuns((s) => s.discovering);

  return (
    <div className="project-start">
      <section className="state-panel state-panel--empty" data-testid="runs-empty">
        <div className="state-panel__icon">
          <FolderIcon />
        </div>
        <h2 className="state-panel__title">Run a flow locally, in the image its worker uses</h2>
        <p className="state-panel__message">
          Open a project folder with a prefect.yaml, a valohai.yaml, a berth.yaml or Prefect flows,
          and its flows show here, ready to run with their env, volumes and pull policy.
        </p>
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            data-testid="runs-empty-open"
            onClick={onOpen}
          >
            <FolderIcon /> Open a project folder
          </button>
        </div>
      </section>
      {recent && recent.length > 0 ? (
        <section className="recent-projects" aria-labelledby="recent-projects-title">
          <h2 id="recent-projects-title">Recent projects</h2>
          <ul data-testid="recent-projects">
            {recent.map((project) => (
              <li key={project.path} data-exists={project.exists}>
                <button
                  type="button"
                  className="recent-projects__item"
                  data-testid="recent-project"
                  disabled={!project.exists || discovering}
                  onClick={() => void open(project.path)}
                >
                  <span className="mono">{project.path}</span>
                  {project.exists ? null : (
                    <span className="badge badge--warn" data-testid="recent-project-missing">
                      folder missing
                    </span>
                  )}
                  <span className="muted recent-projects__when">
                    opened <RelativeTime iso={project.openedAt} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {recentError ? (
        <p className="muted" role="status">
          Could not read the recent projects: {recentError.message}
        </p>
      ) : null}
    </div>
  );
}
