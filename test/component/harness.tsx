/** Shared set-up for component tests: jsdom sizes for the virtualiser, cleanup, rendering. */
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { App, BerthProvider } from '../../renderer/src';
import type { Screen, TransportSignals } from '../../renderer/src';
import type { FakeClient } from './fake-client';

/** jsdom lays nothing out; give scroll containers a height so the virtualiser renders rows. */
export const VIEWPORT_HEIGHT = 720;

export function setUpComponentDom(): void {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get: () => VIEWPORT_HEIGHT,
    });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get: () => 1000,
    });
  });
  afterEach(() => {
    cleanup();
    // Open result cards are kept for a reload; each test starts a new window.
    globalThis.sessionStorage?.clear();
  });
}

export function renderApp(
  fake: FakeClient,
  options: { screen?: Screen; signals?: TransportSignals } = {},
) {
  return render(
    <BerthProvider client={fake.client} initialScreen={options.screen} signals={options.signals}>
      <App />
    </BerthProvider>,
  );
}

/** A click, with React's updates flushed. */
export const click = (element: HTMLElement) =>
  act(async () => {
    fireEvent.click(element);
  });

/** Types a whole value into an input, select or textarea, with React's updates flushed. */
export const type = (element: HTMLElement, value: string) =>
  act(async () => {
    fireEvent.change(element, { target: { value } });
  });
