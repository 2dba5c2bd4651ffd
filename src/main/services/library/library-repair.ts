import { stat } from 'node:fs/promises';
import { backfillThumbnails, type BackfillReport } from '../thumbnails/thumbnail-backfill';
import type { Library } from './library';
import { recordPathFor, recordsOf, writeImageRecords } from './library-records';

// What a crash or a kill can leave behind, put right at start (the app's resume, the CLI's
// `resume`): temp files of downloads nobody will finish, thumbnails that were never made (found
// through an index and made by the thumbnail workers, see thumbnail-backfill.ts; a thumbnail file
// that has gone is remade when the gallery asks for it), and image records (library-records.ts)
// that were not yet written (looked for among the images added since the last pass). Nothing here is urgent, so it runs in the background and stops when
// the library closes.

export type RepairLogger = { warn: (message: string, data?: Record<string, unknown>) => void };

export type RepairReport = {
  tempRemoved: number;
  thumbnailsMade: number;
  thumbnailsFailed: number;
  recordsWritten: number;
};

export type Repair = {
  /** Settles (never rejects) when the repair has finished or was stopped. */
  done: Promise<RepairReport>;
  /** Stops after the current image and waits for it: call before closing the library. */
  stop: () => Promise<void>;
};

/** tmp/*.part older than an hour or whose writer is gone; cheap enough for every CLI start. */
export async function sweepTempFiles(library: Library, logger?: RepairLogger): Promise<number> {
  try {
    return await library.store.sweepTemp();
  } catch (err) {
    logger?.warn('Could not sweep the library’s temp files', { error: String(err) });
    return 0;
  }
}

export function repairLibrary(
  library: Library,
  logger?: RepairLogger,
  /** How missing thumbnails are made; the app passes its runner, which reports progress. */
  backfill: (signal: AbortSignal) => Promise<BackfillReport> = (signal) => backfillThumbnails(library, { signal }),
): Repair {
  let isStopping = false;
  const stopping = new AbortController();
  const report: RepairReport = { tempRemoved: 0, thumbnailsMade: 0, thumbnailsFailed: 0, recordsWritten: 0 };
  const run = async (): Promise<RepairReport> => {
    report.tempRemoved = await sweepTempFiles(library, logger);
    const thumbnails = await backfill(stopping.signal);
    report.thumbnailsMade = thumbnails.done;
    report.thumbnailsFailed = thumbnails.failed;
    for (const failure of thumbnails.failures) logger?.warn('Could not remake a thumbnail', { ...failure });
    // Records: only images added since the last pass (see recordsToCheck), never the whole library.
    for (const image of recordsToCheck(library)) {
      if (isStopping) break;
      const abs = library.store.absolute(image.path);
      if (!(await exists(abs))) continue; // nothing to make a record from
      if (!(await exists(recordPathFor(abs)))) {
        const written = await writeImageRecords(recordsOf(library, [image.id]), { isMissingOnly: true });
        report.recordsWritten += written.written;
      }
    }
    return report;
  };
  const done = run().catch((err: unknown) => {
    logger?.warn('The library repair stopped early', { error: String(err) });
    return report;
  });
  return {
    done,
    stop: async () => {
      isStopping = true;
      stopping.abort();
      await done;
    },
  };
}

/**
 * Where the last records pass ended: the rowid of the last image it looked at (settings key).
 * Records are written as each commit lands (library.ts), so one can be missing only for an image
 * committed just before a crash — an image added since the last pass. Walking from the mark keeps
 * every start's cost to what was added since, on a library of millions. A library without a mark
 * (made before it existed) gets its newest RECORDS_FIRST_PASS images looked at once.
 */
const RECORDS_MARK = 'repair.recordsCheckedRowid';
const RECORDS_FIRST_PASS = 10_000;
const RECORDS_PAGE = 500;

type RecordsImage = { rowid: number; id: string; path: string };

function* recordsToCheck(library: Library): Generator<RecordsImage> {
  const { db } = library;
  const mark = db.prepare('SELECT value FROM settings WHERE key = ?').get(RECORDS_MARK) as
    { value: string } | undefined;
  let after = mark
    ? Number(mark.value)
    : Math.max(
        0,
        ((db.prepare('SELECT max(rowid) AS top FROM images').get() as { top: number | null }).top ?? 0) -
          RECORDS_FIRST_PASS,
      );
  const page = db.prepare('SELECT rowid, id, path FROM images WHERE rowid > ? ORDER BY rowid LIMIT ?');
  for (;;) {
    if (!db.open) return;
    // A page is read whole (and the statement finished) before any await, so closing is safe.
    const rows = page.all(after, RECORDS_PAGE) as RecordsImage[];
    if (rows.length === 0) return;
    yield* rows;
    after = rows.at(-1)!.rowid;
    // Reached only when the whole page was looked at (a stop mid-page looks at it again next time).
    if (db.open) saveRecordsMark(library, after);
  }
}

function saveRecordsMark(library: Library, rowid: number): void {
  library.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(RECORDS_MARK, String(rowid));
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
