import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// While serving, the dev server needs what a build does not: the React refresh preamble is an
// inline script, and Vite injects each CSS module as a <style> element (a build links .css files).
// The strict CSP in index.html refuses both, so it is relaxed only while serving; a build keeps the
// policy as written (and the Electron session adds no CSP header for the dev server).
const DEV_SERVER_RELAXATIONS: ReadonlyArray<readonly [strict: string, relaxed: string]> = [
  ["script-src 'self'", "script-src 'self' 'unsafe-inline'"],
  ["style-src 'self'", "style-src 'self' 'unsafe-inline'"],
];

export function relaxCspForDevServer(html: string): string {
  let out = html;
  for (const [strict, relaxed] of DEV_SERVER_RELAXATIONS) {
    if (!out.includes(`${strict};`))
      throw new Error(`index.html CSP no longer contains "${strict}"; update electron.vite.config.ts`);
    out = out.replace(`${strict};`, `${relaxed};`);
  }
  return out;
}

function relaxCspForDevServerPlugin(): Plugin {
  return {
    name: 'wan-studio:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml: { order: 'pre', handler: relaxCspForDevServer },
  };
}

export default defineConfig({
  main: {
    // Dependencies stay in node_modules (better-sqlite3 is native and cannot be bundled).
    build: { externalizeDeps: true },
  },
  preload: {
    build: {
      // A sandboxed preload can only `require('electron')`, so everything else is bundled in,
      // and it must be CommonJS: sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    plugins: [react(), relaxCspForDevServerPlugin()],
  },
});
