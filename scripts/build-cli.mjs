#!/usr/bin/env node
// Bundles the CLI (src/cli) into out/cli for `npm run build`; see README "CLI" for how it is run.
// ESM with code splitting: each `import()` of a command group or heavy service becomes its own
// chunk, loaded only by the commands that need it. Native and optional packages stay outside.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

/**
 * One line per program the bundle holds: `wan-studio.mjs` is what bin/wan-studio.js and the
 * packaged launchers run. A worker_threads entry (a thumbnail worker) is added here as another
 * `name: source` pair and found at runtime as `new URL('./<name>.mjs', import.meta.url)`.
 */
export const ENTRY_POINTS = {
  'wan-studio': 'src/cli/main.ts',
  // Found by thumbnail-pool.ts next to the bundle (the pool itself sits in chunks/, one folder down).
  'thumbnail-worker': 'src/main/services/thumbnails/thumbnail-worker.ts',
  // Found by count-thread.ts the same way (browser mode's gallery counts).
  'count-worker': 'src/main/services/library/count-worker.ts',
};

/** Loaded from node_modules at runtime: native code (and its loaders), or large optional parts. */
export const EXTERNAL = ['better-sqlite3', 'sharp', 'electron', 'electron-log', 'colorthief', 'undici'];

const COMMON = {
  absWorkingDir: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  // A bundled CommonJS dependency may call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __wanCreateRequire } from 'node:module'; const require = __wanCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** Every command's group, flags and usage lines, read once here by loading every command group. */
async function collectManifest(outdir) {
  const tmp = join(outdir, '.manifest');
  await build({ ...COMMON, entryPoints: { groups: 'src/cli/command-groups.ts' }, outdir: tmp });
  try {
    const groups = await import(pathToFileURL(join(tmp, 'groups.mjs')).href);
    return await groups.collectManifest();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Puts the manifest into the bundle in place of src/cli/built-manifest.ts's `undefined`. */
const builtManifest = (manifest) => ({
  name: 'wan-studio:built-manifest',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]built-manifest\.ts$/ }, () => ({
      contents: `export const BUILT_MANIFEST = ${JSON.stringify(manifest)};`,
      loader: 'js',
    }));
  },
});

/** Writes out/cli (or `outdir`): the bundle, its chunks and build-info.json. */
export async function buildCli(outdir = join(root, 'out', 'cli')) {
  const started = Date.now();
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const manifest = await collectManifest(outdir);
  const result = await build({
    ...COMMON,
    entryPoints: ENTRY_POINTS,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [builtManifest(manifest)],
    // Not minified: measured, it saved no CPU time on `list` (0.16 s either way), and readable
    // chunks keep stack traces useful without source maps.
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
  });

  // What bin/wan-studio.js checks before trusting the bundle: every source file it was built from,
  // and when the build began (a file saved during the build counts as newer).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.includes('node_modules/'))
    .map((file) => relative(root, join(root, file)).split('\\').join('/'))
    .concat('scripts/build-cli.mjs');
  writeFileSync(join(outdir, 'build-info.json'), `${JSON.stringify({ startedAt: started, inputs }, null, 1)}\n`);
  console.log(
    `out/cli: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs')).length} files from ${inputs.length} sources in ${Date.now() - started} ms`,
  );
}

// `--outdir DIR` (relative to the project, two folders deep like out/cli so that package.json and
// node_modules resolve the same way): test/integration/cli-lazy.test.ts builds its own copy.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outArg = process.argv.indexOf('--outdir');
  await buildCli(outArg > 0 ? join(root, process.argv[outArg + 1]) : undefined);
}
