/**
 * Issue 13: the Doctor's result cards stay until dismissed, across a window reload too (kept
 * in sessionStorage, as pulls are). A pasted token never reaches that storage: the kept text
 * is masked the way the Doctor's report masks it.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { App, BerthProvider } from '../../renderer/src';
import type { Remedy } from '../../src/shared/diagnosis';
import { createFakeClient, fakeDiagnosis, fakeDoctor } from './fake-client';
import { engineUp } from './fixtures';
import { click, setUpComponentDom, type } from './harness';

setUpComponentDom();

const PATTERN: Remedy = {
  id: 'add-pattern:cred-1:team%2F*',
  kind: 'add-pattern',
  title: 'Let alice@registry.example:5000 serve team/*',
  changes: ['registries.json: patterns [] → ["team/*"]'],
  command: 'berth creds pattern add cred-1 "team/*"',
  undoable: true,
};
const UNDO = 'set-patterns:cred-1:%5B%5D';

/** A new window on the same session: new stores, the same sessionStorage. */
function openWindow() {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    ...fakeDoctor({
      run: ({ reference }) => fakeDiagnosis({ image: reference, remedies: [PATTERN] }),
    }).handlers,
    'diagnose.fix': ({ remedyId }) => ({
      applied: true,
      summary: remedyId === UNDO ? 'Patterns restored.' : 'alice now serves team/*.',
      changes: remedyId === UNDO ? [] : ['registries.json: patterns [] → ["team/*"]'],
      undo: remedyId === UNDO ? null : UNDO,
      diagnosis: null,
    }),
  });
  render(
    <BerthProvider client={fake.client} initialScreen="doctor">
      <App />
    </BerthProvider>,
  );
  return fake;
}

const reload = () => {
  cleanup();
  return openWindow();
};

const JWT = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(40)}.${'b'.repeat(40)}`;
const PASTED = [
  'Using default tag: latest',
  'Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
  `debug: GET /v2/library/alpine/manifests/3 Authorization: Bearer ${JWT}`,
].join('\n');

it('keeps a pasted error’s card and a live check’s card across a reload, without the token, until dismissed', async () => {
  const first = openWindow();
  await click(screen.getByTestId('doctor-tab-offline'));
  await type(screen.getByTestId('doctor-message'), PASTED);
  await type(screen.getByTestId('doctor-image'), 'alpine:3');
  await click(screen.getByTestId('doctor-explain'));
  await screen.findByTestId('diagnosis');
  await click(screen.getByTestId('doctor-tab-live'));
  await type(screen.getByTestId('doctor-reference'), 'registry.example:5000/team/app:1');
  await click(screen.getByTestId('doctor-check'));
  await screen.findAllByTestId('diagnosis');
  expect(first.callsTo('diagnose.message')).toEqual([{ message: PASTED, image: 'alpine:3' }]);
  const cards = () => screen.queryAllByTestId('doctor-result').map((c) => c.dataset['result']);
  const before = cards();
  expect(before).toHaveLength(2);
  const titles = screen.getAllByTestId('diagnosis-title').map((t) => t.textContent);

  // What the session keeps never holds the token; the masked text is what a reload has.
  const kept = JSON.stringify(globalThis.sessionStorage);
  expect(kept).not.toContain(JWT);
  expect(kept).toContain('Bearer ***');

  const second = reload();
  expect(cards()).toEqual(before);
  expect(screen.getAllByTestId('diagnosis-title').map((t) => t.textContent)).toEqual(titles);
  // Shown from what was kept: nothing was asked again.
  expect(second.callsTo('diagnose.message')).toEqual([]);
  expect(second.callsTo('diagnose.run')).toEqual([]);

  // Check again, after the reload, classifies the masked text: the token never comes back.
  const pastedCard = screen
    .getAllByTestId('doctor-result')
    .find(
      (c) =>
        c.dataset['result'] === 'docker.io/library/alpine:3' &&
        c.textContent?.includes('from the error text only'),
    );
  expect(pastedCard).toBeDefined();
  await click(within(pastedCard as HTMLElement).getByTestId('diagnosis-check-again'));
  const asked = second.callsTo('diagnose.message');
  expect(asked).toHaveLength(1);
  expect(JSON.stringify(asked)).not.toContain(JWT);
  expect(JSON.stringify(asked)).toContain('toomanyrequests');

  // Dismissed is gone, and stays gone after the next reload.
  const live = screen
    .getAllByTestId('doctor-result')
    .find((c) => c.dataset['result'] === 'registry.example:5000/team/app:1');
  await click(within(live as HTMLElement).getByTestId('doctor-dismiss'));
  reload();
  expect(cards()).toEqual(['docker.io/library/alpine:3']);
  await click(screen.getByTestId('doctor-dismiss'));
  reload();
  expect(cards()).toEqual([]);
  expect(screen.getByTestId('doctor-empty')).toBeDefined();
});

it('checks again, on reload, a card whose check had not answered when the window went', async () => {
  const first = openWindow();
  // This window goes before its answer comes.
  first.handlers['diagnose.message'] = () => new Promise(() => {});
  await click(screen.getByTestId('doctor-tab-offline'));
  await type(screen.getByTestId('doctor-message'), 'Error response from daemon: manifest unknown');
  await click(screen.getByTestId('doctor-explain'));
  expect(screen.getByTestId('doctor-progress')).toBeDefined();

  const second = reload();
  expect(await screen.findByTestId('diagnosis')).toBeDefined();
  expect(second.callsTo('diagnose.message')).toEqual([
    { message: 'Error response from daemon: manifest unknown' },
  ]);
});

it('keeps an applied remedy, its result and its Undo, when the Doctor is left and when the window reloads', async () => {
  const first = openWindow();
  await type(screen.getByTestId('doctor-reference'), 'registry.example:5000/team/app:1');
  await click(screen.getByTestId('doctor-check'));
  const remedy = () => within(screen.getByTestId('doctor-result')).getByTestId('remedy');
  await screen.findByTestId('remedy');
  await click(within(remedy()).getByTestId('remedy-start'));
  await click(within(remedy()).getByTestId('remedy-apply'));
  expect(first.callsTo('diagnose.fix')).toEqual([{ remedyId: PATTERN.id }]);
  expect(within(remedy()).getByTestId('remedy-result').textContent).toContain('alice now serves');

  // Away and back: the screen is drawn anew from the store.
  await click(screen.getByTestId('nav-pulls'));
  expect(screen.queryByTestId('remedy')).toBeNull();
  await click(screen.getByTestId('nav-doctor'));
  expect(within(remedy()).getByTestId('remedy-result').textContent).toContain('alice now serves');

  // A reload: the same, and Undo still undoes.
  const second = reload();
  expect(within(remedy()).getByTestId('remedy-result').textContent).toContain('alice now serves');
  await click(within(remedy()).getByTestId('remedy-undo'));
  expect(second.callsTo('diagnose.fix')).toEqual([{ remedyId: UNDO }]);
  expect(within(remedy()).getByTestId('remedy-result').textContent).toContain('Patterns restored.');
  expect(within(remedy()).queryByTestId('remedy-undo')).toBeNull();
});
