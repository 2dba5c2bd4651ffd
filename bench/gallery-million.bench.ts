import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../src/main/services/library/library';
import { writeSyntheticLibrary } from '../test/fixtures/synthetic-library';
import { CHROMIUM, CHROMIUM_ARGS, rendererDir, writeThumbnails } from './renderer.bench';

// The gallery on a very large library, in Chromium against browser mode run as its own process
// (so its memory is the "main process" figure): first thumbnails from a cold navigation, the
// count, DOM nodes while scrolling end to end, the page's JS heap after it, and the server's RSS.
//
//   npm run bench:gallery -- --scale 1000000     makes the library in a temp folder first (minutes)
//   npm run bench:gallery -- --home DIR          uses a library bench/make-library.ts wrote; it
//                                                gains 300 thumbnail rows, so give it a copy
//   … --renderer DIR                             measures that built renderer (another commit's
//                                                out/renderer, for a before/after) instead of a
//                                                fresh build of this tree
//
// Figures only: it never fails on a missed target.

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src', 'main', 'browser-mode', 'cli.ts');
const THUMBNAILS = 300;
const LOAD_RUNS = 3;
const PAINTED_TILES = 12;
const SCROLL_STEPS = 40;
const SCROLL_STEP_PX = 2_000;
const FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9, 1];
/** Scrolling end to end leaves pages in flight; the figures are read once they have had time to land. */
const SETTLE_MS = 5_000;

const FIRST_THUMBS_TARGET_MS = 1_000;
const DOM_NODES_TARGET = 1_500;
const HEAP_TARGET_MB = 150;
const RSS_TARGET_MB = 400;

const verdict = (isMet: boolean): string => (isMet ? 'target met' : 'target MISSED');
const load = (): string =>
  `load ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Where a slow run is, on stderr (the figures go to stdout). */
const benchStarted = performance.now();
const progress = (what: string): void => {
  process.stderr.write(`  [${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${what}\n`);
};

type Server = { url: string; child: ChildProcess };

/** Browser mode as `npm run browser` runs it, in its own process. */
export async function startServer(home: string, dir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--renderer-dir', dir], {
    cwd: ROOT,
    env: { ...process.env, WAN_STUDIO_HOME: home, WAN_API_KEY: '', WAN_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /Open (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`browser mode exited (${code}):\n${output.slice(-2000)}`)));
  });
  return { url, child };
}

/** Resident and peak resident memory of a process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Opens the Gallery: straight from its address (`#gallery`, the cold navigation the target is
 * about), or the app's studio first and then a click on Gallery. A library seen for the first time
 * greets first, dismissed as a person would.
 */
async function openGallery(page: Page, url: string, isDirect: boolean): Promise<void> {
  // When the click reached the page: "from click" leaves out the app's boot and the driver's latency.
  await page.addInitScript(() => {
    const w = window as unknown as { galleryClickAt?: number };
    document.addEventListener(
      'click',
      (event) => {
        if (event.target instanceof Element && event.target.closest('[data-testid="nav-gallery"]'))
          w.galleryClickAt ??= performance.now();
      },
      true,
    );
  });
  await watchFirstScreen(page);
  progress('opening the app');
  await page.goto(isDirect ? `${url}#gallery` : url);
  progress('app loaded');
  const app = page.locator('[data-testid="app"]:not([data-welcome="undecided"])');
  await app.waitFor({ state: 'attached' });
  if ((await app.getAttribute('data-welcome')) === 'open') await page.getByTestId('welcome-dismiss').click();
  if (isDirect) return;
  await page.getByTestId('nav-gallery').click();
  progress('gallery clicked');
}

/**
 * Watches the page from its first script on (every 16 ms, on a timer: a page opened straight at
 * #gallery draws no further animation frame once its tiles are in) and notes performance.now()
 * (from navigation start) when `needed` tiles first show a decoded image and when the count first
 * shows. In the page, not from the driver: a driver poll starts only once openGallery returns, and
 * anything that holds it up (the first-run question, say) would be counted as paint time.
 */
async function watchFirstScreen(page: Page): Promise<void> {
  await page.addInitScript((needed) => {
    const w = window as unknown as { benchPaintedAt?: number; benchCountedAt?: number };
    const timer = setInterval(() => {
      if (w.benchPaintedAt === undefined) {
        let painted = 0;
        for (const img of document.querySelectorAll<HTMLImageElement>('[data-testid="gallery-tile"] img'))
          if (img.complete && img.naturalWidth > 0) painted++;
        if (painted >= needed) w.benchPaintedAt = performance.now();
      }
      if (w.benchCountedAt === undefined) {
        if (/\d/.test(document.querySelector('[data-testid="gallery-count"]')?.textContent ?? ''))
          w.benchCountedAt = performance.now();
      }
      if (w.benchPaintedAt !== undefined && w.benchCountedAt !== undefined) clearInterval(timer);
    }, 16);
  }, PAINTED_TILES);
}

async function paintedAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { benchPaintedAt?: number }).benchPaintedAt ?? false,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

