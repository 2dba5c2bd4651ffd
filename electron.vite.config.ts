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

// sonner (the toasts) injects its stylesheet as a <style> element when its module loads, which the
// strict style-src refuses (a CSP violation, and unstyled toasts). A build drops that call and the
// renderer imports 'sonner/dist/styles.css' as a file instead. An upgrade that changes the call
// fails the build here rather than shipping toasts without styles.
export function dropSonnerStyleInjection(code: string): string {
  const out = code.replace(/__insertCSS\("(?:[^"\\]|\\.)*"\);?/, '');
  if (out === code) throw new Error('sonner no longer calls __insertCSS("…"); update electron.vite.config.ts');
  return out;
}

function sonnerStylesAsFilePlugin(): Plugin {
  return {
    name: 'wan-studio:sonner-styles-as-file',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]sonner[\\/]dist[\\/]index\.m?js$/.test(id)) return null;
      return { code: dropSonnerStyleInjection(code), map: null };
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules (better-sqlite3 is native and cannot be bundled).
      externalizeDeps: true,
      rolldownOptions: {
        // The thumbnail worker is its own file next to index.js, where thumbnail-pool.ts looks
        // for it (resolveWorkerFile); it shares no module with index.js, so no chunk either.
        input: {
          index: 'src/main/index.ts',
          'thumbnail-worker': 'src/main/services/thumbnails/thumbnail-worker.ts',
          // Found by count-thread.ts the same way: the gallery's filtered counts.
          'count-worker': 'src/main/services/library/count-worker.ts',
        },
      },
    },
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
    plugins: [react(), relaxCspForDevServerPlugin(), sonnerStylesAsFilePlugin()],
    build: {
      // electron-vite leaves the renderer unminified; Chromium parses every byte of what a screen
      // loads before it draws, so a minified build is a third of the size and boots sooner.
      minify: true,
      // One stylesheet (about 90 KB), linked from index.html and fetched beside the first script.
      // Split per screen, a lazily loaded screen waited for its own stylesheet after its script
      // before it could render (browser mode serves both from the process that also answers calls).
      cssCodeSplit: false,
      rolldownOptions: {
        output: {
          codeSplitting: {
            // zod-jitless turns zod's eval probe off (the CSP refuses eval). It must run before any
            // schema parses, and split chunks run their shared imports first: in zod's own chunk
            // it runs as soon as zod has loaded, before any chunk that uses zod.
            groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]lib[\\/]zod-jitless\.ts$/ }],
          },
        },
      },
    },
  },
});
