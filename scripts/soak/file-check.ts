import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Half files: anything under a real name that is not whole. Temp names are where unfinished
// bytes are allowed to be; they are counted apart, as leftovers a later sweep may remove.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

export type FileRecord = { bytes: number; sha256: string };
export type FileScan = {
  /** Files under real names that were checked. */
  files: number;
  halfFiles: Array<{ path: string; reason: string }>;
  leftovers: string[];
};

/** Why these bytes are not a complete image of their kind, or null when they are. */
export function incompleteImageReason(bytes: Buffer, ext: string): string | null {
  switch (ext.toLowerCase()) {
    case '.png':
      if (bytes.length < PNG_SIGNATURE.length + PNG_IEND.length || !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
        return 'no PNG signature';
      return bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND) ? null : 'PNG without IEND at its end';
    case '.jpg':
    case '.jpeg':
      if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'no JPEG start marker';
      return bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9 ? null : 'JPEG without EOI';
    case '.webp':
      if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP')
        return 'no RIFF/WEBP header';
      return bytes.readUInt32LE(4) + 8 === bytes.length
        ? null
        : `WebP of ${bytes.length} bytes, header says ${bytes.readUInt32LE(4) + 8}`;
    default:
      return null;
  }
}

export function isTempName(name: string): boolean {
  return name.endsWith('.part') || name.endsWith('.wan-part') || name.includes('.wan-partial-');
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Why a file under a real name is not whole (its kind, and its record when one says what it must be). */
function halfReason(abs: string, record: FileRecord | undefined): string | null {
  const ext = path.extname(abs).toLowerCase();
  if (!['.png', '.jpg', '.jpeg', '.webp', '.json'].includes(ext) && !record) return null;
  const bytes = readFileSync(abs);
  if (record && bytes.length !== record.bytes) return `${bytes.length} bytes, the record says ${record.bytes}`;
  if (record && sha256Of(bytes) !== record.sha256) return 'sha256 differs from the record';
  if (ext === '.json') {
    try {
      JSON.parse(bytes.toString('utf8'));
      return null;
    } catch {
      return 'JSON that does not parse';
    }
  }
  return incompleteImageReason(bytes, ext);
}

/**
 * Every file under `root`. `tempDirs` are folders (relative to root) whose whole content is
 * temporary (a library's tmp/). `records` maps absolute paths to the size and sha256 a database
 * says the file has.
 */
export function scanFolder(
  root: string,
  options: { tempDirs?: readonly string[]; records?: ReadonlyMap<string, FileRecord> } = {},
): FileScan {
  const scan: FileScan = { files: 0, halfFiles: [], leftovers: [] };
  const tempDirs = new Set((options.tempDirs ?? []).map((d) => path.join(root, d)));
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (isTempName(entry.name)) {
        scan.leftovers.push(abs);
        continue;
      }
      if (entry.isDirectory()) {
        if (tempDirs.has(abs)) {
          for (const inner of readdirSync(abs)) scan.leftovers.push(path.join(abs, inner));
          continue;
        }
        walk(abs);
        continue;
      }
      if (!entry.isFile()) continue;
      scan.files++;
      const reason = halfReason(abs, options.records?.get(abs));
      if (reason) scan.halfFiles.push({ path: abs, reason });
    }
  };
  walk(root);
  return scan;
}

export function mergeScans(scans: readonly FileScan[]): FileScan {
  return {
    files: scans.reduce((sum, s) => sum + s.files, 0),
    halfFiles: scans.flatMap((s) => s.halfFiles),
    leftovers: scans.flatMap((s) => s.leftovers),
  };
}

export function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}
