import { useHasStores, useRegistries, useUi } from '../state';
import { usePerformAction } from './perform-action';
import { commandAction, commandActionLabel } from './command-actions';
import type { CommandAction } from './command-actions';
import { CopyButton } from './CopyButton';
import './command-button.css';

/** Runs the in-app twin of a `berth …` command, on the screen where its result shows. */
function useRunAction(): (action: CommandAction) => void {
  const go = useUi((s) => s.go);
  const perform = usePerformAction();
  const openEditor = useRegistries((s) => s.openEditor);
  const runExplain = useRegistries((s) => s.runExplain);
  const openImport = useRegistries((s) => s.openImport);
  return (action) => {
    switch (action.kind) {
      case 'login':
        go('registries');
        openEditor(undefined, action.registry);
        break;
      case 'explain':
        go('registries');
        void runExplain(action.reference);
        break;
      case 'import':
        go('registries');
        openImport();
        break;
      case 'runs':
        go('runs');
        break;
      default:
        perform(action);
    }
  };
}

/**
 * A suggested `berth …` command: a button doing the same in the app, and the command itself
 * as a secondary line to copy for a terminal. A command with no in-app twin is only copied.
 */
export interface CommandButtonProps {
  command: string;
  testId?: string;
  className?: string;
}

export function CommandButton(props: CommandButtonProps) {
  // A diagnosis also renders standalone (a saved report), where there is nothing to act on.
  return useHasStores() ? <ActingCommand {...props} /> : <CommandLine {...props} />;
}

function CommandLine({ command, testId, className }: CommandButtonProps) {
  return (
    <span className={`command-action ${className ?? ''}`} data-testid={testId}>
      <span className="command-action__command">
        <code>{command}</code>
        <CopyButton text={command} label={`command: ${command}`} />
      </span>
    </span>
  );
}

function ActingCommand({ command, testId, className }: CommandButtonProps) {
  const run = useRunAction();
  const action = commandAction(command);
  return (
    <span className={`command-action ${className ?? ''}`} data-testid={testId}>
      {action ? (
        <button
          type="button"
          className="button command-action__button"
          data-testid="command-action"
          onClick={() => run(action)}
        >
          {commandActionLabel(action)}
        </button>
      ) : null}
      <span className="command-action__command">
        <code>{command}</code>
        <CopyButton text={command} label={`command: ${command}`} />
      </span>
    </span>
  );
}
