import type { CredentialView } from '../../../src/shared/credentials';
import { useRegistries } from '../state';
import { CredentialCard } from './CredentialCard';

/** One card per stored credential, in the order the store keeps them. */
export function CredentialList({ credentials }: { credentials: readonly CredentialView[] }) {
  const tests = useRegistries((s) => s.tests);
  const testStored = useRegistries((s) => s.testStored);
  const openEditor = useRegistries((s) => s.openEditor);
  const openExport = useRegistries((s) => s.openExport);
  const askRemove = useRegistries((s) => s.askRemove);
  return (
    <ul className="cred-list" aria-label="Stored credentials" data-testid="cred-list">
      {credentials.map((c) => (
        <CredentialCard
          key={c.id}
          credential={c}
          test={tests.get(c.id)}
          onTest={() => void testStored(c.id)}
          onEdit={() => openEditor(c.id)}
          onExport={() => openExport(c.id)}
          onRemove={() => askRemove(c.id)}
        />
      ))}
    </ul>
  );
}
