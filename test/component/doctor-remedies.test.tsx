import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DiagnosisView } from '../../renderer/src/doctor';
import type { Response } from '../../src/shared/contract';
import type { Remedy } from '../../src/shared/diagnosis';
import { BerthError } from '../../src/shared/errors';
import { fakeDiagnosis } from './fake-client';
import { setUpComponentDom } from './harness';

setUpComponentDom();

const LOGIN: Remedy = {
  id: 'login:registry.example%3A5000:alice',
  kind: 'login',
  title: 'Store a login for registry.example:5000',
  changes: ['Adds alice@registry.example:5000 to the OS keychain and Berth’s credential list.'],
  command: 'berth login registry.example:5000 -u alice --password-stdin',
  undoable: true,
  prefill: { registry: 'registry.example:5000', username: 'alice' },
};
const LOGOUT: Remedy = {
  id: 'logout:docker:registry.example%3A5000',
  kind: 'logout',
  title: 'Remove docker’s stale login for registry.example:5000',
  changes: [
    'Removes auths["registry.example:5000"] from ~/.docker/config.json (a backup is kept).',
  ],
  command: 'docker logout registry.example:5000',
  undoable: true,
};

type Fix = Response<'diagnose.fix'>;
const outcome = (over: Partial<Fix> = {}): Fix => ({
  applied: true,
  summary: 'Done.',
  changes: [],
  undo: null,
  diagnosis: null,
  ...over,
});

function show(apply: (id: string, secret?: string) => Promise<Fix>, onCheckAgain = vi.fn()) {
  render(
    <DiagnosisView
      diagnosis={fakeDiagnosis({ remedies: [LOGIN, LOGOUT] })}
      applyRemedy={apply}
      onCheckAgain={onCheckAgain}
    />,
  );
  const item = (kind: string) =>
    screen.getAllByTestId('remedy').find((li) => li.dataset['kind'] === kind) as HTMLElement;
  return { item, onCheckAgain };
}

