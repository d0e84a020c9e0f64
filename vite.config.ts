import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './core/security/csp.ts';

/**
 * The page carries the same CSP as the HTTP headers (core/security/csp.ts), as a meta
 * tag for hosts that cannot send headers. frame-ancestors is header-only, so it is left out.
 */
const metaCsp = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

// One renderer build, loaded by Electron (app:// protocol) and by the browser host.
// Relative asset paths let both hosts serve it from any base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [
    react(),
    { name: 'ducha-csp', transformIndexHtml: (html: string) => html.replace('%DUCHA_CSP%', metaCsp) },
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Offline app: no source maps pointing elsewhere, no remote chunks.
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
});
