/**
 * Builds the console's renderer (React) from renderer/index.html into dist/renderer. The same bundle is
 * loaded by the Electron window and served by the headless console, so it loads nothing remote.
 */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Vite's dev server injects CSS through <style> elements; only there may inline styles run. The built
 * page keeps the strict policy written in index.html.
 */
function allowInlineStylesInDev(): Plugin {
  return {
    name: 'paxoscope-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), allowInlineStylesInDev()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5179, strictPort: true },
});
