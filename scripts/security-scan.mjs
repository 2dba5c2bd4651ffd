#!/usr/bin/env node
// `npm run security`: Doyensec's Electronegativity over the sources (src/) and the build (out/),
// failing on any finding that security/electronegativity-accepted.json does not list with a
// reason. A finding is matched by its check, its file and (when the entry gives one) its message,
// not by line: lines move with every edit, a new kind of finding in a file does not.
//
//   node scripts/security-scan.mjs [--accepted FILE] [DIR...]     (default: src out)
//
// Paths in findings and in the accepted list are relative to the working directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

// Whether a newer Electron with security fixes exists depends on the day and the network, not
// on this code: shown, never failing the run (upgrading Electron is its own change).
const TIME_DEPENDENT_CHECKS = new Set(['AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK']);

const say = (line = '') => void process.stdout.write(`${line}\n`);

function options() {
  const { values, positionals } = parseArgs({
    options: { accepted: { type: 'string', default: 'security/electronegativity-accepted.json' } },
    allowPositionals: true,
  });
  return { acceptedFile: values.accepted, dirs: positionals.length > 0 ? positionals : ['src', 'out'] };
}

/** The accepted list; every entry must say which check, which file and why it is not a problem. */
export function readAccepted(file) {
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const entries = Array.isArray(parsed.accepted) ? parsed.accepted : [];
  for (const [i, entry] of entries.entries()) {
    for (const key of ['check', 'file', 'reason'])
      if (typeof entry[key] !== 'string' || entry[key].trim() === '')
        throw new Error(`${file}: accepted[${i}] needs a non-empty "${key}"`);
  }
  return entries;
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    // Without it the tool assumes Electron 0.1 and reports defaults long since changed.
    const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies?.electron;
    return String(wanted ?? '').replace(/^[^\d]*/, '') || undefined;
  }
}

/** Runs the tool on one folder and returns its findings, with paths relative to the working directory. */
function scan(dir, version) {
  const bin = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
  const work = mkdtempSync(join(tmpdir(), 'wan-electronegativity-'));
  const sarif = join(work, 'findings.sarif');
  try {
    const args = [bin, '-i', dir, '-o', sarif, '-r', ...(version ? ['-e', version] : [])];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } });
    if (run.status !== 0 || !existsSync(sarif)) {
      process.stderr.write(run.stdout + run.stderr);
      throw new Error(`electronegativity failed on ${dir} (exit ${run.status})`);
    }
    const results = JSON.parse(readFileSync(sarif, 'utf8')).runs.flatMap((r) => r.results ?? []);
    return results.map((r) => {
      const where = r.locations?.[0]?.physicalLocation;
      const uri = where?.artifactLocation?.uri ?? 'N/A';
      // App-wide findings (no CSP at all, no navigation limits) name no file: they belong to the folder.
      const isAppWide = uri === 'N/A' || /^file:\/*$/.test(uri);
      return {
        check: r.ruleId,
        file: isAppWide ? dir : relative(process.cwd(), resolve(dir, uri)).split('\\').join('/'),
        line: where?.region?.startLine ?? 0,
        message: r.message?.text ?? '',
        level: r.level ?? '',
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function isAcceptedBy(finding, entry) {
  return (
    entry.check === finding.check &&
    entry.file === finding.file &&
    (entry.message === undefined || entry.message === finding.message)
  );
}

function main() {
  const { acceptedFile, dirs } = options();
  const accepted = readAccepted(acceptedFile);
  const version = electronVersion();
  const findings = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      say(`${dir}/ does not exist${dir === 'out' ? ' — run `npm run build` first' : ''}.`);
      return 1;
    }
    findings.push(...scan(dir, version));
  }
  const used = new Set();
  const fresh = [];
  say(`Electronegativity (Electron ${version ?? 'unknown'}) over ${dirs.join(', ')}:`);
  for (const finding of findings) {
    const where = `${finding.check} ${finding.file}:${finding.line} — ${finding.message}`;
    const entry = accepted.find((e) => isAcceptedBy(finding, e));
    if (entry) {
      used.add(entry);
      say(`  accepted  ${where}`);
    } else if (TIME_DEPENDENT_CHECKS.has(finding.check)) {
      say(`  notice    ${where} (depends on today's Electron releases; not failing the run)`);
    } else {
      fresh.push(finding);
      say(`  NEW       ${where}`);
    }
  }
  for (const entry of accepted)
    if (!used.has(entry) && dirs.some((d) => entry.file === d || entry.file.startsWith(`${d}/`)))
      say(`  (no longer reported: ${entry.check} ${entry.file} — remove it from ${acceptedFile})`);
  if (fresh.length > 0) {
    say();
    say(`${fresh.length} new finding(s). Fix them, or, when one is a false positive, add`);
    say(`{"check", "file", "message", "reason"} for it to ${acceptedFile} saying why.`);
    return 1;
  }
  say(`No new findings: ${findings.length} reported, ${used.size} of them accepted false positives.`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  try {
    process.exitCode = main();
  } catch (err) {
    process.stderr.write(`security scan: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