async function countedAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { benchCountedAt?: number }).benchCountedAt ?? false,
    undefined,
    { timeout: 300_000, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/** Long tasks (script evaluation, React's first render) the page runs, noted from navigation start. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks?: Array<{ start: number; took: number }> };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks!.push({ start: entry.startTime, took: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Where the time to the first thumbnails went, from the page's own timings (ms from navigation
 * start): the HTML, the scripts and styles, the first `/api/invoke` call out and its answer, the
 * first and the 12th thumbnail fetched, and the long tasks (parse, evaluate, render) before paint.
 */
async function phasesOf(page: Page, paintAt: number): Promise<string> {
  // Plain data out of the page, formatted here: tsx names the page's helper functions with a
  // `__name` call the page does not have.
  const timings = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
      path: new URL(r.name).pathname,
      start: r.startTime,
      end: r.responseEnd,
    }));
    const tasks = (window as unknown as { longTasks?: Array<{ start: number; took: number }> }).longTasks ?? [];
    return { html: nav.responseEnd, resources, tasks };
  });
  const ms = (n: number | undefined): string => (n === undefined ? '?' : n.toFixed(0));
  const of = (test: (p: string) => boolean): Array<{ start: number; end: number }> =>
    timings.resources.filter((r) => test(r.path));
  const end = (list: Array<{ end: number }>): number => Math.max(0, ...list.map((r) => r.end));
  const scripts = of((p) => p.endsWith('.js'));
  const styles = of((p) => p.endsWith('.css'));
  const invokes = of((p) => p === '/api/invoke').sort((a, b) => a.start - b.start);
  const media = of((p) => p.startsWith('/media/')).sort((a, b) => a.end - b.end);
  const tasks = timings.tasks.filter((t) => t.start < paintAt);
  return [
    `html ${ms(timings.html)}`,
    `${scripts.length} js ${ms(end(scripts))}`,
    `${styles.length} css ${ms(end(styles))}`,
    `first call out ${ms(invokes[0]?.start)} answered ${ms(invokes[0]?.end)}`,
    `thumbnail 1 out ${ms(media[0]?.start)} in ${ms(media[0]?.end)}`,
    `thumbnail ${PAINTED_TILES} in ${ms(media[PAINTED_TILES - 1]?.end)}`,
    `painted ${ms(paintAt)}`,
    `long tasks ${tasks.length}: ${tasks.map((t) => `${ms(t.start)}+${ms(t.took)}`).join(' ')}`,
  ].join(', ');
}

type Call = { method: string; start: number; took: number };

/** Each `/api/invoke` call the page makes: when it started and how long main took to answer. */
function traceCalls(page: Page): Call[] {
  const calls: Call[] = [];
  page.on('requestfinished', (request) => {
    if (!request.url().includes('/api/invoke')) return;
    const method = (request.postDataJSON() as { method?: string } | null)?.method ?? '?';
    const timing = request.timing();
    calls.push({ method, start: timing.startTime, took: timing.responseEnd });
  });
  return calls;
}

