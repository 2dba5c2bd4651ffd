import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/library';
import { isAcceptedBy, readAccepted } from '../../scripts/security-scan.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'security-scan.mjs');

function scan(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [SCRIPT, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const fixture = tempDir('wan-security-');
afterAll(() => fixture.remove());

// A window with the sandbox and context isolation switched off: what the scan exists to catch.
mkdirSync(join(fixture.path, 'src'));
writeFileSync(
  join(fixture.path, 'src', 'main.js'),
  `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });
win.loadURL('https://example.com');
`,
);

// Each run of the tool waits out its network look-ups (translations, Electron releases) offline.
describe('npm run security', { timeout: 90_000 }, () => {
  it('fails on a finding the accepted list does not name, and names it', async () => {
    writeFileSync(join(fixture.path, 'none.json'), JSON.stringify({ accepted: [] }));
    const r = await scan(fixture.path, ['--accepted', 'none.json', 'src']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NEW\s+CONTEXT_ISOLATION_JS_CHECK src\/main\.js:2/);
    expect(r.stdout).toMatch(/NEW\s+SANDBOX_JS_CHECK src\/main\.js:2/);
    expect(r.stdout).toContain('new finding(s)');
  });

  it('passes the repository’s own sources with the checked-in list', async () => {
    const r = await scan(ROOT, ['src']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No new findings');
    expect(r.stdout).not.toContain('NEW ');
  });
});

describe('the accepted list', () => {
  it('wants a check, a file and a reason for every entry', () => {
    const file = join(fixture.path, 'no-reason.json');
    writeFileSync(file, JSON.stringify({ accepted: [{ check: 'PRELOAD_JS_CHECK', file: 'src/main/index.ts' }] }));
    expect(() => readAccepted(file)).toThrow(/accepted\[0\] needs a non-empty "reason"/);
  });

  it('matches by check and file, and by message when the entry gives one', () => {
    const finding = { check: 'CSP_GLOBAL_CHECK', file: 'src/renderer/index.html', message: 'vulnerable', line: 6 };
    expect(isAcceptedBy(finding, { check: 'CSP_GLOBAL_CHECK', file: 'src/renderer/index.html' })).toBe(true);
    expect(isAcceptedBy(finding, { check: 'CSP_GLOBAL_CHECK', file: 'src/renderer/index.html', message: 'x' })).toBe(
      false,
    );
    expect(isAcceptedBy(finding, { check: 'CSP_GLOBAL_CHECK', file: 'out/renderer/index.html' })).toBe(false);
    expect(isAcceptedBy(finding, { check: 'PRELOAD_JS_CHECK', file: 'src/renderer/index.html' })).toBe(false);
  });

  it('lists only entries with a reason, for files in src/ or out/', () => {
    const entries = readAccepted(join(ROOT, 'security', 'electronegativity-accepted.json'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.file).toMatch(/^(src|out)\//);
      expect(entry.reason.length).toBeGreaterThan(40);
    }
  });
});
