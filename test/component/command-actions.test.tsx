import { describe, expect, it } from 'vitest';
import { commandAction, commandActionLabel } from '../../renderer/src/common/command-actions';

describe('reading a berth command as the in-app action that does the same', () => {
  it('turns a login step into "add a credential" for that registry, ignoring its options', () => {
    const action = commandAction('berth login ghcr.io -u <user> --password-stdin');
    expect(action).toEqual({ kind: 'login', registry: 'ghcr.io' });
    expect(action && commandActionLabel(action)).toBe('Add a credential for ghcr.io');
  });

  it('reads the berth stage of a login that pipes its secret in', () => {
    expect(
      commandAction(
        `printf '%s' "$REGISTRY_TOKEN" | berth login 127.0.0.1:5055 -u "$REGISTRY_USER" --password-stdin`,
      ),
    ).toEqual({ kind: 'login', registry: '127.0.0.1:5055' });
  });

  it('pulls, browses, diagnoses and explains the reference the command names', () => {
    expect(commandAction('berth pull 127.0.0.1:5000/team/flows:1 --platform linux/arm64')).toEqual({
      kind: 'pull',
      reference: '127.0.0.1:5000/team/flows:1',
    });
    expect(commandAction('berth tags ghcr.io/org/app')).toEqual({
      kind: 'browse',
      repository: 'ghcr.io/org/app',
    });
    expect(commandAction('berth doctor nginx:1.27 --json')).toEqual({
      kind: 'diagnose',
      reference: 'nginx:1.27',
    });
    expect(commandAction('berth creds explain ghcr.io/org/app:1')).toEqual({
      kind: 'explain',
      reference: 'ghcr.io/org/app:1',
    });
    expect(commandAction('berth creds import --from docker')).toEqual({ kind: 'import' });
  });

  it('leaves placeholders, other tools and unknown verbs as commands to copy', () => {
    expect(commandAction('berth login <registry>')).toBeUndefined();
    expect(commandAction('berth pull IMAGE')).toBeUndefined();
    expect(commandAction('docker login ghcr.io')).toBeUndefined();
    expect(commandAction('berth engine --json')).toBeUndefined();
  });
});
