/**
 * The actions a command button and the command palette share: each opens the screen where
 * its result shows and starts it there. One place, so the two cannot drift apart.
 */
import { useDoctor, usePulls, useTags, useUi } from '../state';

export type ScreenAction =
  | { kind: 'pull'; reference: string }
  | { kind: 'browse'; repository: string }
  | { kind: 'diagnose'; reference: string };

export function usePerformAction(): (action: ScreenAction) => void {
  const go = useUi((s) => s.go);
  const pull = usePulls((s) => s.pull);
  const browse = useTags((s) => s.browse);
  const checkImage = useDoctor((s) => s.checkImage);
  return (action) => {
    switch (action.kind) {
      case 'pull':
        go('pulls');
        void pull(action.reference);
        break;
      case 'browse':
        go('tags');
        void browse(action.repository);
        break;
      case 'diagnose':
        go('doctor');
        void checkImage(action.reference);
        break;
    }
  };
}
