/**
 * The engine-proxy remedy on the Doctor screen: a button like the others, whose preview is
 * the exact drop-in diff and the restart command before anything runs, then what changed and
 * an Undo with the id the host returned.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DiagnosisView } from '../../renderer/src/doctor';
import type { Response } from '../../src/shared/contract';
import type { Remedy } from '../../src/shared/diagnosis';
import { fakeDiagnosis } from './fake-client';
import { setUpComponentDom } from './harness';

setUpComponentDom();

const DROPIN = '/etc/systemd/system/docker.service.d/zz-berth-proxy.conf';
const RESTART = 'sudo systemctl daemon-reload && sudo systemctl restart docker';
const BYPASS: Remedy = {
  id: 'engine-proxy:bypass:10.1.2.3%3A5000',
  kind: 'engine-proxy',
  title: "Connect to 10.1.2.3 without the engine's proxy",
  changes: [
    "Adds 10.1.2.3 to the engine's NO_PROXY; other registries still go through http://***@proxy.corp:3128.",
    `${DROPIN} (new file):`,
    '+ [Service]',
    '+ Environment="NO_PROXY=localhost,10.1.2.3"',
    `Then restart the engine (the proxy is read only at start; running containers stop unless live-restore is on): ${RESTART}`,
  ],
  command: 'berth fix engine-proxy:bypass:10.1.2.3%3A5000 --yes',
  undoable: true,
};

type Fix = Response<'diagnose.fix'>;
const UNDO = `engine-proxy-undo:${encodeURIComponent(DROPIN)}::0123456789abcdef`;

describe('the engine-proxy remedy', () => {
  it('previews the drop-in diff and the restart, applies on confirmation, and undoes with the host’s id', async () => {
    const apply = vi.fn((id: string): Promise<Fix> =>
      Promise.resolve({
        applied: true,
        summary: id.startsWith('engine-proxy-undo:')
          ? `${DROPIN} is back as it was`
          : `${DROPIN} is written; the engine uses it once restarted: ${RESTART}`,
        changes: id.startsWith('engine-proxy-undo:') ? [] : BYPASS.changes.slice(1),
        undo: id.startsWith('engine-proxy-undo:') ? null : UNDO,
        diagnosis: null,
      }),
    );
    render(
      <DiagnosisView
        diagnosis={fakeDiagnosis({ cause: 'proxy', remedies: [BYPASS] })}
        applyRemedy={apply}
        onCheckAgain={vi.fn()}
      />,
    );
    const item = screen
      .getAllByTestId('remedy')
      .find((li) => li.dataset['kind'] === 'engine-proxy') as HTMLElement;
    const preview = within(item).getByRole('list', { name: 'What it changes' }).textContent ?? '';
    expect(preview).toContain('+ Environment="NO_PROXY=localhost,10.1.2.3"');
    expect(preview).toContain(RESTART);
    expect(apply).not.toHaveBeenCalled();

    fireEvent.click(within(item).getByTestId('remedy-start'));
    fireEvent.click(within(item).getByTestId('remedy-apply'));
    await within(item).findByTestId('remedy-result');
    expect(apply).toHaveBeenCalledWith(BYPASS.id, undefined);
    expect(item.textContent).toContain(RESTART);

    fireEvent.click(within(item).getByTestId('remedy-undo'));
    await within(item).findByText(`${DROPIN} is back as it was`);
    expect(apply).toHaveBeenLastCalledWith(UNDO, undefined);
  });
});
