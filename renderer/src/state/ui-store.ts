import { createStore } from 'zustand/vanilla';

/** The rail's parts. */
export type Screen = 'engine' | 'images' | 'tags' | 'registries' | 'pulls' | 'runs' | 'doctor';

/**
 * How this page reaches Berth: Electron ipc (the main process can show native dialogs, e.g.
 * a save dialog) or HTTP to `berth serve` (browser mode: the page must ask for a path).
 */
export type TransportKind = 'ipc' | 'http';

export interface UiState {
  screen: Screen;
  transport: TransportKind;
  go(screen: Screen): void;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function createUiStore(initial: Screen = 'engine', transport: TransportKind = 'http') {
  return createStore<UiState>()((set) => ({
    screen: initial,
    transport,
    go: (screen) => set({ screen }),
  }));
}
