import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PHASES } from '../../scripts/soak/plan';
import type { SoakReport } from '../../scripts/soak/report';

// The short soak CI runs through `npm test`: 20 SIGKILLs of the real CLI at every phase, then
// the same checks as `npm run soak` (README "Soak"). About 70 s on an idle two-core machine.

const ROOT = path.join(import.meta.dirname, '..', '..');
const TIMEOUT_MS = 240_000;
let stop: (() => void) | undefined;

afterAll(() => stop?.());

function runSoak(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'soak.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The soak stops its simulator and CLI processes on SIGTERM.
  stop = () => child.exitCode === null && child.kill('SIGTERM');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('soak (short)', () => {
  it(
    '20 kills at every phase: nothing lost, no duplicate create, no half file, integrity ok',
    async () => {
      const { code, stdout, stderr } = await runSoak(['--kills', '20', '--seed', '20', '--json']);
      const report = JSON.parse(stdout) as SoakReport;
      // The findings behind any failed target, so a failure says what was lost or broken.
      const failures = report.problems.filter((p) =>
        /^(lost|duplicate|half file|integrity|a finished|a folder|not in the import)/.test(p),
      );
      expect(failures, stderr.slice(-2000)).toEqual([]);
      expect(report.kills.total).toBe(20);
      for (const phase of PHASES) expect(report.kills.byAimed[phase], phase).toBeGreaterThanOrEqual(1);
      expect(report.images.expected).toBeGreaterThan(0);
      expect(report.images).toMatchObject({ lost: 0, onDisk: report.images.expected });
      expect(report.duplicateCreates).toBe(0);
      expect(report.halfFiles).toBe(0);
      expect(report.integrity.ok).toBe(true);
      expect(report.exports.missingFiles + report.backups.missingFiles + report.imports.missingFiles).toBe(0);
      expect(report.ok).toBe(true);
      expect(code).toBe(0);
    },
    TIMEOUT_MS,
  );
});
