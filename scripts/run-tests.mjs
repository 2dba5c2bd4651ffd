#!/usr/bin/env node
// `npm test`: every test runner the project uses, then one closing line `N passed, N failed`
// summed over all of them (CI reads that line): vitest, then Playwright's end-to-end specs.
// Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, '.cache', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
let isBroken = false;

function run(label, command, args, readCounts) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  let counts;
  try {
    counts = readCounts();
  } catch {
    counts = undefined;
  }
  if (!counts) {
    // No report means the runner itself failed (a crash, a compile error): count it as a failure.
    console.error(`${label}: no test report was written (exit ${result.status}).`);
    totals.failed += 1;
    isBroken = true;
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (result.status !== 0 && counts.failed === 0) {
    // The runner failed outside any test (an unhandled rejection, a crashed worker): that is a
    // failure too, and the closing line must say so.
    console.error(`${label}: exited with ${result.status} although no test failed; counted as one failure.`);
    totals.failed += 1;
    isBroken = true;
  }
}

const vitestReport = join(reports, 'vitest.json');
run(
  'unit + integration (vitest)',
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
    ...process.argv.slice(2),
  ],
  () => {
    const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
    // A file that failed to load has no test results of its own; count it as one failure.
    const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
    return {
      passed: r.numPassedTests,
      failed: r.numFailedTests + brokenFiles,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  },
);

const playwrightReport = join(reports, 'playwright.json');
run('end to end (Playwright, Debian Chromium, browser mode)', 'npx', ['playwright', 'test'], () => {
  const r = JSON.parse(readFileSync(playwrightReport, 'utf8'));
  // Flaky tests passed on a retry. Errors outside any test (global setup, a spec that fails to
  // load) count as failures too: they stop tests from running at all.
  return {
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected + (r.errors?.length ?? 0),
    skipped: r.stats.skipped,
  };
});

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || isBroken ? 1 : 0);
