import { createStore } from 'zustand/vanilla';

/** The rail's parts. Tags, Registries, Pulls and Runs join this list as they arrive. */
export type Screen = 'engine' | 'images' | 'tags';

export interface UiState {
  screen: Screen;
  go(screen: Screen): void;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function createUiStore(initial: Screen = 'engine') {
  return createStore<UiState>()((set) => ({
    screen: initial,
    go: (screen) => set({ screen }),
  }));
}
