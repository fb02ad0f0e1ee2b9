import type { ComponentType } from 'react';
import {
  DoctorIcon,
  EngineIcon,
  ImagesIcon,
  PullsIcon,
  RegistriesIcon,
  RunsIcon,
  TagsIcon,
} from '../common/icons';
import { StatusDot } from '../common/StatusDot';
import { useEngine, useUi } from '../state';
import type { Screen } from '../state';
import { Logo } from './Logo';
import './rail.css';

interface Part {
  screen: Screen;
  label: string;
  Icon: ComponentType;
}

/** The parts, in rail order (design/ui.md). */
const PARTS: readonly Part[] = [
  { screen: 'engine', label: 'Engine', Icon: EngineIcon },
  { screen: 'images', label: 'Images', Icon: ImagesIcon },
  { screen: 'tags', label: 'Tags', Icon: TagsIcon },
  { screen: 'registries', label: 'Registries', Icon: RegistriesIcon },
  { screen: 'pulls', label: 'Pulls', Icon: PullsIcon },
  { screen: 'runs', label: 'Runs', Icon: RunsIcon },
  { screen: 'doctor', label: 'Doctor', Icon: DoctorIcon },
];

export function Rail() {
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const engineDown = useEngine((s) => s.status?.state === 'down');

  return (
    <nav className="rail" aria-label="Berth">
      <div className="rail__brand">
        <Logo />
        <span className="rail__name">Berth</span>
      </div>
      <ul className="rail__parts">
        {PARTS.map(({ screen: target, label, Icon }) => (
          <li key={target}>
            <button
              type="button"
              className="rail__item"
              data-testid={`nav-${target}`}
              aria-current={screen === target ? 'page' : undefined}
              title={label}
              onClick={() => go(target)}
            >
              <Icon />
              <span className="rail__label">{label}</span>
              {target === 'engine' && engineDown ? <StatusDot health="down" /> : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
