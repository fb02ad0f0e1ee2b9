import { useEffect } from 'react';
import { EngineScreen } from '../engine/EngineScreen';
import { ImagesScreen } from '../images/ImagesScreen';
import { TagsScreen } from '../tags/TagsScreen';
import { useUi } from '../state';
import type { Screen } from '../state';
import { Rail } from './Rail';
import { StatusBar } from './StatusBar';
import './app.css';

const TITLES: Record<Screen, string> = { engine: 'Engine', images: 'Images', tags: 'Tags' };

/** The shell: the rail on the left, one screen, the status bar along the bottom. */
export function App() {
  const screen = useUi((s) => s.screen);

  useEffect(() => {
    document.title = `${TITLES[screen]} — Berth`;
  }, [screen]);

  return (
    <div className="shell">
      <Rail />
      <main className="shell__main">
        {screen === 'engine' ? (
          <EngineScreen />
        ) : screen === 'images' ? (
          <ImagesScreen />
        ) : (
          <TagsScreen />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
