import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one static bundle, loaded by Electron from file:// and by browser mode over
// loopback HTTP, so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
