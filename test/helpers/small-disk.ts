import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real, small file system for "disk full" and "read-only" tests: a tmpfs mounted on a temp
// folder. Real ENOSPC and EROFS come from the kernel, not from a mock. As root `chmod` does not
// stop writes, so read-only is a read-only remount. Needs root (CI runs as root); without it the
// helper throws instead of letting a test pass without having tested anything.

export type SmallDisk = {
  /** The mount point: everything written under it counts against the disk's size. */
  path: string;
  /** Bytes still free for ordinary files. */
  freeBytes: () => number;
  /** Fills the disk until at most `leaveBytes` are free (one ballast file); returns its path. */
  fill: (leaveBytes?: number) => string;
  /** Removes the ballast `fill` wrote, giving the space back. */
  free: () => void;
  readOnly: () => void;
  readWrite: () => void;
  /** Unmounts and removes the mount point (idempotent). */
  unmount: () => void;
};

const BALLAST = '.small-disk-ballast';

export function mountSmallDisk(sizeBytes = 4 * 1024 * 1024, prefix = 'wan-small-disk-'): SmallDisk {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    throw new Error(
      'mountSmallDisk needs root to mount a tmpfs (CI runs as root); run this test as root, e.g. sudo npx vitest run <file>',
    );
  const path = mkdtempSync(join(tmpdir(), prefix));
  const mount = (options: string[]): void => void execFileSync('mount', options, { stdio: 'pipe' });
  try {
    mount(['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', path]);
  } catch (err) {
    rmSync(path, { recursive: true, force: true });
    throw new Error(`could not mount a tmpfs on ${path}: ${(err as Error).message}`, { cause: err });
  }
  let isMounted = true;
  const ballastDir = join(path, BALLAST);
  const freeBytes = (): number => {
    const s = statfsSync(path);
    return s.bavail * s.bsize;
  };
  return {
    path,
    freeBytes,
    fill: (leaveBytes = 0) => {
      mkdirSync(ballastDir, { recursive: true });
      // Several files: tmpfs refuses one large write as a whole once it does not fit.
      for (let k = 0; freeBytes() > leaveBytes; k++) {
        const chunk = Math.min(freeBytes() - leaveBytes, 1024 * 1024);
        try {
          writeFileSync(join(ballastDir, `fill-${k}`), Buffer.alloc(Math.max(chunk, 1)));
        } catch {
          break;
        }
      }
      return ballastDir;
    },
    free: () => rmSync(ballastDir, { recursive: true, force: true }),
    readOnly: () => mount(['-o', 'remount,ro', path]),
    readWrite: () => mount(['-o', 'remount,rw', path]),
    unmount: () => {
      if (!isMounted) return;
      isMounted = false;
      // Lazy: a child process killed a moment ago may still hold a file open there.
      execFileSync('umount', ['-l', path], { stdio: 'pipe' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
