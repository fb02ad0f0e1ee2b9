import { ConfirmDialog } from '../common/ConfirmDialog';
import { useRegistries } from '../state';

/** Where each tool's own login keeps a credential when no helper does. */
const FILES = {
  docker: "docker's config.json (~/.docker/config.json, or $DOCKER_CONFIG)",
  podman: "podman's auth.json (where `podman login` writes it)",
} as const;

/**
 * Asks before writing Berth's credential into a terminal tool's file: the file will hold the
 * secret (base64, as the tool's own login without a helper writes it), so it is a choice.
 */
export function AlignDialog() {
  const alignment = useRegistries((s) => s.alignment);
  const chosen = useRegistries((s) => s.explain.result?.chosen);
  const confirm = useRegistries((s) => s.confirmAlign);
  const cancel = useRegistries((s) => s.cancelAlign);
  if (!alignment || !chosen) return null;
  const { tool } = alignment;
  return (
    <ConfirmDialog
      title={`Give ${tool} the same login as Berth?`}
      confirmLabel={`Write to ${tool === 'docker' ? 'config.json' : 'auth.json'}`}
      busyLabel="Writing…"
      busy={alignment.busy}
      error={alignment.error}
      onConfirm={() => void confirm()}
      onCancel={cancel}
    >
      <p>
        Berth writes {chosen.username}&apos;s login for <code>{chosen.registry}</code> into{' '}
        {FILES[tool]}, as <code>{tool} login</code> would, so <code>{tool} pull</code> in a terminal
        sends it too.
      </p>
      <p>
        The file will hold the secret, readable by your user only. A copy of the file as it is now
        is kept beside it. If {tool} would still not use the entry (a credential helper decides for
        this registry), Berth puts the file back and says so.
      </p>
    </ConfirmDialog>
  );
}
