import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFileLogger } from '../../src/main/services/logging/node-logger';
import { createKnownSecrets } from '../../src/main/services/logging/redact';
import { tempDir } from '../helpers/library';

// The log file on disk: rotated at its size limit into numbered files, a bounded number kept,
// every line scrubbed on its way in, and the newest lines readable back for diagnostics.

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function logsDir(): string {
  const dir = tempDir('wan-logs-');
  cleanups.push(dir.remove);
  return path.join(dir.path, 'logs');
}

describe('the log file', () => {
  it('rotates at the size limit and keeps only the newest rotated files', () => {
    const folder = logsDir();
    const maxBytes = 4096;
    const logger = createNodeFileLogger({
      folder,
      fileName: 'main.log',
      secrets: createKnownSecrets(),
      maxBytes,
      keptFiles: 2,
    });
    // About 100 bytes a line: 200 lines is ~20 KB, enough for four rotations at 4 KB.
    for (let i = 0; i < 200; i++) logger.info(`line ${String(i).padStart(4, '0')}`, { padding: 'x'.repeat(40) });

    expect(readdirSync(folder).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    const line = 120;
    // electron-log checks before each write (and counts a new file's first line twice), so a file
    // is rotated within a line or two of the limit, never far past it.
    for (const name of ['main.log', 'main.1.log', 'main.2.log'])
      expect(statSync(path.join(folder, name)).size).toBeLessThanOrEqual(maxBytes + line);
    for (const name of ['main.1.log', 'main.2.log'])
      expect(statSync(path.join(folder, name)).size).toBeGreaterThan(maxBytes - 2 * line);
    const current = readFileSync(path.join(folder, 'main.log'), 'utf8');
    const previous = readFileSync(path.join(folder, 'main.1.log'), 'utf8');
    expect(current).toContain('line 0199');
    // Nothing lost or repeated at the seam: main.1.log ends right before main.log begins.
    const lastOfPrevious = Number(/line (\d{4})/.exec(previous.trim().split('\n').at(-1)!)![1]);
    const firstOfCurrent = Number(/line (\d{4})/.exec(current.split('\n')[0]!)![1]);
    expect(firstOfCurrent).toBe(lastOfPrevious + 1);
    // The oldest lines went with the file that fell off the end.
    expect(readFileSync(path.join(folder, 'main.2.log'), 'utf8')).not.toContain('line 0000');
  });

  it('gives back the newest lines in order, reaching into the rotated file', () => {
    const folder = logsDir();
    const logger = createNodeFileLogger({
      folder,
      fileName: 'main.log',
      secrets: createKnownSecrets(),
      maxBytes: 2048,
    });
    for (let i = 0; i < 60; i++) logger.warn(`entry ${i}`);
    const current = readFileSync(path.join(folder, 'main.log'), 'utf8').trim().split('\n');
    const recent = logger.recentLines(current.length + 5);
    expect(recent).toHaveLength(current.length + 5);
    expect(recent.at(-1)).toMatch(/\[warn\]\s+entry 59$/);
    expect(recent.map((l) => Number(/entry (\d+)/.exec(l)![1]))).toEqual(
      Array.from({ length: current.length + 5 }, (_, i) => 60 - current.length - 5 + i),
    );
  });

  it('writes no known key, whichever level or field carries it, and is readable by its owner only', () => {
    const folder = logsDir();
    const secrets = createKnownSecrets();
    const logger = createNodeFileLogger({ folder, fileName: 'main.log', secrets });
    secrets.add('saved-profile-key-0123456789');
    logger.error('upstream echoed saved-profile-key-0123456789', {
      headers: { Authorization: 'Bearer saved-profile-key-0123456789' },
      error: new Error('with saved-profile-key-0123456789 inside'),
    });
    logger.debug('debug lines are kept too');
    const text = readFileSync(path.join(folder, 'main.log'), 'utf8');
    expect(text).toContain('upstream echoed ***');
    expect(text).toContain('debug lines are kept too');
    expect(text).not.toContain('saved-profile-key-0123456789');
    if (process.platform !== 'win32') expect(statSync(path.join(folder, 'main.log')).mode & 0o077).toBe(0);
  });
});
