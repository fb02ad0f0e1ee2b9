import { useEffect, useState } from 'react';
import type { ComponentType } from 'react';
import { DoctorScreen } from '../doctor';
import { EngineScreen } from '../engine/EngineScreen';
import { ImageView } from '../image-view/ImageView';
import { ImagesScreen } from '../images/ImagesScreen';
import { CommandPalette } from '../palette/CommandPalette';
import { PullsScreen } from '../pulls/PullsScreen';
import { RegistriesScreen } from '../registries/RegistriesScreen';
import { RunsScreen } from '../runs';
import { TagsScreen } from '../tags/TagsScreen';
import { useUi } from '../state';
import type { Screen } from '../state';
import { Rail } from './Rail';
import { StatusBar } from './StatusBar';
import './app.css';

const TITLES: Record<Screen, string> = {
  engine: 'Engine',
  images: 'Images',
  tags: 'Tags',
  registries: 'Registries',
  pulls: 'Pulls',
  runs: 'Runs',
  doctor: 'Doctor',
};

const SCREENS: Record<Screen, ComponentType> = {
  engine: EngineScreen,
  images: ImagesScreen,
  tags: TagsScreen,
  registries: RegistriesScreen,
  pulls: PullsScreen,
  runs: RunsScreen,
  doctor: DoctorScreen,
};

/** The shell: the rail on the left, one screen, the status bar along the bottom. */
export function App() {
  const screen = useUi((s) => s.screen);
  const Current = SCREENS[screen];
  const [palette, setPalette] = useState(false);

  // Ctrl+K (Cmd+K on a Mac) opens the command palette from anywhere, as in most dev tools.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey)) return;
      if (event.altKey || event.shiftKey) return;
      event.preventDefault();
      setPalette((open) => !open);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    document.title = `${TITLES[screen]} — Berth`;
  }, [screen]);

  return (
    <div className="shell">
      {/* WCAG 2.4.1: the first Tab stop jumps past the rail to the screen. */}
      <a
        className="skip-link"
        href="#main"
        data-testid="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Rail />
      <main className="shell__main" id="main" tabIndex={-1}>
        <Current />
      </main>
      <StatusBar />
      <ImageView />
      {palette ? (
        <CommandPalette
          screens={Object.keys(SCREENS) as Screen[]}
          onClose={() => setPalette(false)}
        />
      ) : null}
    </div>
  );
}
