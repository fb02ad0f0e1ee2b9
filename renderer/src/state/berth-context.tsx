import { createContext, use, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { BerthClient } from '../../../src/shared/client';
import type { TransportSignals } from '../transport/types';
import { quietSignals } from '../transport/types';
import type { DoctorState } from './doctor-store';
import type { EngineState } from './engine-store';
import type { ImagesState } from './images-store';
import type { PullsState } from './pulls-store';
import type { RegistriesState } from './registries-store';
import type { RunsState } from './runs-store';
import type { TagsState } from './tags-store';
import type { BerthStores } from './stores';
import { createBerthStores } from './stores';
import type { Screen, TransportKind, UiState } from './ui-store';
import type { ImageViewState } from './image-view-store';

const StoresContext = createContext<BerthStores | null>(null);

export interface BerthProviderProps {
  /** The typed client: the real one over a transport, or a fake in component tests. */
  client: BerthClient;
  signals?: TransportSignals;
  initialScreen?: Screen;
  /** How the page reaches Berth; browser mode ('http') when not said. */
  transport?: TransportKind;
  children: ReactNode;
}

export function BerthProvider({
  client,
  signals = quietSignals,
  initialScreen,
  transport,
  children,
}: BerthProviderProps) {
  const [stores] = useState(() => createBerthStores(client, signals, initialScreen, transport));
  useEffect(() => stores.start(), [stores]);
  return <StoresContext value={stores}>{children}</StoresContext>;
}

/** Whether the app's stores are above: views that also render standalone ask before acting. */
export function useHasStores(): boolean {
  return use(StoresContext) !== null;
}

function useStores(): BerthStores {
  const stores = use(StoresContext);
  if (!stores) throw new Error('BerthProvider is missing above this component.');
  return stores;
}

export function useEngine<T>(selector: (state: EngineState) => T): T {
  return useStore(useStores().engine, selector);
}

export function useImages<T>(selector: (state: ImagesState) => T): T {
  return useStore(useStores().images, selector);
}

export function useTags<T>(selector: (state: TagsState) => T): T {
  return useStore(useStores().tags, selector);
}

/** For effects that read the latest state without re-rendering on it. */
export function useTagsStore() {
  return useStores().tags;
}

export function useRegistries<T>(selector: (state: RegistriesState) => T): T {
  return useStore(useStores().registries, selector);
}

export function useDoctor<T>(selector: (state: DoctorState) => T): T {
  return useStore(useStores().doctor, selector);
}

export function usePulls<T>(selector: (state: PullsState) => T): T {
  return useStore(useStores().pulls, selector);
}

export function useRuns<T>(selector: (state: RunsState) => T): T {
  return useStore(useStores().runs, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useStores().ui, selector);
}

export function useImageView<T>(selector: (state: ImageViewState) => T): T {
  return useStore(useStores().imageView, selector);
}
