import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { xtermCspPlugin } from './scripts/xterm-csp-plugin.ts';

// The renderer is one static bundle, loaded by Electron from file:// and by browser mode over
// loopback HTTP, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  // xterm's DOM renderer rewritten to CSSOM so it runs under the strict CSP (see the plugin).
  plugins: [react(), xtermCspPlugin()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
