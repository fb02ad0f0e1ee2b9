// The base styles load first, so each component's stylesheet can refine them.
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './shell/Root';
import { pickTransport } from './transport';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element.');

createRoot(element).render(
  <StrictMode>
    <Root choice={pickTransport(window)} />
  </StrictMode>,
);