function describeCalls(calls: readonly Call[]): string {
  const first = Math.min(...calls.map((c) => c.start));
  return [...calls]
    .sort((a, b) => a.start - b.start)
    .map((c) => `${c.method} +${(c.start - first).toFixed(0)} took ${c.took.toFixed(0)}`)
    .join('; ');
}

/** A cold navigation each time: a fresh browser context (no HTTP cache), the gallery's address opened. */
async function firstThumbnails(browser: Browser, url: string): Promise<void> {
  const painted: number[] = [];
  const viaStudio: number[] = [];
  const fromClick: number[] = [];
  const counted: number[] = [];
  // Run 0 is the first load after the server started: whatever main does at start competes with it.
  for (let run = 0; run <= LOAD_RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(300_000);
    const calls = traceCalls(page);
    await observeLongTasks(page);
    // The page's main-thread time, which a busy machine stretches less than the wall time.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await openGallery(page, url, true);
    const paint = await paintedAt(page);
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: Array<{ name: string; value: number }>;
    };
    const metric = (name: string): string =>
      `${((metrics.find((m) => m.name === name)?.value ?? 0) * 1000).toFixed(0)}`;
    console.log(
      `  run ${run}: ${await phasesOf(page, paint)}; main thread busy ${metric('TaskDuration')} ms (script ${metric('ScriptDuration')}, layout+style ${metric('LayoutDuration')}+${metric('RecalcStyleDuration')})`,
    );
    const count = await countedAt(page);
    if (run === 0) {
      console.log(
        `first load after the server started: thumbnails at ${paint.toFixed(0)} ms, count at ${count.toFixed(0)} ms`,
      );
    } else {
      painted.push(paint);
      counted.push(count);
    }
    if (run <= 1) console.log(`  calls (ms after the first call; ms to answer): ${describeCalls(calls)}`);
    await context.close();
    if (run === 0) continue;
    // The same through the studio and a click, in its own fresh context.
    const clicked = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const other = await clicked.newPage();
    other.setDefaultTimeout(300_000);
    await openGallery(other, url, false);
    const otherPaint = await paintedAt(other);
    viaStudio.push(otherPaint);
    const clickAt = await other.evaluate(
      () => (window as unknown as { galleryClickAt?: number }).galleryClickAt ?? NaN,
    );
    fromClick.push(otherPaint - clickAt);
    await clicked.close();
  }
  const list = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
  const worst = Math.max(...painted);
  console.log(
    `first ${PAINTED_TILES} thumbnails painted, ms from navigation start to #gallery (${LOAD_RUNS} cold loads): ${list(painted)}`,
  );
  console.log(`  through the studio and a click on Gallery, from navigation start: ${list(viaStudio)}`);
  console.log(`  the same from the click on Gallery: ${list(fromClick)}`);
  console.log(`  count shown, ms from navigation start: ${list(counted)}`);
  console.log(
    `  worst ${worst.toFixed(0)} ms (target ≤ ${FIRST_THUMBS_TARGET_MS} ms): ${verdict(worst <= FIRST_THUMBS_TARGET_MS)}  [${load()}]`,
  );
}

async function scrollEndToEnd(page: Page): Promise<number[]> {
  const gallery = page.getByTestId('gallery');
  const counts: number[] = [];
  const scrollTo = async (position: { top?: number; fraction?: number }): Promise<void> => {
    await gallery.evaluate((el, { top, fraction }) => {
      el.scrollTop = top ?? (fraction ?? 0) * el.scrollHeight;
    }, position);
    await page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
    counts.push(await page.evaluate(() => document.getElementsByTagName('*').length));
  };
  await scrollTo({ top: 0 });
  for (let step = 1; step <= SCROLL_STEPS; step++) await scrollTo({ top: step * SCROLL_STEP_PX });
  for (const fraction of FRACTIONS) await scrollTo({ fraction });
  const last = await page.evaluate(() => {
    const tiles = document.querySelectorAll<HTMLElement>('[data-testid="gallery"] [data-index]');
    return Math.max(-1, ...[...tiles].map((t) => Number(t.dataset.index)));
  });
  const placeholders = await page.locator('[data-testid="gallery"] [role="gridcell"]').count();
  console.log(`  at the end: ${placeholders} cells in the DOM, last loaded tile #${last}`);
  return counts;
}

