import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const STRICT_SCRIPT_SRC = "script-src 'self'";

// The React refresh preamble that the dev server injects is an inline script, which the strict
// CSP in index.html refuses. Relax it only while serving; a build keeps the policy as written.
function relaxCspForDevServer(): Plugin {
  return {
    name: 'wan-studio:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(STRICT_SCRIPT_SRC)) {
          throw new Error(`index.html CSP no longer contains "${STRICT_SCRIPT_SRC}"; update electron.vite.config.ts`);
        }
        return html.replace(STRICT_SCRIPT_SRC, "script-src 'self' 'unsafe-inline'");
      },
    },
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
    plugins: [react(), relaxCspForDevServer()],
  },
});
