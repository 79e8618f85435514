import { defineConfig } from 'vite';

/** Where `npm start` serves the API during development (see API.md, "Running"). */
const API_ORIGIN = 'http://127.0.0.1:3000';

/**
 * The paths the server answers itself; everything else is the web app. The API pattern
 * leaves out `.ts` files: the dev server serves the app's own modules in web/api/ under
 * the same /api/ prefix.
 */
const proxy = {
  '^/api/(?!.*\\.ts(?:\\?.*)?$)': { target: API_ORIGIN },
  // The server accepts sockets only from its own origin (the page here is Vite's): say it is.
  '/socket.io': { target: API_ORIGIN, ws: true, rewriteWsOrigin: true },
  '/columns': { target: API_ORIGIN },
};

/**
 * The browser app lives in web/ and builds to dist/web, which the server serves.
 * The server sends a strict Content-Security-Policy (script-src and style-src 'self', no
 * 'unsafe-inline'), so the build must not emit inline scripts (no module-preload polyfill)
 * nor data: URLs for assets (img-src and font-src do not allow them).
 */
export default defineConfig(({ command }) => ({
  root: 'web',
  // A build is for production whoever runs it: under vitest NODE_ENV=test would otherwise
  // make Vite pick the `development` export conditions (Lit's dev mode).
  ...(command === 'build' ? { resolve: { conditions: ['module', 'browser', 'production'] } } : {}),
  publicDir: 'public',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    // dist/web/.vite/manifest.json: which chunk holds which page area and what each imports,
    // read by the bundle-size test (tests/integration/web-bundle.test.ts).
    manifest: true,
    // ECharts (about 525 kB, 177 kB gzipped) is its own chunk, loaded only by /progress.
    // Each page area and each language's messages are chunks too (web/routes.ts, web/i18n).
    chunkSizeWarningLimit: 600,
  },
  server: { proxy },
  preview: { proxy },
}));
