import { stat } from 'node:fs/promises';
import { backfillThumbnails, type BackfillReport } from '../thumbnails/thumbnail-backfill';
import type { Library } from './library';
import { recordPathFor, recordsOf, writeImageRecords } from './library-records';

// What a crash or a kill can leave behind, put right at start (the app's resume, the CLI's
// `resume`): temp files of downloads nobody will finish, thumbnails that were never made (found
// through an index and made by the thumbnail workers, see thumbnail-backfill.ts; a thumbnail file
// that has gone is remade when the gallery asks for it), and image records (library-records.ts)
// that were not yet written. Nothing here is urgent, so it runs in the background and stops when
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
    // Read at once: the library may close before the files are all looked at.
    const images = library.repo.imageFilesWithDates();
    for (const image of images) {
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

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
