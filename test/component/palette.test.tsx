import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { paletteItems, repositoryOf } from '../../renderer/src/palette/palette-actions';
import { createFakeClient, fakeDoctor } from './fake-client';
import { engineUp } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

function setUp() {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'ledger.list': () => ({ entries: [], skipped: 0 }),
    'pull.start': () => ({ pullId: 'p1' }),
    ...fakeDoctor().handlers,
  });
  renderApp(fake, { screen: 'engine' });
  return fake;
}

const key = (target: Element | Document, init: KeyboardEventInit) =>
  act(async () => {
    fireEvent.keyDown(target, init);
  });

describe('the command palette', () => {
  it('opens with Ctrl+K and pulls the reference typed, on the Pulls screen', async () => {
    const fake = setUp();
    await key(document, { key: 'k', ctrlKey: true });
    const input = screen.getByTestId('palette-input');
    expect(document.activeElement).toBe(input);
    await act(async () => {
      fireEvent.change(input, { target: { value: 'ghcr.io/org/app:1.2' } });
    });
    expect(screen.getByTestId('palette-item-pull').getAttribute('aria-selected')).toBe('true');
    await key(input, { key: 'Enter' });
    expect(screen.queryByTestId('palette')).toBeNull();
    expect(fake.callsTo('pull.start')).toEqual([{ reference: 'ghcr.io/org/app:1.2' }]);
    expect(screen.getByTestId('pull-reference')).toHaveProperty('value', 'ghcr.io/org/app:1.2');
  });

  it('moves with the arrow keys and diagnoses the reference on the Doctor screen', async () => {
    const fake = setUp();
    await key(document, { key: 'k', metaKey: true });
    const input = screen.getByTestId('palette-input');
    await act(async () => {
      fireEvent.change(input, { target: { value: 'team/app:1' } });
    });
    await key(input, { key: 'ArrowDown' });
    await key(input, { key: 'ArrowDown' });
    expect(screen.getByTestId('palette-item-diagnose').getAttribute('aria-selected')).toBe('true');
    await key(input, { key: 'Enter' });
    expect(fake.callsTo('diagnose.run')).toEqual([{ reference: 'team/app:1' }]);
  });

  it('closes on Escape without doing anything', async () => {
    const fake = setUp();
    await key(document, { key: 'k', ctrlKey: true });
    await key(screen.getByTestId('palette-input'), { key: 'Escape' });
    expect(screen.queryByTestId('palette')).toBeNull();
    expect(fake.callsTo('pull.start')).toEqual([]);
  });
});

describe('the palette’s actions', () => {
  it('offers pull, browse and diagnose only for a valid reference, then matching screens', () => {
    expect(paletteItems('ghcr.io/org/app:1', false).map((i) => i.id)).toEqual([
      'pull',
      'browse',
      'diagnose',
    ]);
    expect(paletteItems('NOT A REF', false).map((i) => i.id)).toEqual([]);
    // A bare word is first a screen, then an image of that name.
    expect(paletteItems('ledger', false).map((i) => i.id)).toEqual([
      'go-pulls',
      'pull',
      'browse',
      'diagnose',
    ]);
    expect(paletteItems('run', true).map((i) => i.id)).toContain('go-runs');
    expect(paletteItems('run', false).map((i) => i.id)).not.toContain('go-runs');
  });

  it('narrows to one action when the text starts with a CLI verb and its argument', () => {
    const ref = '127.0.0.1:5055/team/flows:1';
    expect(paletteItems(`pull ${ref}`, true).map((i) => i.action)).toEqual([
      { kind: 'pull', reference: ref },
    ]);
    expect(paletteItems(`tags ${ref}`, true).map((i) => i.action)).toEqual([
      { kind: 'browse', repository: '127.0.0.1:5055/team/flows' },
    ]);
    expect(paletteItems(`doctor ${ref}`, true).map((i) => i.action)).toEqual([
      { kind: 'diagnose', reference: ref },
    ]);
    // A malformed argument offers nothing rather than a pull that will be refused.
    expect(paletteItems('pull NOT A REF', true)).toEqual([]);
  });

  it('runs a flow of the open project by name, or says a project must be opened first', () => {
    const flows = [
      { id: 'prefect-deployment:prefect.yaml:hello-explicit', name: 'hello-explicit' },
      { id: 'prefect-flow:flows/chatty.py:chatty', name: 'chatty' },
    ];
    expect(paletteItems('run hello', true, { flows }).map((i) => i.action)).toEqual([
      { kind: 'run', flowId: 'prefect-deployment:prefect.yaml:hello-explicit' },
    ]);
    expect(paletteItems('run nothing-like-it', true, { flows })).toEqual([]);
    expect(paletteItems('run chatty', true).map((i) => i.action)).toEqual([
      { kind: 'go', screen: 'runs' },
    ]);
  });

  it('offers the references used lately before anything is typed', () => {
    const recent = ['ghcr.io/org/app:2', 'nginx:1.27'];
    const items = paletteItems('', true, { recent });
    expect(items.slice(0, 2).map((i) => i.action)).toEqual([
      { kind: 'pull', reference: 'ghcr.io/org/app:2' },
      { kind: 'pull', reference: 'nginx:1.27' },
    ]);
    // Typing replaces them with what matches the text.
    expect(paletteItems('ledger', true, { recent }).map((i) => i.id)).not.toContain(
      'recent-nginx:1.27',
    );
  });

  it('browses the repository of a reference, without its tag or digest, keeping a port', () => {
    expect(repositoryOf('localhost:5000/team/app:1')).toBe('localhost:5000/team/app');
    expect(repositoryOf('localhost:5000/team/app')).toBe('localhost:5000/team/app');
    expect(repositoryOf(`nginx@sha256:${'a'.repeat(64)}`)).toBe('nginx');
  });
});