describe('remedies on a diagnosis', () => {
  it('shows each remedy with exactly what it changes and its terminal command, before anything runs', () => {
    const apply = vi.fn(() => Promise.resolve(outcome()));
    const { item } = show(apply);
    const login = item('login');
    expect(within(login).getByRole('list', { name: 'What it changes' }).textContent).toContain(
      'Adds alice@registry.example:5000 to the OS keychain',
    );
    expect(login.textContent).toContain(LOGIN.command);
    expect(apply).not.toHaveBeenCalled();
  });

  it('asks for the secret of a login, sends it once, then checks the image again', async () => {
    const apply = vi.fn((_id: string, _secret?: string) =>
      Promise.resolve(outcome({ summary: 'Stored alice for registry.example:5000.' })),
    );
    const { item, onCheckAgain } = show(apply);
    const login = item('login');
    fireEvent.click(within(login).getByTestId('remedy-start'));
    expect(apply).not.toHaveBeenCalled();
    const secret = within(login).getByLabelText(/Password or token for alice at registry\.example/);
    fireEvent.change(secret, { target: { value: 's3cret-token' } });
    fireEvent.click(within(login).getByTestId('remedy-apply'));
    expect(await within(login).findByTestId('remedy-result')).toBeTruthy();
    expect(apply).toHaveBeenCalledWith(LOGIN.id, 's3cret-token');
    expect(login.textContent).toContain('Stored alice for registry.example:5000.');
    expect(login.textContent).not.toContain('s3cret-token');
    expect(onCheckAgain).toHaveBeenCalledTimes(1);
  });

  it('asks who logs in when the registry does not say, and names the user in the remedy it applies', async () => {
    const apply = vi.fn((_id: string, _secret?: string) => Promise.resolve(outcome()));
    render(
      <DiagnosisView
        diagnosis={fakeDiagnosis({
          remedies: [
            {
              ...LOGIN,
              id: 'login:registry.example%3A5000:',
              prefill: { registry: 'registry.example:5000', username: null },
            },
          ],
        })}
        applyRemedy={apply}
      />,
    );
    fireEvent.click(screen.getByTestId('remedy-start'));
    fireEvent.change(screen.getByLabelText(/Username at registry\.example:5000/), {
      target: { value: ' bob ' },
    });
    fireEvent.change(screen.getByTestId('remedy-secret'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('remedy-apply'));
    await screen.findByTestId('remedy-result');
    expect(apply).toHaveBeenCalledWith('login:registry.example%3A5000:bob', 'pw');
  });

  it('confirms a file change, shows what changed, and undoes it with the id the host returned', async () => {
    const apply = vi.fn((id: string) =>
      Promise.resolve(
        id.startsWith('undo:')
          ? outcome({ summary: 'Restored ~/.docker/config.json from its backup.' })
          : outcome({
              summary: 'Removed docker’s login for registry.example:5000.',
              changes: ['~/.docker/config.json: auths["registry.example:5000"] removed'],
              undo: 'undo:backup-1',
            }),
      ),
    );
    const { item } = show(apply);
    const logout = item('logout');
    fireEvent.click(within(logout).getByTestId('remedy-start'));
    expect(within(logout).getByTestId('remedy-confirm').textContent).toContain('Apply the changes');
    fireEvent.click(within(logout).getByTestId('remedy-apply'));
    await within(logout).findByTestId('remedy-result');
    expect(logout.textContent).toContain('auths["registry.example:5000"] removed');
    fireEvent.click(within(logout).getByTestId('remedy-undo'));
    await within(logout).findByText('Restored ~/.docker/config.json from its backup.');
    expect(apply).toHaveBeenLastCalledWith('undo:backup-1', undefined);
    expect(within(logout).queryByTestId('remedy-undo')).toBeNull();
  });

  it('opens the pull a retry started on the Pulls screen', async () => {
    const RETRY: Remedy = {
      id: 'retry:registry.example%3A5000%2Fteam%2Fapp%3A1',
      kind: 'retry',
      title: 'Pull registry.example:5000/team/app:1 again',
      changes: ['Starts a pull of registry.example:5000/team/app:1, shown on the Pulls screen.'],
      command: 'berth pull registry.example:5000/team/app:1',
      undoable: false,
    };
    const apply = vi.fn(() =>
      Promise.resolve(
        outcome({
          summary:
            'Pulled registry.example:5000/team/app:1 as pull p-7, shown on the Pulls screen.',
          pull: { pullId: 'p-7', entryId: 'e-7' },
        }),
      ),
    );
    const openPull = vi.fn();
    render(
      <DiagnosisView
        diagnosis={fakeDiagnosis({ remedies: [RETRY] })}
        applyRemedy={apply}
        openPull={openPull}
      />,
    );
    const retry = screen.getByTestId('remedy');
    fireEvent.click(within(retry).getByTestId('remedy-start'));
    fireEvent.click(within(retry).getByTestId('remedy-apply'));
    fireEvent.click(await within(retry).findByTestId('remedy-open-pull'));
    expect(openPull).toHaveBeenCalledWith('p-7');
  });

  it('says why the host refused, and nothing is checked again', async () => {
    const apply = vi.fn(() =>
      Promise.reject(
        new BerthError(
          'credentials.login_failed',
          'registry.example:5000 refused alice.',
          'Check the token.',
        ),
      ),
    );
    const { item, onCheckAgain } = show(apply);
    const login = item('login');
    fireEvent.click(within(login).getByTestId('remedy-start'));
    fireEvent.change(within(login).getByTestId('remedy-secret'), { target: { value: 'wrong' } });
    fireEvent.click(within(login).getByTestId('remedy-apply'));
    const error = await within(login).findByTestId('remedy-error');
    expect(error.textContent).toContain('registry.example:5000 refused alice.');
    expect(error.textContent).toContain('Check the token.');
    expect(onCheckAgain).not.toHaveBeenCalled();
  });

  it('Cancel forgets the secret typed; Back after a refusal offers the remedy again, the secret kept for a second try', async () => {
    const apply = vi.fn(() =>
      Promise.reject(
        new BerthError('credentials.login_failed', 'registry.example:5000 refused alice.'),
      ),
    );
    const { item } = show(apply);
    const login = item('login');
    const secretField = () => within(login).getByTestId('remedy-secret') as HTMLInputElement;

    fireEvent.click(within(login).getByTestId('remedy-start'));
    fireEvent.change(secretField(), { target: { value: 'typo' } });
    fireEvent.click(within(login).getByRole('button', { name: 'Cancel' }));
    expect(within(login).queryByTestId('remedy-confirm')).toBeNull();
    expect(login.dataset['state']).toBe('idle');
    fireEvent.click(within(login).getByTestId('remedy-start'));
    expect(secretField().value).toBe('');

    fireEvent.change(secretField(), { target: { value: 'wrong' } });
    fireEvent.click(within(login).getByTestId('remedy-apply'));
    fireEvent.click(
      within(await within(login).findByTestId('remedy-error')).getByRole('button', {
        name: 'Back',
      }),
    );
    expect(login.dataset['state']).toBe('idle');
    expect(within(login).queryByTestId('remedy-error')).toBeNull();
    fireEvent.click(within(login).getByTestId('remedy-start'));
    expect(secretField().value).toBe('wrong');
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('shows no remedies where the view cannot apply them (no applyRemedy)', () => {
    render(<DiagnosisView diagnosis={fakeDiagnosis({ remedies: [LOGIN] })} />);
    expect(screen.queryByTestId('remedies')).toBeNull();
  });
});
