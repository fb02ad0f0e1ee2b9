import { ConfirmDialog } from '../common/ConfirmDialog';
import { useRegistries } from '../state';

/** Asks before removing: the secret goes from the OS keychain, not only from the list. */
export function RemoveCredentialDialog() {
  const removal = useRegistries((s) => s.removal);
  const credential = useRegistries((s) => s.credentials?.find((c) => c.id === s.removal?.id));
  const confirm = useRegistries((s) => s.confirmRemove);
  const cancel = useRegistries((s) => s.cancelRemove);
  if (!removal) return null;
  const who = credential ? `${credential.username}@${credential.registry}` : 'this credential';
  return (
    <ConfirmDialog
      title={`Remove ${who}?`}
      confirmLabel="Remove"
      busyLabel="Removing…"
      danger
      busy={removal.busy}
      error={removal.error}
      onConfirm={() => void confirm()}
      onCancel={cancel}
    >
      <p>
        Berth deletes the secret from the OS keychain and forgets this credential. This cannot be
        undone: to use it again, enter the secret again.
      </p>
      <p>Docker&apos;s and Podman&apos;s own logins are not touched.</p>
    </ConfirmDialog>
  );
}