async function scrolled(browser: Browser, url: string, serverPid: number): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await openGallery(page, url, true);
  await paintedAt(page);
  await countedAt(page);
  const total = await page.getByTestId('gallery-count').textContent();
  const counts = await scrollEndToEnd(page);
  const max = Math.max(...counts);
  const height = await page.getByTestId('gallery').evaluate((el) => el.scrollHeight);
  console.log(`DOM nodes while scrolling end to end (${counts.length} positions over ${height} px; ${total}):`);
  console.log(
    `  max ${max} min ${Math.min(...counts)} (target ≤ ${DOM_NODES_TARGET}): ${verdict(max <= DOM_NODES_TARGET)}`,
  );

  await page.waitForTimeout(SETTLE_MS);
  const cdp = await context.newCDPSession(page);
  const before = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.send('HeapProfiler.collectGarbage');
  const after = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  console.log(
    `renderer JS heap after the scroll: ${mb(before.usedSize)} used, ${mb(after.usedSize)} after GC (target ≤ ${HEAP_TARGET_MB} MB): ${verdict(before.usedSize <= HEAP_TARGET_MB * 1024 * 1024)}`,
  );
  const memory = memoryOf(serverPid);
  console.log(
    `browser-mode server RSS with the gallery scrolled end to end: ${mb(memory.rss)} (peak ${mb(memory.peak)}) (target ≤ ${RSS_TARGET_MB} MB): ${verdict(memory.peak <= RSS_TARGET_MB * 1024 * 1024)}  [${load()}]`,
  );
  if (problems.length) console.log(`  page errors: ${problems.slice(0, 5).join(' | ')}`);
  await context.close();
}

export async function runGalleryMillion(options: { home?: string; scale?: number; renderer?: string }): Promise<void> {
  const dir = options.renderer ? path.resolve(options.renderer) : rendererDir();
  console.log(`renderer: ${dir}`);
  let home = options.home;
  let isOwnHome = false;
  if (!home) {
    home = mkdtempSync(path.join(tmpdir(), 'wan-bench-gallery-'));
    isOwnHome = true;
    const written = writeSyntheticLibrary(home, { generations: options.scale ?? 1_000_000 });
    console.log(
      `library: ${written.generations} generations, ${written.images} images in ${(written.ms / 1000).toFixed(1)} s`,
    );
  } else if (!existsSync(path.join(home, DATABASE_FILE))) {
    throw new Error(`no ${DATABASE_FILE} in ${home}: write one with bench/make-library.ts`);
  }
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const thumbs = await writeThumbnails(home, THUMBNAILS);
    console.log(
      `library ${home}: the ${thumbs} newest images have WebP thumbnails; the rest name a missing one and show "file missing" (no backfill runs)`,
    );
    const started = performance.now();
    server = await startServer(home, dir);
    const pid = server.child.pid!;
    console.log(
      `browser mode up in ${(performance.now() - started).toFixed(0)} ms, pid ${pid}, RSS ${mb(memoryOf(pid).rss)}`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await firstThumbnails(browser, server.url);
    console.log(`  server RSS after the loads: ${mb(memoryOf(pid).rss)} (peak so far ${mb(memoryOf(pid).peak)})`);
    await scrolled(browser, server.url, pid);
  } finally {
    await browser?.close();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    if (isOwnHome) rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: { home: { type: 'string' }, scale: { type: 'string' }, renderer: { type: 'string' } },
  });
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 1)) {
    console.error(
      'Usage: tsx bench/gallery-million.bench.ts [--scale GENERATIONS | --home DIR] [--renderer BUILT_DIR]',
    );
    process.exit(2);
  }
  console.log(`Gallery at scale — Node ${process.version}, ${load()}`);
  await runGalleryMillion({ home: values.home, scale, renderer: values.renderer });
}
