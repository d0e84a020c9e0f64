import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One renderer build, loaded by Electron (app:// protocol) and by the browser host.
// Relative asset paths let both hosts serve it from any base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Offline app: no source maps pointing elsewhere, no remote chunks.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
